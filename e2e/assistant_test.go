package e2e_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// TestAssistantAPIAndPanel: 小申 answers a guide question from the
// knowledge base with its source and the button that starts a draft; an
// applicant's status question reads only their own newest case; an
// unknown question is handed to a person; refused questions and users
// are refused; the panel appears on an applicant's pages and answers
// through the page route; the figures count what was asked.
func TestAssistantAPIAndPanel(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	s.clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing))
	if err := (&app.Knowledge{Store: s.store, Time: s.clock}).Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	zhang, li, boss, reviewer := s.login("zhang-wei"), s.login("li-na"), s.login("supervisor"), s.login("reviewer-samr")
	caseID := s.newbornCase(zhang, "assistant-1")
	ask := func(token, q string) map[string]any {
		t.Helper()
		return s.must(200, s.call("POST", "/api/v1/assistant/ask", token, map[string]any{"question": q})).body
	}

	t.Run("Guide", func(t *testing.T) {
		a := ask(li, "我要开一家餐馆")
		sources, _ := a["sources"].([]any)
		start, _ := a["start"].(map[string]any)
		if a["kind"] != "guide" || len(sources) == 0 || sources[0].(map[string]any)["ref"] != "open-restaurant" ||
			start["bundle"] != "open-restaurant" || start["action"] != "/drafts" {
			t.Fatalf("answer %v, want the open-restaurant guide with a start button", a)
		}
	})
	t.Run("StatusOnlyTheAskersOwn", func(t *testing.T) {
		own := ask(zhang, "我的办件到哪了")
		if own["kind"] != "status" || !strings.Contains(own["text"].(string), caseID) {
			t.Fatalf("zhang-wei's answer %v, want his case %s", own, caseID)
		}
		other := ask(li, "我的申请到哪一步了")
		if other["kind"] != "status" || strings.Contains(other["text"].(string), caseID) || strings.Contains(string(mustJSON(t, other)), caseID) {
			t.Fatalf("li-na's answer %v reveals zhang-wei's case", other)
		}
		staff := ask(reviewer, "我的办件到哪了")
		if strings.Contains(string(mustJSON(t, staff)), caseID) {
			t.Fatalf("a reviewer's status answer %v names a case", staff)
		}
	})
	t.Run("UnknownHandsOff", func(t *testing.T) {
		a := ask(li, "帮我点份外卖")
		handoff, _ := a["handoff"].(map[string]any)
		if a["kind"] != "handoff" || handoff["link"] != "/help/new" || handoff["api"] != "/api/v1/help/conversations" {
			t.Fatalf("answer %v, want a hand-off", a)
		}
	})
	t.Run("ErrRefused", func(t *testing.T) {
		for name, body := range map[string]any{"Empty": map[string]any{"question": ""}, "TooLong": map[string]any{"question": strings.Repeat("问", 201)}} {
			if r := s.call("POST", "/api/v1/assistant/ask", li, body); r.status < 400 || r.status >= 500 {
				t.Errorf("%s question: %d %s", name, r.status, r.raw)
			}
		}
		if r := s.call("POST", "/api/v1/assistant/ask", "", map[string]any{"question": "你好"}); r.status != 401 {
			t.Errorf("anonymous: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/admin/assistant/train", li, nil); r.status != 403 {
			t.Errorf("applicant retrains: %d", r.status)
		}
		if r := s.call("GET", "/api/v1/stats/assistant", li, nil); r.status != 403 {
			t.Errorf("applicant reads the figures: %d", r.status)
		}
	})
	t.Run("Panel", func(t *testing.T) {
		b := s.browse(t, "li-na")
		page := b.get("/guide", 200)
		if !strings.Contains(page, `id="assistant"`) || !strings.Contains(page, "/static/assistant.js") {
			t.Fatalf("no chat panel on an applicant's page: %.800s", page)
		}
		status, body := b.send("POST", "/assistant/ask", url.Values{"question": {"公司章程要原件吗"}, "page": {"/guide"}})
		var a map[string]any
		if err := json.Unmarshal([]byte(body), &a); err != nil || status != 200 || a["kind"] != "material" {
			t.Fatalf("panel answer %d %.500s", status, body)
		}
		status, body = b.send("POST", "/assistant/ask", url.Values{"question": {"   "}})
		if status != 400 || !strings.Contains(body, "请输入问题") {
			t.Errorf("empty question through the panel: %d %.300s", status, body)
		}
		if staff := s.browse(t, "reviewer-samr").get("/inbox", 200); strings.Contains(staff, `id="assistant"`) {
			t.Error("the applicants' chat panel is on a reviewer's page")
		}
	})
	t.Run("Figures", func(t *testing.T) {
		st := s.must(200, s.call("GET", "/api/v1/stats/assistant?from=2026-12-01&to=2026-12-31", boss, nil)).body
		// Guide, two status, hand-off, and the panel's material question;
		// refused questions are not counted.
		if st["questions"] != float64(6) || st["handed_off"] != float64(1) || st["answered"] != float64(5) {
			t.Fatalf("figures %v, want 6 questions, 5 answered, 1 handed off", st)
		}
		page := s.browse(t, "supervisor").get("/stats", 200)
		if !strings.Contains(page, `id="assistant-stats"`) || !strings.Contains(page, "83%") {
			t.Errorf("the statistics page lacks 小申's figures (5 of 6 resolved): %.1500s", page)
		}
		rec := s.must(200, s.call("POST", "/api/v1/admin/assistant/train", s.login("admin"), nil)).body
		if rec["version"] != float64(2) || rec["active"] != true {
			t.Errorf("retrained %v, want version 2 active", rec)
		}
	})
}
