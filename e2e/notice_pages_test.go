package e2e_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"haoban"
)

// TestNoticePages: the settings page and its API twins save good
// addresses and choices and refuse bad ones at the field, saving nothing;
// an admin lists a dead letter by name and sends it again once; the case
// page shows the applicant's notices with their delivery state. Each is
// refused to whom it is not for.
func TestNoticePages(t *testing.T) {
	s := startSystem(t)
	t.Run("SettingsRoundTrip", func(t *testing.T) { settingsRoundTrip(t, s) })
	t.Run("SettingsAPI", func(t *testing.T) { settingsAPI(t, s) })
	t.Run("DeadLetters", func(t *testing.T) { deadLetters(t, s) })
	t.Run("CaseDeliveries", func(t *testing.T) { caseDeliveries(t, s) })
}

func settingsRoundTrip(t *testing.T, s *system) {
	zhang := s.browse(t, "zhang-wei")
	page := zhang.get("/settings", 200)
	for _, want := range []string{`href="/settings"`, "电子邮箱", "手机号", "受理通知", "依法送达",
		`value="accepted:in_app" checked disabled`, `value="case_completed:sms" checked>`} {
		if !strings.Contains(page, want) {
			t.Fatalf("the settings page lacks %q: %.3000s", want, page)
		}
	}
	bad := zhang.post("/settings/contacts", url.Values{"email": {"zhang.wei@"}, "phone": {"1380013"}}, 400)
	for _, want := range []string{`id="error-summary"`, `href="#f-email"`, `href="#f-phone"`, "电子邮箱格式不正确",
		`aria-invalid="true"`, `aria-describedby="f-email-hint f-email-error"`, `value="zhang.wei@"`} {
		if !strings.Contains(bad, want) {
			t.Fatalf("the refusal lacks %q: %.3000s", want, bad)
		}
	}
	linksResolve(t, bad, 2)
	token := s.login("zhang-wei")
	if c := s.must(200, s.call("GET", "/api/v1/me/contacts", token, nil)).body; c["email"] != "" || c["phone"] != "" {
		t.Fatalf("a refused save was kept: %v", c)
	}
	done := zhang.post("/settings/contacts", url.Values{"email": {"zhang.wei@example.cn"}, "phone": {"139 0013 9000"}}, 200)
	if !strings.Contains(done, "联系方式已保存") || !strings.Contains(done, `value="13900139000"`) {
		t.Fatalf("no confirmation: %.2000s", done)
	}

	// Every box but SMS for the completed case: that one is off.
	var on []string
	for _, k := range haoban.ApplicantKinds {
		for _, ch := range haoban.NoticeChannels {
			if k != haoban.KindCaseCompleted || ch != haoban.ChannelSMS {
				on = append(on, string(k)+":"+string(ch))
			}
		}
	}
	done = zhang.post("/settings/preferences", url.Values{"on": on}, 200)
	if !strings.Contains(done, "通知方式已保存") || !strings.Contains(done, `value="case_completed:sms">`) {
		t.Fatalf("the SMS box is not unticked after saving: %.3000s", done)
	}
	prefs := s.must(200, s.call("GET", "/api/v1/me/notice-preferences", token, nil)).body
	if off := fmt.Sprint(prefs["off"]); off != "map[case_completed:[sms]]" {
		t.Fatalf("stored choices %s", off)
	}
	// The supplement request with neither e-mail nor SMS: refused at the kind.
	var fewer []string
	for _, v := range on {
		if v != "supplement_requested:email" && v != "supplement_requested:sms" {
			fewer = append(fewer, v)
		}
	}
	bad = zhang.post("/settings/preferences", url.Values{"on": fewer}, 422)
	for _, want := range []string{`href="#pref-supplement_requested"`, `id="pref-supplement_requested" aria-invalid="true"`, "至少保留一种"} {
		if !strings.Contains(bad, want) {
			t.Fatalf("the refusal lacks %q: %.3000s", want, bad)
		}
	}
	linksResolve(t, bad, 1)
	if again := s.must(200, s.call("GET", "/api/v1/me/notice-preferences", token, nil)).body; fmt.Sprint(again["off"]) != "map[case_completed:[sms]]" {
		t.Fatalf("a refused change was saved: %v", again["off"])
	}
	// Every signed-in role has the page.
	for _, who := range []string{"reviewer-samr", "supervisor", "admin"} {
		if p := s.browse(t, who).get("/settings", 200); !strings.Contains(p, "联系方式") {
			t.Fatalf("%s's settings page: %.800s", who, p)
		}
	}
}

// linksResolve: the page's one error summary has n entries, each linking
// to an element of the page.
func linksResolve(t *testing.T, page string, n int) {
	t.Helper()
	links := summaryLinks(page)
	if len(links) != n || strings.Count(page, `id="error-summary"`) != 1 {
		t.Fatalf("want one summary with %d links, got %v: %.2000s", n, links, page)
	}
	for _, target := range links {
		if !strings.Contains(page, `id="`+target+`"`) {
			t.Errorf("the summary links to #%s, which is not on the page", target)
		}
	}
}

func settingsAPI(t *testing.T, s *system) {
	token := s.login("reviewer-fire")
	bad := s.must(400, s.call("PUT", "/api/v1/me/contacts", token, map[string]string{"email": "a@b", "phone": ""}))
	if bad.code() != haoban.EINVALID || !strings.Contains(string(bad.raw), `"field":"body.email"`) {
		t.Fatalf("bad e-mail: %s", bad.raw)
	}
	got := s.must(200, s.call("PUT", "/api/v1/me/contacts", token, map[string]string{"email": "fire@example.cn", "phone": "+86 13700137000"})).body
	if got["phone"] != "13700137000" {
		t.Fatalf("saved %v", got)
	}
	var audited int
	if err := s.store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit WHERE action = 'notice.contacts' AND actor = 'reviewer-fire'
		AND after NOT LIKE '%13700137000%'`).Scan(&audited); err != nil || audited != 1 {
		t.Fatalf("contacts audited %d times, number masked (%v)", audited, err)
	}
	locked := map[string]any{"off": map[string][]string{"accepted": {"in_app"}}}
	if r := s.must(422, s.call("PUT", "/api/v1/me/notice-preferences", s.login("li-na"), locked)); !strings.Contains(string(r.raw), "站内信不能关闭") {
		t.Fatalf("locked channel: %s", r.raw)
	}
	quiet := map[string]any{"off": map[string][]string{"reminder": {"sms"}}}
	p := s.must(200, s.call("PUT", "/api/v1/me/notice-preferences", token, quiet)).body
	if kinds := p["kinds"].([]any); len(kinds) != len(haoban.StaffKinds) {
		t.Fatalf("a reviewer's kinds: %v", kinds)
	}
	if s.call("GET", "/api/v1/me/contacts", "", nil).status != 401 {
		t.Fatal("contacts without a token")
	}
}

func deadLetters(t *testing.T, s *system) {
	admin := s.login("admin")
	before := int(s.must(200, s.call("GET", "/api/v1/admin/notices/dead", admin, nil)).body["total"].(float64))
	ids := s.seedNotices(t, []string{"dead", "dead", "dead"},
		haoban.OutboxNotice{Channel: haoban.ChannelSMS, UserID: "li-na", Address: "13800138000", Kind: string(haoban.KindSupplementRequested), Legal: true},
		haoban.OutboxNotice{Channel: haoban.ChannelEmail, UserID: "zhang-wei", Address: "zhang.wei@example.cn", Kind: string(haoban.KindAccepted)},
		haoban.OutboxNotice{Channel: haoban.ChannelSMS, UserID: "reviewer-samr", Address: "13700137000", Kind: "reminder:50%"})
	first := s.must(200, s.call("GET", "/api/v1/admin/notices/dead?limit=2", admin, nil)).body
	if int(first["total"].(float64)) != before+3 || len(first["notices"].([]any)) != 2 || first["next_cursor"] == "" {
		t.Fatalf("first page: %v", first)
	}
	rest := s.must(200, s.call("GET", "/api/v1/admin/notices/dead?limit=2&cursor="+first["next_cursor"].(string), admin, nil)).body
	if n := len(rest["notices"].([]any)); n != min(before+1, 2) {
		t.Fatalf("second page has %d, want %d", n, min(before+1, 2))
	}
	for _, who := range []string{"reviewer-samr", "li-na", "supervisor"} {
		tok := s.login(who)
		if r := s.call("GET", "/api/v1/admin/notices/dead", tok, nil); r.status != 403 {
			t.Errorf("%s lists dead letters: %d", who, r.status)
		}
		if r := s.call("POST", fmt.Sprintf("/api/v1/admin/notices/%d/resend", ids[0]), tok, nil); r.status != 403 {
			t.Errorf("%s re-sends: %d", who, r.status)
		}
		s.browse(t, who).get("/admin/notices", 403)
	}
	s.must(404, s.call("POST", "/api/v1/admin/notices/99999999/resend", admin, nil))

	b := s.browse(t, "admin")
	page := b.get("/admin/notices", 200)
	row := between(t, page, fmt.Sprintf(`id="dead-%d"`, ids[0]), "</li>")
	for _, want := range []string{"李娜", "补正通知", "短信", "400 短信服务商拒收：号码不存在", "138****8000", "重新发送", `name="csrf"`} {
		if !strings.Contains(row, want) {
			t.Fatalf("the dead letter lacks %q: %s", want, row)
		}
	}
	if !strings.Contains(page, `href="/admin/notices"`) || !strings.Contains(page, "办理提醒") {
		t.Fatalf("no nav link or staff kind in words: %.2000s", page)
	}
	done := b.post(fmt.Sprintf("/admin/notices/%d/resend", ids[0]), url.Values{}, 200)
	if !strings.Contains(done, "已重新排入发送队列") || strings.Contains(done, fmt.Sprintf(`id="dead-%d"`, ids[0])) {
		t.Fatalf("no confirmation, or the row is still listed: %.2000s", done)
	}
	again := b.post(fmt.Sprintf("/admin/notices/%d/resend", ids[0]), url.Values{}, 409)
	if !strings.Contains(again, "已经重新发送过") {
		t.Fatalf("a second re-send: %.1500s", again)
	}
	if r := s.must(409, s.call("POST", fmt.Sprintf("/api/v1/admin/notices/%d/resend", ids[0]), admin, nil)); r.code() != haoban.ECONFLICT {
		t.Fatalf("API re-send of a queued notice: %s", r.raw)
	}
	r := s.must(200, s.call("POST", fmt.Sprintf("/api/v1/admin/notices/%d/resend", ids[1]), admin, nil)).body
	if r["status"] != "queued" {
		t.Fatalf("API re-send: %v", r)
	}
}

func caseDeliveries(t *testing.T, s *system) {
	li := s.login("li-na")
	id := s.newbornCase(li, "notice-deliveries")
	s.seedNotices(t, []string{"sent", "delivered", "dead", "sent"},
		haoban.OutboxNotice{Channel: haoban.ChannelEmail, CaseID: id, UserID: "li-na", Address: "li.na@example.cn", Kind: string(haoban.KindAccepted), Legal: true},
		haoban.OutboxNotice{Channel: haoban.ChannelSMS, CaseID: id, UserID: "li-na", Address: "13800138000", Kind: string(haoban.KindAccepted), Legal: true},
		haoban.OutboxNotice{Channel: haoban.ChannelSMS, CaseID: id, UserID: "li-na", Address: "13800138000", Kind: string(haoban.KindSupplementRequested), Legal: true},
		haoban.OutboxNotice{Channel: haoban.ChannelSMS, CaseID: id, UserID: "reviewer-health", Address: "13600136000", Kind: "reminder:50%"})
	page := s.browse(t, "li-na").get("/cases/"+id, 200)
	section := between(t, page, `id="deliveries"`, "</section>")
	for _, want := range []string{"通知送达", "受理通知", "电子邮件", "li***@example.cn", "已发出", "已送达", "短信", "138****8000",
		"发送失败", "号码不存在", "2020年1月6日 09:01", "2020年1月6日 09:02"} {
		if !strings.Contains(section, want) {
			t.Fatalf("the delivery section lacks %q: %s", want, section)
		}
	}
	if strings.Contains(section, "办理提醒") || strings.Contains(section, "136****6000") {
		t.Fatalf("a staff notice on the applicant's record: %s", section)
	}
	external, inApp := 0, map[string]any(nil)
	for _, raw := range s.must(200, s.call("GET", "/api/v1/cases/"+id+"/notices", li, nil)).body["notices"].([]any) {
		if n := raw.(map[string]any); n["channel"] != "in_app" {
			external++
		} else if n["kind"] == string(haoban.KindAccepted) && n["user_id"] == "li-na" {
			inApp = n
		}
	}
	if external != 3 || inApp == nil || inApp["status_name"] != "未读" {
		t.Fatalf("the API lists %d notices outside the app, want the applicant's 3, and in the app %v", external, inApp)
	}
	// Read in the app, the in-app line of the record says when.
	s.must(204, s.call("POST", fmt.Sprintf("/api/v1/notifications/%v/read", inApp["id"]), li, nil))
	section = between(t, s.browse(t, "li-na").get("/cases/"+id, 200), `id="deliveries"`, "</section>")
	line := between(t, section, fmt.Sprintf(`id="delivery-app-%v"`, inApp["id"]), "</li>")
	for _, want := range []string{"受理通知", "站内信", "已读", "<time>"} {
		if !strings.Contains(line, want) {
			t.Fatalf("the in-app line lacks %q: %s", want, line)
		}
	}
	s.must(200, s.call("GET", "/api/v1/cases/"+id+"/notices", s.login("reviewer-health"), nil))
	for _, who := range []string{"zhang-wei", "reviewer-fire"} {
		if r := s.call("GET", "/api/v1/cases/"+id+"/notices", s.login(who), nil); r.status != 404 {
			t.Errorf("%s reads li-na's delivery record: %d %s", who, r.status, r.raw)
		}
	}
}
