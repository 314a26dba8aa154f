package e2e_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// visible is a page's text as a person reads it: no tags, no attributes.
func visible(page string) string {
	page = regexp.MustCompile(`(?s)<script.*?</script>`).ReplaceAllString(page, " ")
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, ""))
}

func mustShow(t *testing.T, what, page string, want ...string) {
	t.Helper()
	text := visible(page)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not show %q: %.3000s", what, w, text)
		}
	}
}

func mustNotShow(t *testing.T, what, page string, unwanted ...string) {
	t.Helper()
	text := visible(page)
	for _, w := range unwanted {
		if strings.Contains(text, w) {
			t.Errorf("%s shows %q: %.3000s", what, w, text)
		}
	}
}

// TestApplicantIsToldWhy: the applicant's case page names the case, asks
// for a supplement by name with the date to answer by and confirms the
// answer; a refusal gives its reasons, legal basis and remedies, an
// extension its reason; the timeline is the applicant's own story; a
// finished case counts no days; issued licences are linked and verify by
// number; withdrawal asks to confirm first; and at a phone's width no
// page of theirs runs off the screen.
func TestApplicantIsToldWhy(t *testing.T) {
	s := startSystem(t)
	li, health, sup := s.login("li-na"), s.login("reviewer-health"), s.login("supervisor")
	page := s.browse(t, "li-na")
	codes := []string{"birth-certificate", "reviewer-health", "health", "child.sex", "li-na", "(system)", "system"}

	refused := s.newbornCase(li, "told-refused")
	bc := "/api/v1/tasks/" + taskID(refused, "birth-certificate")
	s.must(200, s.call("POST", bc+"/claim", health, nil))
	s.must(200, s.call("POST", bc+"/decision", health, map[string]any{"decision": "supplement", "comment": "请核对性别",
		"missing": []map[string]string{{"kind": "field", "key": "child.sex", "reason": "与出生记录不符"}}}, "Idempotency-Key", "ask"))
	s.waitCase(li, refused, "the supplement request", func(c map[string]any) bool { return c["status"] == "awaiting_supplement" })
	asked := page.get("/cases/"+refused, 200)
	mustShow(t, "the supplement request", asked, "办件编号", refused, "性别：与出生记录不符", "请于", "前提交补正")
	mustNotShow(t, "the supplement request", asked, codes...)
	if !strings.Contains(asked, `<select id="f-child.sex" name="child.sex"`) {
		t.Errorf("the asked choice field is not a choice: %.2000s", asked)
	}
	answered := page.post("/cases/"+refused+"/supplement", url.Values{"task_id": {taskID(refused, "birth-certificate")},
		"key": {field(t, asked, "key")}, "child.sex": {"男"}}, 200)
	mustShow(t, "the answer's confirmation", answered, "补正已提交")

	s.must(200, s.call("POST", bc+"/extend", sup, map[string]any{"days": 3, "reason": "需向出生医院核实"}))
	s.must(200, s.call("POST", bc+"/decision", health, map[string]any{"decision": "reject", "comment": "出生信息与医院记录不符"},
		"Idempotency-Key", "reject"))
	s.waitCase(li, refused, "completion", func(c map[string]any) bool { return c["status"] == "completed" })
	done := page.get("/cases/"+refused, 200)
	mustShow(t, "the refused case", done, "不予许可的理由", "出生信息与医院记录不符", "法律依据", "《中华人民共和国行政许可法》第三十八条第二款",
		"行政复议", "60 日", "上海市浦东新区人民政府", "行政诉讼", "6 个月", "上海市浦东新区人民法院",
		"延长 3 个工作日：需向出生医院核实", "卫生健康委员会", "已办结")
	mustNotShow(t, "the refused case", done, append(codes, "剩余", "认领", "受理审查", "提醒")...)

	t.Run("IssuedLicenceLinkedAndVerifiedByNumber", func(t *testing.T) {
		approved := s.newbornCase(li, "told-approved")
		s.approve(health, approved, "birth-certificate")
		s.waitCase(li, approved, "the licence", func(c map[string]any) bool { return countEvents(c, "licence_issued") == 1 })
		var number, id string
		for _, l := range s.must(200, s.call("GET", "/api/v1/licences", li, nil)).body["licences"].([]any) {
			if lic := l.(map[string]any); lic["case_id"] == approved {
				number, id = lic["number"].(string), lic["id"].(string)
			}
		}
		casePage := page.get("/cases/"+approved, 200)
		if !strings.Contains(casePage, `href="/licences#licence-`+id+`"`) {
			t.Errorf("the case page does not link licence %s: %.2000s", id, visible(casePage))
		}
		licences := page.get("/licences", 200)
		mustShow(t, "我的证照", licences, "出生医学证明", number)
		mustNotShow(t, "我的证照", licences, "birth-certificate")

		anonymous := &browser{t: t, s: s, http: &http.Client{}}
		verified := anonymous.get("/verify?number="+url.QueryEscape(number), 200)
		if !strings.Contains(verified, "verdict-ok") {
			t.Errorf("no green verdict: %.1500s", verified)
		}
		mustShow(t, "the verification", verified, "有效", "出生医学证明", number, "有效期", "年", "母亲身份证号码", "310101********5513")
		mustNotShow(t, "the verification", verified, "310101198702145513", "birth-certificate")
		if v := s.must(200, s.call("GET", "/api/v1/verify?number="+url.QueryEscape(number), "", nil)).body; v["valid"] != true {
			t.Errorf("the API's verification by number: %v", v)
		}
		mustShow(t, "an unknown number", anonymous.get("/verify?number=NO-SUCH-1", 404), "没有编号为 NO-SUCH-1 的证照")
		s.must(404, s.call("GET", "/api/v1/verify?number=NO-SUCH-1", "", nil))
	})

	t.Run("WithdrawalAsksToConfirm", func(t *testing.T) {
		open := s.newbornCase(li, "told-withdraw")
		mustShow(t, "the open case", page.get("/cases/"+open, 200), "剩余", "撤回申请")
		if empty := page.post("/cases/"+open+"/withdraw", url.Values{"reason": {""}}, 422); !strings.Contains(empty, `aria-invalid="true"`) {
			t.Errorf("an empty reason is not marked: %.1500s", empty)
		}
		confirm := page.post("/cases/"+open+"/withdraw", url.Values{"reason": {"信息填错，重新申请"}}, 200)
		mustShow(t, "the confirm step", confirm, "确认撤回这份申请？", "信息填错，重新申请")
		if c := s.must(200, s.call("GET", "/api/v1/cases/"+open, li, nil)).body; c["status"] != "in_review" {
			t.Fatalf("withdrawn before confirming: %v", c["status"])
		}
		withdrawn := page.post("/cases/"+open+"/withdraw", url.Values{"reason": {"信息填错，重新申请"}, "confirm": {"yes"}}, 200)
		mustShow(t, "the withdrawn case", withdrawn, "申请已撤回")
		s.waitCase(li, open, "withdrawal", func(c map[string]any) bool { return c["status"] == "withdrawn" })
	})

	t.Run("PhoneWidth", func(t *testing.T) {
		ctx := openBrowser(t, "li-na")
		run(t, ctx, "sign in", signIn(s, "li-na"))
		for _, path := range []string{"/cases", "/cases/" + refused, "/licences", "/notifications", "/verify"} {
			run(t, ctx, "open "+path, chromedp.Navigate(s.base+path))
			if fits := read(t, ctx, "measure "+path, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= innerWidth`)); !fits {
				t.Errorf("%s is wider than a phone", path)
			}
		}
	})
}
