package e2e_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban"
)

// TestObstacleAcceptance is issue 19's 办不成事 loop in real browsers at a
// phone's width: an applicant reports, from her case page, what she cannot
// get done; the report is on the supervisors' board with its clock; the
// bundle's lead department accepts it and resolves it, linking the
// knowledge entry it wrote; she is told at each step, reopens it once,
// and it is answered again; a second reopening is refused. Other
// departments, other applicants and strangers are refused throughout, and
// the figures read the loop's hand-computed values.
func TestObstacleAcceptance(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	tuesday := time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(tuesday)
	li := s.login("li-na")
	caseID := s.newbornCase(li, "obstacle-case")

	b := openBrowser(t, "applicant")
	run(t, b, "the applicant reports from her case page", signIn(s, "li-na"),
		chromedp.Navigate(s.base+"/cases/"+caseID),
		chromedp.WaitVisible(chromedp.CSS(`#obstacle-link`)),
		chromedp.Click(chromedp.CSS(`#obstacle-link`)),
		chromedp.WaitVisible(chromedp.CSS(`#obstacle-new`)),
		chromedp.SendKeys(chromedp.CSS(`#f-text`), "出生医学证明的预约系统一直打不开"),
		markPage(), chromedp.Click(chromedp.CSS(`#obstacle-submit`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`#notice`)))
	loc := read(t, b, "the report's address", chromedp.Location())
	id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], s.base+"/obstacles/")
	if !strings.HasPrefix(id, "ob-") {
		t.Fatalf("landed on %s", loc)
	}
	page := stripTags(read(t, b, "the report page", chromedp.OuterHTML(chromedp.CSS(`main`))))
	for _, want := range []string{"待受理", "卫生健康委员会", "剩余 1 个工作日", "剩余 5 个工作日"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report page lacks %q: %.800s", want, page)
		}
	}

	boss := openBrowser(t, "supervisor")
	run(t, boss, "the report is on the board with its clock", signIn(s, "supervisor"),
		chromedp.Navigate(s.base+"/board"),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="obstacles"]//li[@data-obstacle="`+id+`"][contains(., "剩余 1 个工作日")]`)))

	t.Run("ErrForbidden", func(t *testing.T) {
		fire, zhang, supervisor := s.login("reviewer-fire"), s.login("zhang-wei"), s.login("supervisor")
		for who, tok := range map[string]string{"another department": fire, "another applicant": zhang} {
			if r := s.call("GET", "/api/v1/obstacles/"+id, tok, nil); r.status != 403 {
				t.Errorf("%s reads: %d", who, r.status)
			}
		}
		for who, tok := range map[string]string{"another department": fire, "the supervisor": supervisor, "the applicant": li} {
			if r := s.call("POST", "/api/v1/staff/obstacles/"+id+"/accept", tok, nil); r.status != 403 {
				t.Errorf("%s accepts a department's report: %d %s", who, r.status, r.raw)
			}
		}
		if r := s.call("GET", "/api/v1/public/obstacles/"+id+"?token=guess", "", nil); r.status != 404 {
			t.Errorf("a stranger guessing the token: %d", r.status)
		}
		s.browse(t, "reviewer-fire").get("/staff/obstacles?department=health", 403)
		s.browse(t, "zhang-wei").get("/obstacles/"+id, 403)
	})

	s.clock.Set(tuesday.Add(24 * time.Hour)) // Wednesday: the last day to accept
	const entry = "7d1f0c2a-4b3e-4f5a-9c8d-7e6f5a4b3c2e"
	if _, err := s.store.Pool().Exec(ctx, `INSERT INTO knowledge_entries (id, kind, ref, title, body, department, version,
		effective_from, status, author, updated_at) VALUES ($1::uuid, 'qa', $1::text, '出生医学证明怎么预约', '可在医院窗口直接办理', 'health', 1, $2,
		'published', 'editor-samr', $2)`, entry, tuesday); err != nil {
		t.Fatal(err)
	}
	h := openBrowser(t, "department")
	run(t, h, "the department finds it in its list, accepts it, and resolves it linking the entry", signIn(s, "reviewer-health"),
		chromedp.Navigate(s.base+"/staff/obstacles"),
		chromedp.WaitVisible(chromedp.CSS(`li[data-obstacle="`+id+`"] a`)),
		chromedp.Click(chromedp.CSS(`li[data-obstacle="`+id+`"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`#accept-submit`)),
		markPage(), chromedp.Click(chromedp.CSS(`#accept-submit`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`#resolve-form`)),
		chromedp.Click(chromedp.CSS(`#resolve-form input[value=resolved]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-answer`), "预约系统已修复，也可在医院窗口直接办理"),
		chromedp.SetValue(chromedp.CSS(`#f-change_kind`), "knowledge"),
		chromedp.SendKeys(chromedp.CSS(`#f-change_ref`), entry),
		markPage(), chromedp.Click(chromedp.CSS(`#resolve-submit`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`#change-link[href="/admin/knowledge/`+entry+`"]`)))

	s.clock.Set(tuesday.AddDate(0, 0, 3)) // Friday: the sessions of Tuesday have ended
	run(t, b, "the applicant was told of each step, sees them, and reopens once", signIn(s, "li-na"),
		chromedp.Navigate(s.base+"/notifications"),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "您反映的办不成事已受理")]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "您反映的办不成事已解决")]`)),
		chromedp.Navigate(s.base+"/obstacles/"+id),
		chromedp.WaitVisible(chromedp.CSS(`#obstacle-steps li[data-step=accepted]`)),
		chromedp.WaitVisible(chromedp.Search(`//ol[@id="obstacle-steps"]/li[@data-step="resolved"][contains(., "预约系统已修复")]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-reason`), "预约系统还是打不开"),
		markPage(), chromedp.Click(chromedp.CSS(`#reopen-submit`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.Search(`//span[@id="obstacle-status"][contains(., "已重新提出")]`)))

	s.clock.Set(time.Date(2026, 3, 9, 10, 0, 0, 0, haoban.Beijing)) // the Monday after
	run(t, h, "the department answers the reopened report", signIn(s, "reviewer-health"),
		chromedp.Navigate(s.base+"/obstacles/"+id),
		chromedp.WaitVisible(chromedp.CSS(`#resolve-form`)),
		chromedp.Click(chromedp.CSS(`#resolve-form input[value=answered]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-answer`), "系统由卫健委统一升级，3 月底完成；其间请到医院窗口办理"),
		markPage(), chromedp.Click(chromedp.CSS(`#resolve-submit`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.Search(`//span[@id="obstacle-status"][contains(., "已答复")]`)))
	run(t, b, "the applicant sees the answer and cannot reopen again", signIn(s, "li-na"),
		chromedp.Navigate(s.base+"/obstacles/"+id),
		chromedp.WaitVisible(chromedp.Search(`//ol[@id="obstacle-steps"]/li[@data-step="answered"][contains(., "3 月底完成")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#no-reopen`)))
	if r := s.call("POST", "/api/v1/obstacles/"+id+"/reopen", s.login("li-na"), map[string]any{"reason": "还是不行"}); r.status != 409 || !strings.Contains(string(r.raw), "重新提出过一次") {
		t.Errorf("a second reopening: %d %s", r.status, r.raw)
	}

	q := haoban.FigureQuery{From: time.Date(2026, 3, 3, 0, 0, 0, 0, haoban.Beijing), To: tuesday.Add(24 * time.Hour), Department: "health"}
	got, err := s.api.App.Obstacles.Figures(ctx, q)
	want := haoban.ObstacleFigures{Received: 1, Accepted: 1, AcceptedOnTime: 1, Resolved: 1, ResolvedOnTime: 1, Reopened: 1}
	if err != nil || got != want {
		t.Errorf("figures %+v (%v), want %+v", got, err, want)
	}
	cases, _, total, err := s.api.App.Obstacles.Drill(ctx, q, "", 10)
	if err != nil || total != 1 || cases[0].Ref != id || !cases[0].In {
		t.Errorf("drill %+v (%v)", cases, err)
	}
}

// TestObstaclePublicForm: a person not signed in files through the public
// form with a name and a mobile number (a bad number is refused with one
// summary linking to it), reaches the report by its secret link, and is
// told by SMS; the public API is idempotent per key and rate-limited.
func TestObstaclePublicForm(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing))
	jar, _ := cookiejar.New(nil)
	anon := &browser{t: t, s: s, http: &http.Client{Jar: jar}}
	form := anon.get("/obstacles/new?bundle=open-restaurant", 200)
	anon.csrf = field(t, form, "csrf")
	key := field(t, form, "key")
	page := postForm(t, anon, "/obstacles", url.Values{"key": {key}, "bundle": {"open-restaurant"}, "text": {"不知道餐饮许可找哪个窗口"},
		"name": {"王芳"}, "mobile": {"12345"}}, 400)
	if !strings.Contains(page, `href="#f-mobile"`) || strings.Count(page, `class="alert"`) != 1 {
		t.Errorf("the refusal does not have one summary linking to the mobile number")
	}
	page = stripTags(anon.post("/obstacles", url.Values{"key": {key}, "bundle": {"open-restaurant"}, "text": {"不知道餐饮许可找哪个窗口"},
		"name": {"王芳"}, "mobile": {"13800138000"}}, 200))
	if !strings.Contains(page, "请保存本页链接") || !strings.Contains(page, "市场监督管理局") {
		t.Errorf("after filing: %.600s", page)
	}

	body := map[string]any{"key": "pub-1", "text": "窗口排队太久", "name": "赵六", "mobile": "13900139000"}
	first := s.must(200, s.call("POST", "/api/v1/public/obstacles", "", body))
	again := s.must(200, s.call("POST", "/api/v1/public/obstacles", "", body))
	id, token := first.body["id"].(string), first.body["token"].(string)
	if again.body["id"] != id || first.body["department"] != "centre" {
		t.Fatalf("filed %s, again %s", first.raw, again.raw)
	}
	s.must(200, s.call("GET", "/api/v1/public/obstacles/"+id+"?token="+token, "", nil))
	s.must(200, s.call("POST", "/api/v1/staff/obstacles/"+id+"/accept", s.login("supervisor"), nil))
	boss := s.login("supervisor")
	if r := s.call("POST", "/api/v1/staff/obstacles/"+id+"/resolve", boss, map[string]any{"outcome": "resolved", "answer": "已调整窗口",
		"change_kind": "catalogue", "change_ref": "open-restaurant", "change_version": 99}); r.status != 400 {
		t.Errorf("naming a catalogue version that does not exist: %d %s", r.status, r.raw)
	}
	s.must(200, s.call("POST", "/api/v1/staff/obstacles/"+id+"/resolve", boss, map[string]any{"outcome": "resolved", "answer": "已增开窗口",
		"change_kind": "catalogue", "change_ref": "open-restaurant", "change_version": 1}))
	var sms int
	if err := s.store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM outbox WHERE channel = 'sms' AND address = '13900139000'`).Scan(&sms); err != nil || sms != 2 {
		t.Errorf("%d SMS to the anonymous person (%v), want 2: accepted, resolved", sms, err)
	}
	limited := false
	for i := range 6 {
		body["key"] = "pub-limit-" + string(rune('a'+i))
		if r := s.call("POST", "/api/v1/public/obstacles", "", body); r.status == 429 {
			limited = true
			break
		}
	}
	if !limited {
		t.Errorf("anonymous reports are not rate-limited")
	}
}

// TestObstaclePagesWalk holds the 办不成事 pages to the house rules at a
// phone's and a desktop's width: no sideways scrolling, no internal code
// in the text, no serious axe-core violation.
func TestObstaclePagesWalk(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing))
	o := s.must(200, s.call("POST", "/api/v1/obstacles", s.login("li-na"), map[string]any{"key": "walk", "text": "营业执照网上办不了",
		"item": "business-licence"})).body["id"].(string)
	codes, axe := internalCodes(), axeSource(t)
	for _, role := range []struct{ user, path string }{
		{"li-na", "/obstacles/new?item=business-licence"}, {"li-na", "/obstacles/" + o}, {"li-na", "/obstacles"},
		{"reviewer-samr", "/staff/obstacles"}, {"reviewer-samr", "/obstacles/" + o}, {"supervisor", "/board"},
	} {
		t.Run(role.user+role.path, func(t *testing.T) {
			bctx := openBrowser(t, role.user)
			run(t, bctx, "sign in", signIn(s, role.user))
			for _, width := range []int64{390, 1366} {
				run(t, bctx, "viewport", chromedp.EmulateViewport(width, 900))
				checkPage(t, bctx, s.base+role.path, codes, axe)
			}
		})
	}
}
