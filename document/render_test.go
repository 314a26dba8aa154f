package document_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"haoban"
	"haoban/document"
)

func TestRender(t *testing.T) {
	long := sample(t, document.KindLicence)
	long.ValidTo = nil
	for range 40 {
		long.Fields = append(long.Fields, document.Field{Label: "附加项目", Value: "预包装食品销售（含冷藏冷冻食品）"})
	}
	tests := []struct {
		name string
		d    document.Licence
		want []string
	}{
		{"Licence", sample(t, document.KindLicence),
			[]string{"食品经营许可证", number, holder, "91310115MA1K4ABC2X", "法定代表人", "张伟", "热食类食品制售",
				"2025年3月14日", "2030年3月13日", "上海市浦东新区市场监督管理局", "haoban.example.gov.cn/verify"}},
		{"Decision", sample(t, document.KindDecision),
			[]string{"准予行政许可决定书", decision, holder, "经审查，你单位申请的食品经营许可符合法定条件，决定准予行政许可。",
				"经营场所", "特此决定", "上海市浦东新区市场监督管理局"}},
		{"OKWithoutSealOrQR", func() document.Licence {
			d := sample(t, document.KindLicence)
			d.SealPNG, d.VerifyURL = nil, ""
			return d
		}(), []string{holder, number}},
		{"OKLongTermOverTwoPages", long, []string{"长期", "附加项目", "发证机关"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := render(t, tt.d)
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("output starts %q, not %%PDF-", pdf[:min(len(pdf), 8)])
			}
			text, err := poppler(t, "pdftotext", pdf, "-enc", "UTF-8", "-raw", "-q", "PDF", "-")
			if err != nil {
				t.Fatalf("pdftotext: %v: %s", err, text)
			}
			// Lines break where the layout wraps them; compare without.
			flat := strings.Join(strings.Fields(text), "")
			for _, w := range tt.want {
				if !strings.Contains(flat, strings.Join(strings.Fields(w), "")) {
					t.Errorf("pdftotext output lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	t.Run("ErrInvalid", func(t *testing.T) {
		d := sample(t, document.KindLicence)
		d.Number, d.HolderName = "", ""
		_, err := document.Render(d)
		if haoban.ErrorCode(err) != haoban.EINVALID || len(haoban.ErrorDetails(err)) != 2 {
			t.Fatalf("err = %v, want EINVALID with 2 details", err)
		}
	})
	t.Run("ErrSealNotPNG", func(t *testing.T) {
		d := sample(t, document.KindLicence)
		d.SealPNG = []byte("\xff\xd8\xff\xe0 not a png")
		if _, err := document.Render(d); haoban.ErrorField(err) != "seal_png" {
			t.Fatalf("err = %v, want one about seal_png", err)
		}
	})
	t.Run("ErrFontMissing", func(t *testing.T) {
		saved := document.FontPath
		t.Cleanup(func() { document.FontPath = saved })
		document.FontPath = "/nonexistent/font.ttf"
		_, err := document.Render(sample(t, document.KindLicence))
		if err == nil || !strings.Contains(err.Error(), "scripts/ensure-pdf.sh") {
			t.Fatalf("err = %v, want one naming scripts/ensure-pdf.sh", err)
		}
	})
}

// TestRenderConcurrent renders from several goroutines at once, as the
// worker does; run with -race it checks that the shared parsed font is
// only read.
func TestRenderConcurrent(t *testing.T) {
	d := sample(t, document.KindLicence)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := document.Render(d); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
