package e2e_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestScreenSharing (同屏, issue 18): with zhang-wei's consent the helper
// of his conversation sees his draft read-only and live, and highlights a
// field on his page; without consent, after revoking, for a helper of
// another skill and for another applicant, nothing is shown or accepted;
// a helper never writes to a draft, through the API or the pages.
func TestScreenSharing(t *testing.T) {
	s := startSystem(t)
	applicant, other := s.login("zhang-wei"), s.login("li-na")
	helper, outsider := s.login("helper-health"), s.login("helper-samr")
	draft := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]string{"bundle": "newborn"})).body["id"].(string)
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+draft, applicant, map[string]any{"form": map[string]any{"child.name": "张小满"}}))
	conv := s.screenConversation(t, "zhang-wei", draft)
	screen := "/api/v1/help/conversations/" + conv + "/screen"
	highlight := map[string]string{"field": "child.name", "message": "请与出生医学证明上的姓名一致"}

	t.Run("ErrNoConsent", func(t *testing.T) {
		s.must(403, s.call("GET", screen, helper, nil))
		s.must(403, s.call("POST", screen+"/highlights", helper, highlight))
		if _, status := s.listen(screen+"/events", helper, ""); status != 403 {
			t.Fatalf("events without consent: %d", status)
		}
	})
	t.Run("ErrAnotherApplicant", func(t *testing.T) {
		s.must(404, s.call("POST", screen+"/consent", other, map[string]string{"draft": draft}))
		otherDraft := s.must(201, s.call("POST", "/api/v1/drafts", other, map[string]string{"bundle": "newborn"})).body["id"].(string)
		s.must(404, s.call("POST", screen+"/consent", applicant, map[string]string{"draft": otherDraft}))
		if _, status := s.listen("/api/v1/drafts/"+draft+"/screen/events", other, ""); status != 404 {
			t.Fatalf("li-na follows zhang-wei's draft: %d", status)
		}
	})
	t.Run("ErrHelperCannotConsent", func(t *testing.T) {
		s.must(403, s.call("POST", screen+"/consent", helper, map[string]string{"draft": draft}))
	})

	s.must(204, s.call("POST", screen+"/consent", applicant, map[string]string{"draft": draft}))
	t.Run("OKReadOnlyLive", func(t *testing.T) {
		v := s.must(200, s.call("GET", screen, helper, nil)).body
		if v["draft"] != draft || !strings.Contains(string(s.call("GET", screen, helper, nil).raw), "张小满") {
			t.Fatalf("view %v", v)
		}
		saved, _ := s.listen(screen+"/events", helper, "")
		s.must(200, s.call("PATCH", "/api/v1/drafts/"+draft, applicant, map[string]any{"form": map[string]any{"child.name": "张小雨"}}))
		next(t, saved, "draft_saved")
		if !strings.Contains(string(s.call("GET", screen, helper, nil).raw), "张小雨") {
			t.Fatal("the view does not follow the applicant's save")
		}
	})
	t.Run("OKHighlightReachesTheApplicant", func(t *testing.T) {
		page, _ := s.listen("/api/v1/drafts/"+draft+"/screen/events", applicant, "")
		s.must(200, s.call("POST", screen+"/highlights", helper, highlight))
		ev := next(t, page, "highlight")
		if ev.data["field"] != "child.name" || ev.data["message"] != highlight["message"] {
			t.Fatalf("highlight %v", ev.data)
		}
	})
	t.Run("ErrHelperOfAnotherSkill", func(t *testing.T) {
		s.must(403, s.call("GET", screen, outsider, nil))
		s.must(403, s.call("POST", screen+"/highlights", outsider, highlight))
		b := s.screenBrowse(t, "helper-samr")
		b.get("/helper/conversations/"+conv+"/screen", 403)
	})
	t.Run("ErrHelperNeverWritesTheDraft", func(t *testing.T) {
		s.helperCannotWriteDrafts(t, helper, draft)
	})
	t.Run("OKPages", func(t *testing.T) {
		b := s.screenBrowse(t, "helper-health")
		html := b.get("/helper/conversations/"+conv+"/screen", 200)
		if !strings.Contains(html, "张小雨") || !strings.Contains(html, "提示此项") || strings.Contains(html, `action="/drafts/`) {
			t.Fatalf("helper's page: %.1500s", html)
		}
		b.post("/helper/conversations/"+conv+"/screen/highlights", url.Values{"field": {"child.name"}, "message": {"看这里"}}, 200)
		a := s.browse(t, "zhang-wei")
		if panel := a.get("/drafts/"+draft+"/screen?fragment=1", 200); !strings.Contains(panel, "停止共享") {
			t.Fatalf("applicant's panel: %s", panel)
		}
		if page := a.get("/drafts/"+draft, 200); !strings.Contains(page, "/static/screen.js") {
			t.Fatal("the draft page does not load screen.js")
		}
	})

	// Revoking ends the view at once: the helper's stream hears it.
	events, _ := s.listen(screen+"/events", helper, "")
	s.must(204, s.call("POST", screen+"/revoke", applicant, nil))
	next(t, events, "revoked")
	t.Run("ErrRevoked", func(t *testing.T) {
		s.must(403, s.call("GET", screen, helper, nil))
		s.must(403, s.call("POST", screen+"/highlights", helper, highlight))
		b := s.screenBrowse(t, "helper-health")
		b.get("/helper/conversations/"+conv+"/screen", 403)
	})
}

// screenConversation records an open conversation of an applicant about
// the birth certificate, answered by helper-health: routing is the help
// desk's, tested with it; this test needs only the conversation.
func (s *system) screenConversation(t *testing.T, applicant, draft string) string {
	t.Helper()
	id := uuid.NewString()
	if _, err := s.store.Pool().Exec(context.Background(), `INSERT INTO conversations (id, channel, applicant, idempotency_key,
			question, department, item, draft, helper, status, created_at)
		VALUES ($1, 'online', $2, $1, '出生医学证明上的姓名怎么填？', 'health', 'birth-certificate', $3, 'helper-health', 'open', $4)`,
		id, applicant, draft, s.clock.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	return id
}

// helperCannotWriteDrafts tries every route that writes to a draft, in the
// API and in the pages, as a helper: each is refused with 403 and the
// draft is unchanged.
func (s *system) helperCannotWriteDrafts(t *testing.T, token, draft string) {
	t.Helper()
	before := s.store.Pool()
	var form string
	if err := before.QueryRow(context.Background(), `SELECT form::text FROM drafts WHERE id = $1`, draft).Scan(&form); err != nil {
		t.Fatal(err)
	}
	tried := 0
	for _, r := range s.api.Fiber().GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/drafts") && !strings.HasPrefix(r.Path, "/drafts") {
			continue
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			continue
		}
		path := strings.NewReplacer(":id", draft, ":material", "m-1", "{id}", draft, "{material}", "m-1").Replace(r.Path)
		tried++
		if strings.HasPrefix(path, "/api/") {
			if got := s.call(r.Method, path, token, map[string]any{"form": map[string]any{"child.name": "帮办写的"}}); got.status != 403 {
				t.Errorf("%s %s as a helper: %d %s", r.Method, path, got.status, got.raw)
			}
			continue
		}
		b := s.screenBrowse(t, "helper-health")
		form := url.Values{"child.name": {"帮办写的"}, "csrf": {b.csrf}}
		resp, err := b.http.PostForm(s.base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("page %s %s as a helper: %d", r.Method, path, resp.StatusCode)
		}
	}
	if tried < 8 {
		t.Fatalf("only %d draft write routes found", tried)
	}
	var after string
	if err := before.QueryRow(context.Background(), `SELECT form::text FROM drafts WHERE id = $1`, draft).Scan(&after); err != nil || after != form {
		t.Fatalf("draft changed by a helper: %s → %s (%v)", form, after, err)
	}
}

// screenBrowse signs in through the login page without following where it
// lands: the landing page is the help desk's, not under test here.
func (s *system) screenBrowse(t *testing.T, user string) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, s: s, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	b.csrf = field(t, b.get("/login", 200), "csrf")
	resp, err := b.http.PostForm(s.base+"/login", url.Values{"user_id": {user}, "csrf": {b.csrf}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 3 {
		t.Fatalf("sign in as %s: %d", user, resp.StatusCode)
	}
	// Forms redirect on success: follow, as a browser does.
	b.http.CheckRedirect = nil
	return b
}
