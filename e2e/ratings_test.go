package e2e_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban"
)

// TestRatingAcceptance is issue 19's 好差评 loop in real browsers at a
// phone's width: an applicant rates her completed case 非常不满意; the
// bundle's lead department's rectification is on the supervisors' board
// with its 15-working-day clock, listed as a named bad rating not yet
// followed up; the department records its call-back and its fix; she is
// asked and confirms she is satisfied. Other applicants and departments
// are refused throughout, and the figures read the hand-computed values.
func TestRatingAcceptance(t *testing.T) {
	s := startSystem(t)
	tuesday := time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(tuesday)
	li := s.login("li-na")
	caseID := s.newbornCase(li, "rating-case")
	s.driveToCompletion(li, caseID)

	b := openBrowser(t, "applicant")
	form := `#rate-` + caseID
	run(t, b, "a rating without its overall level is refused with one summary", signIn(s, "li-na"),
		chromedp.Navigate(s.base+"/cases/"+caseID),
		chromedp.WaitVisible(chromedp.CSS(form)),
		markPage(), chromedp.Click(chromedp.CSS(form+` button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert a[href="#f-indicators.overall"]`)))
	run(t, b, "the applicant rates her case 非常不满意",
		chromedp.Navigate(s.base+"/cases/"+caseID),
		chromedp.WaitVisible(chromedp.CSS(form)),
		chromedp.Click(chromedp.CSS(form+` input[name=ind-overall][value="1"]`)),
		chromedp.Click(chromedp.CSS(form+` input[name=ind-efficiency][value="2"]`)),
		chromedp.SendKeys(chromedp.CSS(form+` textarea[name=comment]`), "出生医学证明跑了三趟"),
		markPage(), chromedp.Click(chromedp.CSS(form+` button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`#notice`)))
	loc := read(t, b, "the rating's address", chromedp.Location())
	id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], s.base+"/ratings/")
	if !strings.HasPrefix(id, "rt-") {
		t.Fatalf("landed on %s", loc)
	}
	rect := "rc-" + strings.TrimPrefix(id, "rt-")
	page := stripTags(read(t, b, "the rating page", chromedp.OuterHTML(chromedp.CSS(`main`))))
	for _, want := range []string{"非常不满意", "办事效率", "不满意", "待回访核实", "实名"} {
		if !strings.Contains(page, want) {
			t.Errorf("the rating page lacks %q: %.800s", want, page)
		}
	}

	boss := openBrowser(t, "supervisor")
	run(t, boss, "the rectification is on the board with its clock, the named rating not yet followed up", signIn(s, "supervisor"),
		chromedp.Navigate(s.base+"/board"),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="rectifications"]//li[@data-rectification="`+rect+`"][contains(., "剩余 15 个工作日")][contains(., "卫生健康委员会")]`)),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="not-followed-up"]//li[@data-rectification="`+rect+`"]`)))

	t.Run("ErrForbidden", func(t *testing.T) {
		zhang, fire, health := s.login("zhang-wei"), s.login("reviewer-fire"), s.login("reviewer-health")
		if r := s.call("GET", "/api/v1/ratings/"+id, zhang, nil); r.status != 404 {
			t.Errorf("another applicant reads the rating: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/ratings/"+id+"/answer", zhang, map[string]any{"satisfied": true}); r.status != 404 {
			t.Errorf("another applicant answers: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/ratings", zhang, map[string]any{"target": "case", "case": caseID,
			"indicators": map[string]int{"overall": 5}}); r.status != 404 {
			t.Errorf("another applicant rates the case: %d %s", r.status, r.raw)
		}
		for who, tok := range map[string]string{"another department": fire, "the applicant": li} {
			if r := s.call("POST", "/api/v1/staff/rectifications/"+rect+"/call-back", tok, map[string]any{"reached": true, "found": "x"}); r.status != 403 {
				t.Errorf("%s records the call-back: %d %s", who, r.status, r.raw)
			}
		}
		if r := s.call("GET", "/api/v1/staff/rectifications/"+rect, fire, nil); r.status != 403 {
			t.Errorf("another department reads the rectification: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/staff/rating-appeals/ap-x/decision", health, map[string]any{"uphold": true, "reason": "r"}); r.status != 403 {
			t.Errorf("a reviewer decides an appeal: %d", r.status)
		}
		s.browse(t, "zhang-wei").get("/ratings/"+id, 404)
		s.browse(t, "reviewer-fire").get("/staff/rectifications/"+rect, 403)
	})

	s.clock.Set(tuesday.Add(48 * time.Hour)) // Thursday
	dept := openBrowser(t, "department")
	run(t, dept, "the department records its call-back", signIn(s, "reviewer-health"),
		chromedp.Navigate(s.base+"/staff/ratings"),
		chromedp.WaitVisible(chromedp.Search(`//ul[@id="rectifications"]//li[@data-rectification="`+rect+`"][contains(., "剩余 13 个工作日")]`)),
		chromedp.Navigate(s.base+"/staff/rectifications/"+rect),
		chromedp.WaitVisible(chromedp.CSS(`#call-back`)),
		chromedp.Click(chromedp.CSS(`#call-back input[name=reached][value="1"]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-found`), "已电话联系李女士：出生医学证明窗口预约号源不足"),
		markPage(), chromedp.Click(chromedp.CSS(`#call-back button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`#notice`)),
		chromedp.WaitVisible(chromedp.CSS(`#fix`)))
	run(t, dept, "the department records its fix",
		chromedp.SendKeys(chromedp.CSS(`#f-fix`), "增加周六预约号源，材料可网上预审"),
		markPage(), chromedp.Click(chromedp.CSS(`#fix button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.Search(`//dd[@id="rect-status"][contains(., "待群众确认")]`)))
	// Two days on, the sessions signed in on Tuesday have expired.
	run(t, boss, "the fixed rectification leaves the board", signIn(s, "supervisor"),
		chromedp.Navigate(s.base+"/board"),
		chromedp.WaitVisible(chromedp.CSS(`#board-views`)),
		chromedp.WaitNotPresent(chromedp.CSS(`li[data-rectification="`+rect+`"]`)))

	run(t, b, "the applicant confirms she is satisfied", signIn(s, "li-na"),
		chromedp.Navigate(s.base+"/ratings/"+id),
		chromedp.WaitVisible(chromedp.Search(`//dd[@id="rect-fix"][contains(., "周六")]`)),
		chromedp.Click(chromedp.CSS(`#answer input[name=satisfied][value="1"]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-words`), "谢谢"),
		markPage(), chromedp.Click(chromedp.CSS(`#answer button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.Search(`//dd[@id="rect-answer"][contains(., "满意")]`)),
		chromedp.WaitVisible(chromedp.Search(`//strong[@id="rect-status"][contains(., "已闭环")]`)))

	// One named 非常不满意, called back, fixed and answered: the city's
	// and the health department's figures; none for fire.
	q := url.Values{"from": {"2026-03-01T00:00:00+08:00"}, "to": {"2026-04-01T00:00:00+08:00"}}
	sup := s.login("supervisor")
	f := s.must(200, s.call("GET", "/api/v1/ratings/figures?"+q.Encode(), sup, nil)).body
	want := map[string]float64{"total": 1, "bad": 1, "rectified": 1, "named_bad": 1, "named_followed_up": 1, "excluded": 0, "appeals_pending": 0}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("figure %s = %v, want %v (%v)", k, f[k], v, f)
		}
	}
	if levels := f["levels"].([]any); levels[0] != float64(1) || levels[4] != float64(0) {
		t.Errorf("levels %v, want one 非常不满意", levels)
	}
	q.Set("department", "fire")
	if f := s.must(200, s.call("GET", "/api/v1/ratings/figures?"+q.Encode(), sup, nil)).body; f["total"] != float64(0) {
		t.Errorf("fire's figures %v, want none", f)
	}
	if r := s.call("GET", "/api/v1/ratings/figures?"+q.Encode(), s.login("li-na"), nil); r.status != 403 {
		t.Errorf("an applicant reads the figures: %d", r.status)
	}

	// The department appeals; a reviewer cannot decide it; the supervisor
	// upholds it and the rating leaves the figures, kept.
	health := s.browse(t, "reviewer-health")
	refused := health.post("/staff/ratings/"+id+"/appeal", url.Values{"reason": {"与本部门无关"}}, 400)
	if !strings.Contains(refused, `href="#f-evidence-`+id+`"`) || !strings.Contains(refused, `id="f-evidence-`+id+`" name="evidence" rows="2" aria-invalid="true"`) {
		t.Errorf("the refused appeal does not point at its evidence: %.1200s", stripTags(refused))
	}
	health.post("/staff/ratings/"+id+"/appeal", url.Values{"reason": {"号源由医院安排，非本部门服务"}, "evidence": {"医院预约系统说明"}}, 200)
	appeal := "ap-" + strings.TrimPrefix(id, "rt-")
	health.post("/staff/appeals/"+appeal+"/decision", url.Values{"outcome": {"uphold"}, "reason": {"r"}}, 403)
	decided := s.browse(t, "supervisor").post("/staff/appeals/"+appeal+"/decision", url.Values{"outcome": {"uphold"}, "reason": {"确属医院安排"}}, 200)
	if !strings.Contains(stripTags(decided), "申诉成立") {
		t.Errorf("after deciding: %.800s", stripTags(decided))
	}
	q.Del("department")
	f = s.must(200, s.call("GET", "/api/v1/ratings/figures?"+q.Encode(), sup, nil)).body
	want = map[string]float64{"total": 0, "bad": 0, "excluded": 1, "appeals_upheld": 1}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("after the appeal, figure %s = %v, want %v (%v)", k, f[k], v, f)
		}
	}
}
