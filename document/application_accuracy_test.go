package document_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
	"haoban/document"
)

// The plan's target: generated materials at least 95% accurate. Accuracy is
// measured as a reader sees it: each document is drawn, its text extracted
// by poppler's pdftotext, and every form value the template prints must be
// found there exactly as the applicant entered it, right after the words
// the template puts before it (so a value under the wrong label is a miss).
//
//	go test ./document -run TestApplicationAccuracy -count=1 -v
const (
	applicants  = 300 // per bundle with generated materials
	minAccuracy = 0.95
)

func TestApplicationAccuracy(t *testing.T) {
	bin := pdftotext(t)
	bundles := []haoban.Bundle{demo.OpenRestaurant(), demo.EnterpriseChange()}
	t.Run("DemoTemplates", func(t *testing.T) {
		found, expected, docs := measure(t, bin, bundles, applicants, nil)
		rate := float64(found) / float64(expected)
		t.Logf("generated materials: %d documents, %d of %d form values found exactly: accuracy %.4f", docs, found, expected, rate)
		if docs < 2*applicants || rate < minAccuracy {
			t.Fatalf("accuracy %.4f over %d documents, want at least %.2f", rate, docs, minAccuracy)
		}
	})
	// A template with one placeholder misspelt must score below the target:
	// the measure sees what a reader would.
	t.Run("CorruptedTemplateScoresLower", func(t *testing.T) {
		corrupt := func(m haoban.Material) string {
			keys := document.Placeholders(m.Template)
			return strings.Replace(m.Template, "{{"+keys[1]+"}}", "{{"+keys[1]+"_x}}", 1)
		}
		found, expected, docs := measure(t, bin, bundles, 50, corrupt)
		rate := float64(found) / float64(expected)
		t.Logf("with one placeholder misspelt per template: %d documents, accuracy %.4f", docs, rate)
		if rate >= minAccuracy {
			t.Fatalf("a corrupted template scored %.4f, at or above the %.2f target", rate, minAccuracy)
		}
	})
}

// measure draws every generated material of each bundle for n random
// applicants (the same ones on every run) and counts the values
// found. draw, if not nil, replaces the template drawn; the values expected
// always follow the material's own template.
func measure(t *testing.T, bin string, bundles []haoban.Bundle, n int, draw func(haoban.Material) string) (found, expected, docs int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(16, 95))
	path := filepath.Join(t.TempDir(), "application.pdf")
	for _, b := range bundles {
		for range n {
			form, typed := applicant(t, rng, b)
			for _, m := range b.Materials() {
				if !m.Generated() {
					continue
				}
				tpl := m.Template
				if draw != nil {
					tpl = draw(m)
				}
				pdf, err := document.RenderApplication(document.Application{Title: m.Name, Subtitle: b.Name,
					Lines: document.Fill(tpl, form), Pledge: m.Pledge, Confirmed: true, Applicant: "测试申请人",
					Date: time.Date(2026, 3, 3, 0, 0, 0, 0, haoban.Beijing)})
				if err != nil {
					t.Fatal(err)
				}
				text := extract(t, bin, path, pdf)
				for _, want := range expectations(m.Template, typed) {
					expected++
					if strings.Contains(text, want) {
						found++
					} else if docs < 3 && draw == nil {
						t.Logf("%s lacks %q", m.Name, want)
					}
				}
				docs++
			}
		}
	}
	return found, expected, docs
}

// pdftotext finds poppler's pdftotext or fails saying how to install it.
func pdftotext(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils) is not installed, and accuracy cannot be measured without it: "+
			"run `make pdf` (scripts/ensure-pdf.sh), or apt-get install poppler-utils: %v", err)
	}
	return bin
}

// extract is the document's text in reading order with the line breaks
// the layout made taken out, as a person reads a wrapped value as one.
func extract(t *testing.T, bin, path string, pdf []byte) string {
	t.Helper()
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-raw", "-q", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.NewReplacer("\n", "", "\f", "").Replace(string(out))
}

var placeholderAt = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}`)

// expectations are, for each placeholder of the template whose field was
// entered, the template's words before it on its line followed by the
// value as typed.
func expectations(template string, typed map[string]string) []string {
	var out []string
	for line := range strings.Lines(template) {
		line = strings.TrimPrefix(strings.TrimRight(line, "\n"), "# ")
		prev := 0
		for _, at := range placeholderAt.FindAllStringSubmatchIndex(line, -1) {
			before, key := line[prev:at[0]], line[at[2]:at[3]]
			prev = at[1]
			if v := typed[key]; v != "" {
				out = append(out, before+v)
			}
		}
	}
	return out
}

// applicant is a random valid form for the bundle and, for each field, the
// text the applicant typed or the choices as printed (joined with 、).
func applicant(t *testing.T, rng *rand.Rand, b haoban.Bundle) (map[string]any, map[string]string) {
	t.Helper()
	form, typed := map[string]any{}, map[string]string{}
	for _, f := range b.Fields() {
		if !f.Required && rng.IntN(3) == 0 {
			continue // optional fields are often left empty
		}
		v, text := value(rng, f)
		form[f.Key], typed[f.Key] = v, text
	}
	if err := b.ValidateForm(form); err != nil {
		t.Fatalf("generated an invalid applicant: %v %v", err, haoban.ErrorDetails(err))
	}
	return form, typed
}

// value is a random value of the field as the form holds it, and as typed.
func value(rng *rand.Rand, f haoban.Field) (any, string) {
	switch f.Type {
	case haoban.FieldNumber:
		s := strconv.Itoa(1 + rng.IntN(200000))
		if rng.IntN(2) == 0 {
			s = fmt.Sprintf("%d.%d", rng.IntN(5000), 1+rng.IntN(9))
		}
		n, _ := strconv.ParseFloat(s, 64)
		return n, s
	case haoban.FieldBool:
		if rng.IntN(2) == 0 {
			return true, "是"
		}
		return false, "否"
	case haoban.FieldChoice:
		o := pick(rng, f.Options)
		return o, o
	case haoban.FieldChoices:
		var list []any
		var names []string
		for _, o := range f.Options {
			if rng.IntN(2) == 0 || (len(names) == 0 && o == f.Options[len(f.Options)-1]) {
				list, names = append(list, o), append(names, o)
			}
		}
		return list, strings.Join(names, "、")
	case haoban.FieldIDNumber:
		birth := time.Date(1950+rng.IntN(55), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365))
		first := fmt.Sprintf("%s%s%03d", pick(rng, []string{"310101", "310104", "310115", "320102", "440305"}), birth.Format("20060102"), rng.IntN(1000))
		s := first + string(haoban.IDCheckChar(first))
		return s, s
	case haoban.FieldUSCC:
		const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
		first := "91" + pick(rng, []string{"310101", "310115", "310104"})
		for range 9 {
			first += string(alphabet[rng.IntN(len(alphabet))])
		}
		s := first + string(haoban.USCCCheckChar(first))
		return s, s
	case haoban.FieldPhone:
		s := fmt.Sprintf("1%d%09d", 3+rng.IntN(7), rng.IntN(1_000_000_000))
		return s, s
	case haoban.FieldDate:
		s := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365)).Format(time.DateOnly)
		return s, s
	case haoban.FieldAddress:
		s := address(rng)
		return s, s
	}
	s := text(rng, f.Key)
	return s, s
}

// text is realistic text for the demo's text fields by what they hold.
func text(rng *rand.Rand, key string) string {
	switch {
	case strings.HasSuffix(key, ".name") && strings.HasPrefix(key, "enterprise"):
		return company(rng)
	case strings.HasSuffix(key, "name") || key == "food.safety_manager":
		return person(rng)
	case key == "enterprise.scope":
		return strings.Join(some(rng, scopes, 1+rng.IntN(len(scopes))), "；")
	case key == "enterprise.shareholders":
		var list []string
		for range 1 + rng.IntN(4) {
			list = append(list, fmt.Sprintf("%s（认缴出资%d万元）", person(rng), 1+rng.IntN(500)))
		}
		return strings.Join(list, "、")
	}
	return string(some(rng, []rune("沿街立面东侧门头二层窗口上方亚克力不锈钢发光字"), 2+rng.IntN(12)))
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤欧阳")
	// given names include rare characters of real names (生僻字), one
	// outside the Basic Multilingual Plane (𠮷).
	given  = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国文辉鑫宇浩然子涵欣怡思远梓萱晨阳嘉琪佳慧志䶮𠮷堃喆赟昇甦犇淼燚")
	trades = []string{"餐饮管理", "餐饮", "食品", "小吃", "饮品", "商贸", "面馆", "火锅", "咖啡"}
	scopes = []string{"餐饮服务", "食品销售（仅销售预包装食品）", "餐饮管理", "外卖递送服务", "食品互联网销售", "日用百货销售",
		"会议及展览服务", "酒类经营", "烟草制品零售", "小餐饮", "organic food & beverage consulting", "技术服务、技术开发、技术咨询"}
	roads = []string{"张杨路", "世纪大道", "南京东路", "淮海中路", "漕溪北路", "陆家嘴环路", "肇嘉浜路", "长寿路"}
	areas = []string{"浦东新区", "黄浦区", "徐汇区", "静安区", "长宁区", "普陀区", "虹口区", "杨浦区"}
)

func person(rng *rand.Rand) string {
	if rng.IntN(15) == 0 {
		return pick(rng, []string{"Zhang Wei", "Mary Anne Smith", "O'Neil Chen"}) // a foreign legal representative
	}
	return string(surnames[rng.IntN(len(surnames))]) + string(some(rng, given, 1+rng.IntN(2)))
}

func company(rng *rand.Rand) string {
	name := string(some(rng, given, 2+rng.IntN(2)))
	if rng.IntN(10) == 0 {
		name = pick(rng, []string{"Blue Bottle ", "Good Taste 88 ", "Kitchen&Co "})
	}
	return "上海" + name + pick(rng, trades) + pick(rng, []string{"有限公司", "有限责任公司"})
}

func address(rng *rand.Rand) string {
	s := fmt.Sprintf("上海市%s%s%d号", pick(rng, areas), pick(rng, roads), 1+rng.IntN(2000))
	if rng.IntN(2) == 0 {
		s += fmt.Sprintf("%d层%d室", 1+rng.IntN(30), 100+rng.IntN(900))
	}
	return s
}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// some is n elements of list, each at most once, in a random order.
func some[T any](rng *rand.Rand, list []T, n int) []T {
	out := slices.Clone(list)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out[:min(n, len(out))]
}
