package document_test

import (
	"strings"
	"testing"

	"haoban"
	"haoban/document"
)

func sampleGrant(tb testing.TB) document.Grant {
	tb.Helper()
	return document.Grant{ID: "doc-1", Number: "沪HEALTH给〔2025〕1A2B3C4D号", PolicyName: "新生儿一次性育儿补贴",
		LegalBasis: []string{"《上海市人口与计划生育条例》", "《育儿补贴制度实施方案》"}, Name: "张伟",
		Code: "310115199001011234", Period: "2025", Amount: 12500, Account: "社会保障卡/310115199001011234",
		Department: "上海市卫生健康委员会", IssuedAt: issued, SealPNG: sealPNG(tb),
		VerifyURL: "https://haoban.example.gov.cn/verify/doc-1"}
}

func samplePledge(tb testing.TB) document.Pledge {
	tb.Helper()
	return document.Pledge{ID: "doc-2", PolicyName: "小微企业吸纳就业补贴",
		Text: "本单位新招用人员均已依法签订劳动合同并缴纳社会保险费。\n本单位未因同一事项重复领取补贴。",
		Name: holder, Code: "91310115MA1K4ABC2X", Enterprise: true, Signer: "张伟", Department: "上海市人力资源和社会保障局",
		SignedAt: issued, VerifyURL: "https://haoban.example.gov.cn/verify/doc-2"}
}

func TestRenderLetters(t *testing.T) {
	person := samplePledge(t)
	person.Name, person.Code, person.Enterprise, person.Signer = "张伟", "310115199001011234", false, "张伟"
	tests := []struct {
		name   string
		render func() ([]byte, error)
		want   []string
	}{
		{"Grant", func() ([]byte, error) { return document.RenderGrant(sampleGrant(t)) },
			[]string{"新生儿一次性育儿补贴给付决定书", "沪HEALTH给〔2025〕1A2B3C4D号", "张伟：", "根据《上海市人口与计划生育条例》、《育儿补贴制度实施方案》的规定",
				"人民币12,500.00元", "社会保障卡/310115199001011234", "特此决定", "上海市卫生健康委员会", "2025年3月14日",
				"haoban.example.gov.cn/verify/doc-1"}},
		{"PledgeOfEnterprise", func() ([]byte, error) { return document.RenderPledge(samplePledge(t)) },
			[]string{"告知承诺书", "小微企业吸纳就业补贴", "上海市人力资源和社会保障局：", "本单位未因同一事项重复领取补贴",
				"本单位已阅读并理解上述告知内容", "承诺单位：" + holder, "统一社会信用代码：91310115MA1K4ABC2X", "签署人：张伟",
				"签署日期：2025年3月14日"}},
		{"PledgeOfPerson", func() ([]byte, error) { return document.RenderPledge(person) },
			[]string{"本人已阅读并理解上述告知内容", "承诺人：张伟", "身份证号码：310115199001011234"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := tt.render()
			if err != nil {
				t.Fatal(err)
			}
			text, err := poppler(t, "pdftotext", pdf, "-enc", "UTF-8", "-raw", "-q", "PDF", "-")
			if err != nil {
				t.Fatalf("pdftotext: %v: %s", err, text)
			}
			flat := strings.Join(strings.Fields(text), "")
			for _, w := range tt.want {
				if !strings.Contains(flat, w) {
					t.Errorf("pdftotext output lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestRenderLettersErrors(t *testing.T) {
	t.Run("ErrGrantInvalid", func(t *testing.T) {
		g := sampleGrant(t)
		g.Amount, g.Account = 0, ""
		_, err := document.RenderGrant(g)
		if haoban.ErrorCode(err) != haoban.EINVALID || len(haoban.ErrorDetails(err)) != 2 {
			t.Fatalf("err = %v, want EINVALID with 2 details", err)
		}
	})
	t.Run("ErrPledgeInvalid", func(t *testing.T) {
		d := samplePledge(t)
		d.Text, d.Signer = " \n ", ""
		_, err := document.RenderPledge(d)
		if haoban.ErrorCode(err) != haoban.EINVALID || len(haoban.ErrorDetails(err)) != 2 {
			t.Fatalf("err = %v, want EINVALID with 2 details", err)
		}
	})
	t.Run("ErrGrantKindIsNoLicence", func(t *testing.T) {
		d := sample(t, document.KindGrant)
		_, err := document.Render(d)
		if details := haoban.ErrorDetails(err); len(details) != 1 || details[0].Field != "kind" {
			t.Fatalf("err = %v (%v), want one about kind", err, details)
		}
	})
}
