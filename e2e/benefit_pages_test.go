package e2e_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban"
)

// TestBenefitPages: 李娜 finds her newborn subsidy and her restaurant's
// employment subsidy in 我的待享 and answers on the page and through the
// API; nobody else reads or answers them; the public reads the publicity
// list with names masked, a signed-in resident objects on the page and
// the issuing department decides it, while another department is refused;
// the catalogue admin reads the dashboard; the pages pass axe at 390 px.
func TestBenefitPages(t *testing.T) {
	s := startSystem(t)
	// The clock stays put for the test, at the machine's now: each person
	// signs in once and their session lasts throughout.
	at := s.clock.Now().Truncate(time.Second)
	s.clock.Set(at)
	asked := haoban.BenefitFields{ConfirmBy: at.AddDate(0, 0, haoban.ConfirmDays)}
	newborn := s.seedBenefits(t, at, "newborn-childcare-subsidy",
		haoban.PolicyMatch{Beneficiary: liNaID, Kind: haoban.ForPersons, Name: "李娜", Amount: 3600,
			Facts: map[string]any{"birth.latest": "2026-11-01T00:00:00+08:00", "resident.address": "上海市浦东新区张杨路500号"}},
		haoban.PolicyMatch{Beneficiary: publicisedID, Kind: haoban.ForPersons, Name: "王小明", Amount: 3600,
			Facts: map[string]any{"birth.latest": "2026-10-20T00:00:00+08:00"}},
		haoban.PolicyMatch{Beneficiary: flaggedID, Kind: haoban.ForPersons, Name: "赵小红", Amount: 3600,
			Facts: map[string]any{"birth.latest": "2026-09-02T00:00:00+08:00"}})
	mine := s.moveBenefit(t, at, newborn[0], haoban.BenefitAsked, asked)
	public := s.moveBenefit(t, at, newborn[1], haoban.BenefitPublicity,
		haoban.BenefitFields{PublicityFrom: at, PublicityTo: at.AddDate(0, 0, 7)})
	flagged := s.moveBenefit(t, at, newborn[2], haoban.BenefitReview, haoban.BenefitFields{Reason: "信用记录显示严重失信，转人工复核"})
	employment := s.seedBenefits(t, at, "employment-subsidy",
		haoban.PolicyMatch{Beneficiary: liNaUSCC, Kind: haoban.ForEnterprises, Name: "上海好味餐饮有限公司", Amount: 3000,
			Facts: map[string]any{"insurance.new": 3.0, "insurance.employees": 12.0}})
	pledged := s.moveBenefit(t, at, employment[0], haoban.BenefitAsked, asked)

	liNa, zhangWei := s.login("li-na"), s.login("zhang-wei")
	t.Run("MineThroughTheAPI", func(t *testing.T) {
		got := s.must(200, s.call("GET", "/api/v1/me/benefits", liNa, nil)).body["benefits"].([]any)
		ids := map[string]bool{}
		for _, b := range got {
			ids[b.(map[string]any)["id"].(string)] = true
		}
		if len(got) != 2 || !ids[mine.ID] || !ids[pledged.ID] {
			t.Fatalf("li-na's benefits = %v, want her newborn subsidy and her restaurant's employment subsidy", ids)
		}
		if others := s.must(200, s.call("GET", "/api/v1/me/benefits", zhangWei, nil)).body["benefits"].([]any); len(others) != 0 {
			t.Fatalf("zhang-wei sees %d benefits that are not his", len(others))
		}
	})

	t.Run("ListAndCasePages", func(t *testing.T) {
		b := s.browse(t, "li-na")
		list := b.get("/benefits", 200)
		for _, want := range []string{"我的待享", "新生儿一次性育儿补贴", "小微企业吸纳就业补贴", "企业服务包", "待确认", "3600.00", "前确认领取"} {
			if !strings.Contains(list, want) {
				t.Errorf("/benefits lacks %q", want)
			}
		}
		if !strings.Contains(b.get("/policies/check", 200), `href="/benefits"`) {
			t.Error("the 政策体检 page does not link to 我的待享")
		}
		page := b.get("/benefits/"+mine.ID, 200)
		for _, want := range []string{"最近一次子女出生时间", "2026年11月1日", "卫生健康委员会", "确认领取", "放弃领取", "请受益人确认领取"} {
			if !strings.Contains(page, want) {
				t.Errorf("the case page lacks %q", want)
			}
		}
		for _, code := range []string{"birth.latest", "health", liNaID, "newborn-childcare-subsidy"} {
			if strings.Contains(stripTags(page), code) {
				t.Errorf("the case page shows the code %q", code)
			}
		}
	})

	var objection string
	t.Run("PublicityAndObjection", func(t *testing.T) {
		anon := &http.Client{Timeout: 10 * time.Second}
		resp, err := anon.Get(s.base + "/publicity/newborn-childcare-subsidy")
		if err != nil {
			t.Fatal(err)
		}
		page := readAll(t, resp)
		if resp.StatusCode != 200 || !strings.Contains(page, "王*明") || !strings.Contains(page, "3600.00") {
			t.Fatalf("the public publicity page: %d %.1500s", resp.StatusCode, page)
		}
		for _, secret := range []string{"王小明", publicisedID, "/objection"} {
			if strings.Contains(page, secret) {
				t.Errorf("the public page shows %q", secret)
			}
		}
		resp, err = anon.Get(s.base + "/publicity")
		if err != nil {
			t.Fatal(err)
		}
		index := readAll(t, resp)
		if resp.StatusCode != 200 || !strings.Contains(index, `href="/publicity/newborn-childcare-subsidy"`) ||
			!strings.Contains(index, "新生儿一次性育儿补贴") || !strings.Contains(index, "正在公示") {
			t.Fatalf("the public index of publicity lists: %d %.1500s", resp.StatusCode, index)
		}
		api := s.must(200, s.call("GET", "/api/v1/publicity/newborn-childcare-subsidy", "", nil))
		es := api.body["entries"].([]any)
		if len(es) != 1 || es[0].(map[string]any)["name"] != "王*明" || strings.Contains(string(api.raw), publicisedID) {
			t.Fatalf("the publicity API: %s", api.raw)
		}
		s.must(404, s.call("GET", "/api/v1/publicity/no-such-policy", "", nil))

		b := s.browse(t, "zhang-wei")
		if !strings.Contains(b.get("/publicity/newborn-childcare-subsidy", 200), "/objection") {
			t.Fatal("a signed-in resident finds no objection link")
		}
		form := "/publicity/newborn-childcare-subsidy/" + public.ID + "/objection"
		if !strings.Contains(b.get(form, 200), "王*明") {
			t.Fatal("the objection form does not name the masked entry")
		}
		short := postForm(t, b, form, url.Values{"reasons": {"不对"}}, 400)
		if !strings.Contains(short, `href="#f-reasons"`) || !strings.Contains(short, "不对") {
			t.Fatalf("a short objection shows no error summary linked to the reasons: %.2000s", short)
		}
		if !strings.Contains(postForm(t, b, form, url.Values{"reasons": {"据我所知，王小明的子女并非在本市出生，请核实。"}}, 200), "异议已提交") {
			t.Fatal("after objecting, the publicity page shows no confirmation")
		}
		b.get("/publicity/newborn-childcare-subsidy/"+mine.ID+"/objection", 404)
		// Whether someone has a case at all is nobody's business: a case
		// not in publicity reads as missing, as an unknown one does.
		reasons := map[string]string{"reasons": "据我所知，此人不符合条件，请核实。"}
		notListed := s.call("POST", "/api/v1/benefits/"+mine.ID+"/objections", zhangWei, reasons)
		unknown := s.call("POST", "/api/v1/benefits/bf-000000000000000000000000/objections", zhangWei, reasons)
		if notListed.status != 404 || unknown.status != 404 || notListed.body["error"].(map[string]any)["message"] !=
			unknown.body["error"].(map[string]any)["message"] {
			t.Fatalf("objecting to a case not in publicity: %d %s; to no case: %d %s", notListed.status, notListed.raw,
				unknown.status, unknown.raw)
		}

		work := s.must(200, s.call("GET", "/api/v1/staff/benefits", s.login("reviewer-health"), nil)).body
		obs := work["objections"].([]any)
		if len(obs) != 1 {
			t.Fatalf("the health department has %d objections, want 1", len(obs))
		}
		objection = obs[0].(map[string]any)["id"].(string)
		other := s.must(200, s.call("GET", "/api/v1/staff/benefits", s.login("reviewer-fire"), nil)).body
		if len(other["objections"].([]any)) != 0 {
			t.Fatal("another department sees the health department's objection")
		}
	})

	t.Run("OtherDepartmentRefused", func(t *testing.T) {
		fire := s.login("reviewer-fire")
		if r := s.call("POST", "/api/v1/objections/"+objection+"/decision", fire,
			map[string]any{"upheld": true, "finding": "核实"}); r.status != 403 {
			t.Fatalf("a reviewer of another department decides the objection: %d %s", r.status, r.raw)
		}
		if r := s.call("POST", "/api/v1/benefits/"+public.ID+"/review", fire,
			map[string]any{"approve": true, "reason": "核实"}); r.status != 403 {
			t.Fatalf("a reviewer of another department reviews the case: %d %s", r.status, r.raw)
		}
		if r := s.call("POST", "/api/v1/objections/"+objection+"/decision", liNa,
			map[string]any{"upheld": true, "finding": "核实"}); r.status != 403 {
			t.Fatalf("an applicant decides an objection: %d", r.status)
		}
		s.browse(t, "supervisor").get("/staff/benefits", 403)
	})

	t.Run("Accessible", func(t *testing.T) {
		codes, axe, dir := internalCodes(), axeSource(t), shotDir(t)
		for _, visit := range []struct {
			user  string
			pages []string
		}{
			{"li-na", []string{"/benefits", "/benefits/" + mine.ID, "/benefits/" + pledged.ID}},
			{"", []string{"/publicity", "/publicity/newborn-childcare-subsidy"}},
			{"zhang-wei", []string{"/publicity/newborn-childcare-subsidy", "/publicity/newborn-childcare-subsidy/" + public.ID + "/objection"}},
			{"reviewer-health", []string{"/staff/benefits", "/benefits/" + public.ID}},
			{"catalogue-admin", []string{"/admin/policies/newborn-childcare-subsidy/dashboard"}},
		} {
			name := visit.user
			if name == "" {
				name = "signed-out"
			}
			t.Run(name, func(t *testing.T) {
				ctx := openBrowser(t, name)
				if visit.user != "" {
					run(t, ctx, "sign in", signIn(s, visit.user))
				}
				run(t, ctx, "viewport", chromedp.EmulateViewport(390, 900))
				for i, p := range visit.pages {
					checkPage(t, ctx, s.base+p, codes, axe)
					savePage(t, ctx, dir, "benefit-"+name+"-"+strconv.Itoa(i)+"-390px")
				}
			})
		}
	})

	t.Run("PledgeAnsweredOnThePage", func(t *testing.T) {
		b := s.browse(t, "li-na")
		page := b.get("/benefits/"+pledged.ID, 200)
		if !strings.Contains(page, "告知承诺书") || !strings.Contains(page, `id="f-pledge"`) {
			t.Fatal("the pledge policy's case page has no 告知承诺 to accept")
		}
		refused := postForm(t, b, "/benefits/"+pledged.ID+"/answer", url.Values{"answer": {"confirm"}}, 400)
		if !strings.Contains(refused, `href="#f-pledge"`) || !strings.Contains(refused, `aria-invalid="true"`) {
			t.Fatalf("confirming without the pledge shows no error summary linked to the checkbox: %.2000s", refused)
		}
		done := postForm(t, b, "/benefits/"+pledged.ID+"/answer", url.Values{"answer": {"confirm"}, "pledge": {"yes"}}, 200)
		if !strings.Contains(done, "已确认领取") || !strings.Contains(done, "告知承诺书") {
			t.Fatalf("after confirming, the page shows no confirmation: %.2000s", done)
		}
		v := s.must(200, s.call("GET", "/api/v1/benefits/"+pledged.ID, liNa, nil)).body
		c := v["case"].(map[string]any)
		if c["status"] != "confirmed" || c["pledge_document"] == nil {
			t.Fatalf("after confirming on the page: status %v, pledge %v", c["status"], c["pledge_document"])
		}
		if !strings.Contains(done, "/verify/"+c["pledge_document"].(string)) {
			t.Error("the case page does not link to the signed pledge's verification")
		}
	})

	t.Run("OthersCannotReadOrAnswer", func(t *testing.T) {
		if r := s.call("GET", "/api/v1/benefits/"+mine.ID, zhangWei, nil); r.status != 404 {
			t.Fatalf("zhang-wei reads li-na's benefit: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/benefits/"+mine.ID+"/answer", zhangWei, map[string]bool{"confirm": false}); r.status != 404 {
			t.Fatalf("zhang-wei answers li-na's benefit: %d %s", r.status, r.raw)
		}
		s.browse(t, "zhang-wei").get("/benefits/"+mine.ID, 404)
		if r := s.call("POST", "/api/v1/benefits/"+mine.ID+"/answer", s.login("reviewer-health"), map[string]bool{"confirm": true}); r.status != 403 {
			t.Fatalf("a reviewer answers for the beneficiary: %d", r.status)
		}
		if r := s.call("GET", "/api/v1/benefits/"+mine.ID, s.login("reviewer-fire"), nil); r.status != 404 {
			t.Fatalf("a reviewer of another department reads the case: %d", r.status)
		}
	})

	t.Run("AnsweredThroughTheAPI", func(t *testing.T) {
		r := s.must(200, s.call("POST", "/api/v1/benefits/"+mine.ID+"/answer", liNa, map[string]bool{"confirm": true}))
		if r.body["status"] != "confirmed" {
			t.Fatalf("status after confirming = %v", r.body["status"])
		}
		v := s.must(200, s.call("GET", "/api/v1/benefits/"+mine.ID, liNa, nil)).body
		if v["can_answer"] != false || v["status_name"] != "已确认" {
			t.Fatalf("after confirming: can_answer %v, status %v", v["can_answer"], v["status_name"])
		}
	})

	t.Run("DepartmentDecidesOnThePage", func(t *testing.T) {
		b := s.browse(t, "reviewer-health")
		page := b.get("/staff/benefits", 200)
		if !strings.Contains(page, "并非在本市出生") || !strings.Contains(page, "王小明") || !strings.Contains(page, "严重失信") {
			t.Fatalf("the department's page lacks the objection: %.2000s", page)
		}
		if strings.Contains(page, "已超期") {
			t.Fatal("an objection filed today is marked overdue")
		}
		// Past its five working days the objection is marked overdue.
		s.clock.Set(at.AddDate(0, 0, 10))
		if !strings.Contains(s.browse(t, "reviewer-health").get("/staff/benefits", 200), "已超期") {
			t.Error("an objection past its five working days is not marked overdue")
		}
		s.clock.Set(at)
		b = s.browse(t, "reviewer-health") // a fresh session on the restored clock
		action := "/staff/objections/" + objection + "/decision"
		missing := postForm(t, b, action, url.Values{"finding": {"已核实出生医学证明"}}, 400)
		if !strings.Contains(missing, `href="#f-outcome-`+objection+`"`) {
			t.Fatalf("a decision without an outcome shows no error summary linked to it: %.2000s", missing)
		}
		if !strings.Contains(postForm(t, b, action, url.Values{"outcome": {"rejected"}, "finding": {"已核实出生医学证明，异议不成立"}}, 200), "异议已处理") {
			t.Fatal("after deciding, the page shows no confirmation")
		}
		health := s.login("reviewer-health")
		if !strings.Contains(b.get("/benefits/"+public.ID, 200), `href="/publicity/newborn-childcare-subsidy"`) {
			t.Error("the case page of a case in publicity does not link to the publicity list")
		}
		v := s.must(200, s.call("GET", "/api/v1/benefits/"+public.ID, health, nil)).body
		if v["case"].(map[string]any)["status"] != "publicity" {
			t.Fatalf("after the objection was rejected, the case is %v", v["case"].(map[string]any)["status"])
		}

		review := "/staff/benefits/" + flagged.ID + "/review"
		bare := postForm(t, b, review, url.Values{"outcome": {"approve"}}, 400)
		if !strings.Contains(bare, `href="#f-reason-`+flagged.ID+`"`) || !strings.Contains(bare, "赵小红") {
			t.Fatalf("a review without a reason shows no error summary linked to it: %.2000s", bare)
		}
		if !strings.Contains(postForm(t, b, review, url.Values{"outcome": {"approve"}, "reason": {"失信记录已于本月修复"}}, 200), "复核意见已提交") {
			t.Fatal("after reviewing, the page shows no confirmation")
		}
		v = s.must(200, s.call("GET", "/api/v1/benefits/"+flagged.ID, health, nil)).body
		if v["case"].(map[string]any)["status"] != "publicity" {
			t.Fatalf("after the review passed, the case is %v", v["case"].(map[string]any)["status"])
		}
	})

	t.Run("AdminRoutes", func(t *testing.T) {
		admin := s.login("catalogue-admin")
		d := s.must(200, s.call("GET", "/api/v1/admin/policies/newborn-childcare-subsidy/dashboard", admin, nil)).body
		if d["matched"] != 3.0 {
			t.Fatalf("dashboard matched = %v, want 3", d["matched"])
		}
		s.must(403, s.call("GET", "/api/v1/admin/policies/newborn-childcare-subsidy/dashboard", s.login("admin"), nil))
		rec := s.must(200, s.call("GET", "/api/v1/admin/benefits/reconcile?from=2026-12-01&to=2026-12-03", admin, nil)).body
		if rec["agree"] != true {
			t.Fatalf("reconciliation with nothing paid: %v", rec)
		}
		s.must(400, s.call("GET", "/api/v1/admin/benefits/reconcile?from=yesterday&to=2026-12-03", admin, nil))
		s.must(403, s.call("GET", "/api/v1/admin/benefits/reconcile?from=2026-12-01&to=2026-12-03", s.login("admin"), nil))
		s.must(409, s.call("POST", "/api/v1/admin/benefits/"+mine.ID+"/reverse", admin, map[string]string{"reason": "核查"}))
		s.must(403, s.call("POST", "/api/v1/admin/benefits/"+mine.ID+"/retry", s.login("reviewer-health"), map[string]string{"reason": "核查"}))
		page := s.browse(t, "catalogue-admin").get("/admin/policies/newborn-childcare-subsidy/dashboard", 200)
		for _, want := range []string{"运行情况", "已兑付占预算", "公示中"} {
			if !strings.Contains(page, want) {
				t.Errorf("the dashboard lacks %q", want)
			}
		}
		s.browse(t, "li-na").get("/admin/policies/newborn-childcare-subsidy/dashboard", 403)
	})

}
