package e2e_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// browser is a cookie-keeping client that signs in through the login page
// and submits the pages' forms with their CSRF token, as a browser does.
type browser struct {
	t    *testing.T
	s    *system
	http *http.Client
	csrf string
}

func (s *system) browse(t *testing.T, user string) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, s: s, http: &http.Client{Jar: jar}}
	page := b.get("/login", 200)
	b.csrf = field(t, page, "csrf")
	b.post("/login", url.Values{"user_id": {user}}, 200)
	return b
}

func (b *browser) get(path string, want int) string {
	b.t.Helper()
	resp, err := b.http.Get(b.s.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		b.t.Fatalf("GET %s: %d, want %d: %.500s", path, resp.StatusCode, want, body)
	}
	return string(body)
}

// post submits a form and follows the redirect; want is the final status.
func (b *browser) post(path string, form url.Values, want int) string {
	b.t.Helper()
	form.Set("csrf", b.csrf)
	resp, err := b.http.PostForm(b.s.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		b.t.Fatalf("POST %s: %d, want %d: %.800s", path, resp.StatusCode, want, body)
	}
	return string(body)
}

func field(t *testing.T, html, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no %s field in the page", name)
	}
	return m[1]
}

// external finds references to anything outside the server: the pages must
// work on a government intranet with no internet.
var external = regexp.MustCompile(`(?i)(src|href|action)\s*=\s*"(https?:)?//|url\(\s*['"]?(https?:)?//|@import`)

func TestWebPagesJourneyAndNoExternalURLs(t *testing.T) {
	s := startSystem(t)
	applicant, hrss := s.browse(t, "li-na"), s.browse(t, "reviewer-hrss")
	checked := map[string]string{}
	check := func(b *browser, path string) string {
		t.Helper()
		page := b.get(path, 200)
		if m := external.FindString(page); m != "" {
			t.Errorf("%s refers outside the server: %s", path, m)
		}
		checked[path] = page
		return page
	}
	for _, p := range []string{"/static/app.css", "/static/app.js"} {
		check(applicant, p)
	}
	check(applicant, "/bundles")
	anonymous := &browser{t: t, s: s, http: &http.Client{}}
	check(anonymous, "/login")
	if page := anonymous.get("/no-such-page", 404); external.MatchString(page) || !strings.Contains(page, "页面不存在") {
		t.Errorf("the error page: %.300s", page)
	}
	form := check(applicant, "/apply/newborn")
	if !strings.Contains(form, `<label for="f-child.name">新生儿姓名`) {
		t.Fatal("the form's inputs have no labels")
	}

	// An incomplete form shows every problem at once and keeps what was typed.
	page := applicant.post("/apply/newborn", url.Values{"key": {field(t, form, "key")}, "child.name": {"张小满"}}, 422)
	if !strings.Contains(page, "请修改以下") || !strings.Contains(page, "张小满") {
		t.Fatalf("refused form: %.600s", page)
	}
	values := url.Values{"key": {field(t, form, "key")}}
	for k, v := range readForm(t, "../testdata/newborn.json") {
		values.Set(k, v.(string))
	}
	casePage := applicant.post("/apply/newborn", values, 200)
	id := regexp.MustCompile(`data-case="([^"]+)"`).FindStringSubmatch(casePage)[1]
	again := applicant.post("/apply/newborn", values, 200) // a double submission
	if !strings.Contains(again, id) {
		t.Fatal("submitting the same form twice made a second case")
	}

	// Reviewers move the case on through the API; the hrss reviewer works in pages.
	s.waitCase(s.login("li-na"), id, "birth certificate opens", func(c map[string]any) bool { return taskStatus(c, "birth-certificate") == "open" })
	s.approve(s.login("reviewer-health"), id, "birth-certificate")
	s.waitCase(s.login("li-na"), id, "hukou opens", func(c map[string]any) bool { return taskStatus(c, "hukou") == "open" })
	s.approve(s.login("reviewer-police"), id, "hukou")
	s.waitCase(s.login("li-na"), id, "social card opens", func(c map[string]any) bool { return taskStatus(c, "social-card") == "open" })
	inbox := check(hrss, "/inbox")
	if !strings.Contains(inbox, "社会保障卡") {
		t.Fatalf("hrss inbox lacks the task: %.600s", inbox)
	}
	task := taskID(id, "social-card")
	hrss.post("/tasks/"+task+"/claim", url.Values{}, 200)
	taskPage := check(hrss, "/tasks/"+task)
	if !strings.Contains(taskPage, "智能预审") || !strings.Contains(taskPage, "邮寄地址不在本市") || strings.Contains(taskPage, "mailing-address") {
		t.Errorf("the task page does not show the pre-review's rules by their messages: %.2000s", taskPage)
	}
	hrss.post("/tasks/"+task+"/decision", url.Values{"key": {field(t, taskPage, "key")}, "decision": {"supplement"},
		"comment": {"请补正"}, "missing": {"card.mailing_address"}, "reason-card.mailing_address": {"缺少门牌号"}}, 200)

	mine := check(applicant, "/cases/"+id)
	if !strings.Contains(mine, "需要补正") || !strings.Contains(mine, "缺少门牌号") {
		t.Fatalf("the applicant's case page does not show the supplement request: %.800s", mine)
	}
	applicant.post("/cases/"+id+"/supplement", url.Values{"task_id": {task}, "card.mailing_address": {"上海市徐汇区漕溪北路88号3号楼1201室"}}, 200)
	hrss.post("/tasks/"+task+"/comments", url.Values{"body": {"地址已核实"}}, 200)
	taskPage = check(hrss, "/tasks/"+task)
	if !strings.Contains(taskPage, "地址已核实") || !strings.Contains(taskPage, "收到补正") {
		t.Fatal("the task page lacks the internal comment or the history")
	}
	if strings.Contains(applicant.get("/cases/"+id, 200), "地址已核实") {
		t.Fatal("the applicant sees an internal comment")
	}
	hrss.post("/tasks/"+task+"/decision", url.Values{"key": {field(t, taskPage, "key")}, "decision": {"approve"}}, 200)

	sup := s.browse(t, "supervisor")
	board := check(sup, "/board")
	mi := taskID(id, "medical-insurance")
	if !strings.Contains(board, mi) {
		t.Fatalf("the board lacks the open medical insurance task: %.600s", board)
	}
	sup.post("/tasks/"+mi+"/remind", url.Values{}, 200)
	sup.post("/tasks/"+mi+"/suspend", url.Values{"reason": {"expert_review"}, "note": {"参保记录专家核查"}}, 400) // not confirmed
	sup.post("/tasks/"+mi+"/suspend", url.Values{"reason": {"expert_review"}, "note": {"参保记录专家核查"}, "confirm": {"yes"}}, 200)
	sup.post("/tasks/"+mi+"/resume", url.Values{}, 200)
	sup.post("/tasks/"+mi+"/reassign", url.Values{"user_id": {"reviewer-fire"}}, 422)
	sup.post("/tasks/"+mi+"/extend", url.Values{"days": {"3"}, "reason": {"需核实参保记录"}}, 200)
	if page := sup.post("/tasks/"+mi+"/extend", url.Values{"days": {"3"}, "reason": {"再延"}}, 409); !strings.Contains(page, "一次") {
		t.Fatalf("second extension page: %.400s", page)
	}
	check(sup, "/stats")
	check(sup, "/notifications")
	check(applicant, "/cases")
	check(applicant, "/cases/"+id+"?fragment=1")

	t.Run("ChineseOnly", func(t *testing.T) {
		page := applicant.get("/cases/"+id, 200)
		if !strings.Contains(page, `<html lang="zh-CN">`) || strings.Contains(page, "English") || strings.Contains(page, "/lang") {
			t.Fatalf("the page offers another language: %.800s", page)
		}
		applicant.get("/lang?to=en", 404)
	})
	t.Run("ErrDenied", func(t *testing.T) {
		applicant.get("/board", 403)
		hrss.get("/apply/newborn", 403)
		stranger := s.browse(t, "zhang-wei")
		stranger.get("/cases/"+id, 404)
		anonymous := &browser{t: t, s: s, http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		anonymous.get("/cases", 303)
	})
	t.Run("ErrForgedForm", func(t *testing.T) {
		forged := *applicant
		forged.csrf = "not-the-token"
		forged.post("/cases/"+id+"/withdraw", url.Values{"reason": {"x"}}, 403)
	})
}

// TestDraftPagesWithMaterials: the one form as a draft that saves as the
// applicant goes, the materials uploaded once for every item, and a
// submission that lists every missing thing at once.
func TestDraftPagesWithMaterials(t *testing.T) {
	s := startSystem(t)
	applicant := s.browse(t, "li-na")
	page := applicant.post("/drafts", url.Values{"bundle": {"open-restaurant"}}, 200)
	id := regexp.MustCompile(`action="/drafts/([^/"]+)/save"`).FindStringSubmatch(page)[1]

	// Autosave: good values are kept, a bad one is refused with the reason.
	save := func(values url.Values, want int) string {
		t.Helper()
		values.Set("csrf", applicant.csrf)
		req, _ := http.NewRequest("POST", s.base+"/drafts/"+id+"/save", strings.NewReader(values.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Autosave", "1")
		resp, err := applicant.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Fatalf("autosave: %d, want %d: %s", resp.StatusCode, want, body)
		}
		return string(body)
	}
	save(url.Values{"enterprise.name": {"上海好味餐饮有限公司"}}, 204)
	if msg := save(url.Values{"legal_rep.id_number": {"123"}}, 422); !strings.Contains(msg, "身份证") {
		t.Fatalf("refused autosave says %q", msg)
	}
	page = applicant.get("/drafts/"+id, 200)
	if !strings.Contains(page, "上海好味餐饮有限公司") {
		t.Fatal("the autosaved value is not in the form")
	}
	if !strings.Contains(page, "来自企业库") || !strings.Contains(page, "来自人口库") || !strings.Contains(page, "待填") {
		t.Errorf("the draft page does not show where values came from and what is left: %v %v %v", strings.Contains(page, "来自企业库"), strings.Contains(page, "来自人口库"), strings.Contains(page, "待填"))
	}
	if m := external.FindString(page); m != "" {
		t.Errorf("the draft page refers outside the server: %s", m)
	}

	missing := applicant.post("/drafts/"+id+"/submit", url.Values{}, 422)
	if !strings.Contains(missing, "请上传「公司章程」") || !strings.Contains(missing, "请填写「经营项目」") {
		t.Fatalf("submission does not list missing materials and fields at once: %.800s", missing)
	}

	all := formPost(readForm(t, "../testdata/open-restaurant.json"))
	applicant.post("/drafts/"+id+"/save", all, 200)
	for _, code := range uploadedRestaurantMaterials() {
		body, contentType := multipartBody(t, code, code+".pdf", pdf(code))
		req, _ := http.NewRequest("POST", s.base+"/drafts/"+id+"/upload?csrf="+applicant.csrf, body)
		req.Header.Set("Content-Type", contentType)
		resp, err := applicant.http.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("upload %s through the page: %v %v", code, resp.StatusCode, err)
		}
		resp.Body.Close()
	}
	casePage := applicant.post("/drafts/"+id+"/submit", url.Values{"pledge": generatedCodes}, 200)
	if !strings.Contains(casePage, `id="timeline"`) || strings.Count(casePage, "/api/v1/materials/") != len(restaurantMaterials) {
		t.Fatalf("after submission: %.600s", casePage)
	}
	t.Run("MaterialSupplementThroughThePage", func(t *testing.T) {
		caseID := regexp.MustCompile(`data-case="([^"]+)"`).FindStringSubmatch(casePage)[1]
		samr := s.login("reviewer-samr")
		// The business licence passed every rule and was approved at once
		// (秒批); the food licence is a person's to review.
		s.waitCase(samr, caseID, "food licence opens", func(c map[string]any) bool { return taskStatus(c, "food-licence") == "open" })
		task := taskID(caseID, "food-licence")
		s.must(200, s.call("POST", "/api/v1/tasks/"+task+"/claim", samr, nil))
		s.must(200, s.call("POST", "/api/v1/tasks/"+task+"/decision", samr, map[string]any{"decision": "supplement",
			"missing": []map[string]string{{"kind": "material", "key": "layout", "reason": "布局图未标明清洗区"}}}, "Idempotency-Key", "ask-layout"))
		page := applicant.get("/cases/"+caseID, 200)
		if !strings.Contains(page, `action="/cases/`+caseID+`/upload?csrf=`) {
			t.Fatalf("no upload form for the material asked for: %.600s", page)
		}
		body, contentType := multipartBody(t, "layout", "布局图-修改.pdf", pdf("layout with washing area"))
		req, _ := http.NewRequest("POST", s.base+"/cases/"+caseID+"/upload?csrf="+applicant.csrf, body)
		req.Header.Set("Content-Type", contentType)
		resp, err := applicant.http.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("upload to the case: %v %v", resp.StatusCode, err)
		}
		resp.Body.Close()
		applicant.post("/cases/"+caseID+"/supplement", url.Values{"task_id": {task}}, 200)
		c := s.must(200, s.call("GET", "/api/v1/cases/"+caseID, samr, nil)).body
		if taskStatus(c, "food-licence") != "claimed" {
			t.Fatalf("after the material supplement the task is %s", taskStatus(c, "food-licence"))
		}
	})
	t.Run("ErrUploadWithoutToken", func(t *testing.T) {
		body, contentType := multipartBody(t, "articles", "a.pdf", pdf("x"))
		req, _ := http.NewRequest("POST", s.base+"/drafts/"+id+"/upload", body)
		req.Header.Set("Content-Type", contentType)
		resp, err := applicant.http.Do(req)
		if err != nil || resp.StatusCode != 403 {
			t.Fatalf("upload without the CSRF token: %v %v", resp.StatusCode, err)
		}
		resp.Body.Close()
	})
}

// TestCalendarImportPage: an admin imports a year on a page, through the
// same operation as the API: a wrong line is named in one error summary
// linking to the field, nothing is stored; a right one is loaded and audited.
func TestCalendarImportPage(t *testing.T) {
	s := startSystem(t)
	admin := s.browse(t, "admin")
	page := admin.get("/admin/calendar?year=2027", 200)
	if !strings.Contains(page, "2027-02-05 春节 休") || !strings.Contains(page, "系统自动") {
		t.Fatalf("the 2027 notice is not shown: %.800s", page)
	}
	bad := admin.post("/admin/calendar", url.Values{"year": {"2030"}, "source": {"国办发明电〔2029〕1号"},
		"days": {"2030-01-01 元旦 休\n2030-02-30 春节 休\n2030-10-01 国庆节 放"}}, 422)
	if !strings.Contains(bad, `href="#f-days"`) || !strings.Contains(bad, "第 2 行") || !strings.Contains(bad, "第 3 行") {
		t.Fatalf("the refusal does not name each line in a summary linking to the field: %.1500s", bad)
	}
	cal := s.must(200, s.call("GET", "/api/v1/admin/calendar", s.login("admin"), nil)).body
	for _, y := range cal["years"].([]any) {
		if y.(map[string]any)["year"] == 2030.0 {
			t.Fatal("a refused import was stored")
		}
	}
	done := admin.post("/admin/calendar", url.Values{"year": {"2030"}, "source": {"国办发明电〔2029〕1号"},
		"days": {"2030-01-01 元旦 休\n2030-02-02 春节 班"}}, 200)
	if !strings.Contains(done, "已导入 2030 年") {
		t.Fatalf("no confirmation: %.800s", done)
	}
	cal = s.must(200, s.call("GET", "/api/v1/admin/calendar", s.login("admin"), nil)).body
	found := false
	for _, y := range cal["years"].([]any) {
		if y := y.(map[string]any); y["year"] == 2030.0 && len(y["days"].([]any)) == 2 {
			found = true
		}
	}
	if !found {
		t.Fatalf("2030 not loaded: %v", cal["years"])
	}
	s.browse(t, "reviewer-samr").get("/admin/calendar", 403)
	s.browse(t, "supervisor").post("/admin/calendar", url.Values{"year": {"2031"}, "source": {"x"}, "days": {""}}, 403)
}
