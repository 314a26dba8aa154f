package web

import (
	"strings"
	"testing"

	"haoban"
	"haoban/issuing"
)

// TestVerifyPageGrant renders the verification of a grant decision: the
// policy, the masked beneficiary, the amount and the status in words, and
// nothing of a licence.
func TestVerifyPageGrant(t *testing.T) {
	v := issuing.Verification{Valid: true, Reasons: []string{}, Document: &haoban.Document{Kind: "grant"},
		Benefit: &haoban.BenefitCase{PolicyName: "新生儿一次性育儿补贴", Name: "张小明", Beneficiary: "310115199001011234",
			Kind: haoban.ForPersons, Amount: 3600, Status: haoban.BenefitPaid}}
	v = v.Public()
	var out strings.Builder
	if err := pages["verify"].ExecuteTemplate(&out, "body", pageData{Verification: &v, Form: map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	html := out.String()
	for _, want := range []string{"给付决定书", "新生儿一次性育儿补贴", "张*明", "3600.00 元", "已兑付", "文书有效"} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q:\n%s", want, html)
		}
	}
	for _, not := range []string{"张小明", "310115199001011234", "证照类型"} {
		if strings.Contains(html, not) {
			t.Errorf("page shows %q", not)
		}
	}
}
