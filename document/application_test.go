package document_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/document"
)

func TestFill(t *testing.T) {
	form := map[string]any{"name": "上海好味餐饮有限公司", "capital": 1000000.0, "area": 12.5, "kinds": []any{"热食类", "冷食类"},
		"trap": true, "day": "2026-01-31", "note": "第一行\n第二行", "blank": ""}
	got := document.Fill("# 一、基本信息\n企业名称：{{name}}\n注册资本：{{ capital }} 万元\n面积：{{area}}\n项目：{{kinds}}\n"+
		"隔油：{{trap}}\n日期：{{day}}\n备注：{{note}}\n股东：{{blank}}{{missing}}\n", form)
	want := []string{"# 一、基本信息", "企业名称：上海好味餐饮有限公司", "注册资本：1000000 万元", "面积：12.5", "项目：热食类、冷食类",
		"隔油：是", "日期：2026-01-31", "备注：第一行 第二行", "股东：" + document.Unfilled + document.Unfilled}
	if !slices.Equal(got, want) {
		t.Fatalf("Fill =\n%q\nwant\n%q", got, want)
	}
	if keys := document.Placeholders("{{a.b}}：{{ c }}{{a.b}}"); !slices.Equal(keys, []string{"a.b", "c"}) {
		t.Fatalf("Placeholders = %q", keys)
	}
}

// application is an application with a long value and characters of
// people's names, one beyond U+FFFF.
func application(scope string) document.Application {
	return document.Application{Title: "公司登记申请书", Subtitle: "开办餐饮店 · 营业执照（设立登记）",
		Lines: []string{"# 一、企业基本信息", "企业名称：上海Blue Bottle咖啡有限公司", "法定代表人：王𠮷、刘䶮", "经营范围：" + scope,
			"本企业依照《中华人民共和国公司法》申请设立登记，提交材料真实有效，" + strings.Repeat("并对其真实性负责，", 12)},
		Pledge: "本人承诺所填报的住所真实存在。", Applicant: "李娜", Date: time.Date(2026, 3, 3, 9, 0, 0, 0, haoban.Beijing)}
}

func TestRenderApplication(t *testing.T) {
	long := strings.Repeat("餐饮服务；食品销售（仅销售预包装食品）；organic food and beverage consulting；", 60)
	for _, tc := range []struct {
		name  string
		a     document.Application
		want  []string
		pages int
	}{
		{"OK", application("餐饮服务"), []string{"公司登记申请书", "企业名称：上海Blue Bottle咖啡有限公司", "法定代表人：王𠮷、刘䶮",
			"告知承诺", "本人承诺所填报的住所真实存在。", "提交申请时须勾选确认", "申请人：李娜", "填表日期：2026年3月3日"}, 1},
		{"OKConfirmed", func() document.Application { a := application("餐饮服务"); a.Confirmed = true; return a }(),
			[]string{"已阅读并在线确认以上承诺"}, 1},
		{"OKLongValueOverPagesUncut", application(long), []string{"经营范围：" + long, "申请人：李娜"}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := document.RenderApplication(tc.a)
			if err != nil {
				t.Fatal(err)
			}
			checkXref(t, pdf)
			// No -q: a damaged file makes poppler complain on stderr.
			text, err := poppler(t, "pdftotext", pdf, "-enc", "UTF-8", "-raw", "PDF", "-")
			if err != nil || strings.Contains(text, "Error") {
				t.Fatalf("pdftotext: %v: %s", err, text)
			}
			if pages := strings.Count(text, "\f"); pages != tc.pages {
				t.Errorf("%d pages, want %d", pages, tc.pages)
			}
			flat := strings.NewReplacer("\n", "", "\f", "").Replace(text)
			for _, w := range tc.want {
				if !strings.Contains(flat, w) {
					t.Errorf("the text lacks %q:\n%s", w, text)
				}
			}
		})
	}
	t.Run("SameBytesEveryTime", func(t *testing.T) {
		one, err1 := document.RenderApplication(application("餐饮服务"))
		two, err2 := document.RenderApplication(application("餐饮服务"))
		if err1 != nil || err2 != nil || !bytes.Equal(one, two) {
			t.Fatalf("two drawings differ (%v, %v)", err1, err2)
		}
	})
	t.Run("ErrNoTitle", func(t *testing.T) {
		_, err := document.RenderApplication(document.Application{Lines: []string{"企业名称：x"}})
		if code := haoban.ErrorCode(err); code != haoban.EINVALID {
			t.Fatalf("error %v", err)
		}
	})
}

// checkXref checks that every offset the cross-reference table records
// points at its object, and startxref at the table, as a strict reader
// requires: the fix of the ToUnicode map moves them.
func checkXref(t *testing.T, pdf []byte) {
	t.Helper()
	start := regexp.MustCompile(`startxref\n(\d+)\n%%EOF`).FindSubmatch(pdf)
	if start == nil {
		t.Fatal("no startxref")
	}
	at, _ := strconv.Atoi(string(start[1]))
	if !bytes.HasPrefix(pdf[at:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d points at %q", at, pdf[at:min(at+10, len(pdf))])
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n`).FindAllSubmatch(pdf[at:], -1)
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Fatalf("object %d's offset %d points at %q", i+1, off, pdf[off:min(off+12, len(pdf))])
		}
	}
}
