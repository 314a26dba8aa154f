package e2e_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// walkCases are cases in each state the pages must show, and the pages
// that name them.
type walkCases struct {
	inReview, open, supplement, rejected, withdrawn, approved, draft, document string
}

// setUpWalk makes, through the API, li-na's cases in review (claimed by the
// health reviewer, and one still unclaimed), awaiting a supplement,
// rejected, withdrawn, and an open-restaurant case approved with its
// licences issued; and a draft.
func setUpWalk(t *testing.T, s *system) walkCases {
	t.Helper()
	li, health := s.login("li-na"), s.login("reviewer-health")
	var w walkCases
	decide := func(id, key string, body map[string]any) {
		path := "/api/v1/tasks/" + taskID(id, "birth-certificate")
		s.must(200, s.call("POST", path+"/claim", health, nil))
		if body != nil {
			s.must(200, s.call("POST", path+"/decision", health, body, "Idempotency-Key", key))
		}
	}
	w.inReview = s.newbornCase(li, "walk-in-review")
	decide(w.inReview, "", nil)
	// A paused clock: the board, the inbox and the pages say so in words.
	s.must(200, s.call("POST", "/api/v1/tasks/"+taskID(w.inReview, "birth-certificate")+"/suspend", s.login("supervisor"),
		map[string]any{"reason": "expert_review", "note": "出生医学证明真伪送卫健部门核查"}))
	w.open = s.newbornCase(li, "walk-open")
	w.supplement = s.newbornCase(li, "walk-supplement")
	decide(w.supplement, "walk-ask", map[string]any{"decision": "supplement", "comment": "请补正出生医院",
		"missing": []map[string]string{{"kind": "field", "key": "child.hospital", "reason": "出生医院名称与出生医学证明存根不符"}}})
	w.rejected = s.newbornCase(li, "walk-rejected")
	decide(w.rejected, "walk-reject", map[string]any{"decision": "reject", "comment": "出生医学证明存根记载的母亲与申请不符"})
	s.waitCase(li, w.rejected, "the rejection ends the case", func(c map[string]any) bool { return c["status"] == "completed" })
	w.withdrawn = s.newbornCase(li, "walk-withdrawn")
	s.must(200, s.call("POST", "/api/v1/cases/"+w.withdrawn+"/withdraw", li, map[string]string{"reason": "已在外省办理"}))

	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		t.Fatal(err)
	}
	w.approved = s.must(201, s.call("POST", "/api/v1/cases", li, form, "Idempotency-Key", "walk-approved")).body["id"].(string)
	s.waitCase(li, w.approved, "business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
	s.approve(s.login("reviewer-samr"), w.approved, "business-licence")
	parallel := map[string]string{"food-licence": "samr", "fire-check": "fire", "signage": "greening", "drainage": "water"}
	s.waitCase(li, w.approved, "the dependent items open", func(c map[string]any) bool {
		for item := range parallel {
			if taskStatus(c, item) != "open" {
				return false
			}
		}
		return true
	})
	for item, dept := range parallel {
		s.approve(s.login("reviewer-"+dept), w.approved, item)
	}
	s.waitCase(li, w.approved, "approval", func(c map[string]any) bool { return c["status"] == "completed" })
	for _, l := range s.must(200, s.call("GET", "/api/v1/licences", li, nil)).body["licences"].([]any) {
		if docs, _ := l.(map[string]any)["documents"].([]any); len(docs) > 0 && w.document == "" {
			w.document = docs[0].(map[string]any)["id"].(string)
		}
	}
	if w.document == "" {
		t.Fatal("no licence document issued by the approved case")
	}
	w.draft = s.must(201, s.call("POST", "/api/v1/drafts", li, map[string]any{"bundle": "newborn"})).body["id"].(string)
	s.seedWalkNotices(t, w.approved)
	return w
}

type walkPage struct{ name, path string }

// walkRoutes lists, per user ("" signed out), every page that user can
// reach, from the routes in web/web.go.
func walkRoutes(w walkCases) []struct {
	user  string
	pages []walkPage
} {
	task := func(id string) string { return "/tasks/" + taskID(id, "birth-certificate") }
	return []struct {
		user  string
		pages []walkPage
	}{
		{"", []walkPage{{"login", "/login"}, {"verify", "/verify"}, {"verify-document", "/verify/" + w.document},
			{"guide", "/guide"}, {"guide-search", "/guide?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7"}, {"guide-bundle", "/guide/open-restaurant"},
			{"guide-item", "/guide/open-restaurant/fire-check"}}},
		{"li-na", []walkPage{{"bundles", "/bundles"}, {"guide-bundle", "/guide/open-restaurant"}, {"apply", "/apply/newborn"}, {"drafts", "/drafts"}, {"draft", "/drafts/" + w.draft},
			{"cases", "/cases"}, {"case-in-review", "/cases/" + w.inReview}, {"case-open", "/cases/" + w.open},
			{"case-awaiting-supplement", "/cases/" + w.supplement}, {"case-rejected", "/cases/" + w.rejected},
			{"case-withdrawn", "/cases/" + w.withdrawn}, {"case-approved", "/cases/" + w.approved},
			{"licences", "/licences"}, {"policy-check", "/policies/check"}, {"notifications", "/notifications"}, {"verify-document", "/verify/" + w.document}, {"settings", "/settings"}}},
		{"reviewer-health", []walkPage{{"inbox", "/inbox"}, {"cases", "/cases"}, {"task-open", task(w.open)},
			{"task-claimed", task(w.inReview)}, {"task-awaiting-supplement", task(w.supplement)},
			{"task-rejected", task(w.rejected)}, {"case-in-review", "/cases/" + w.inReview}, {"notifications", "/notifications"},
			{"settings", "/settings"}}},
		{"supervisor", []walkPage{{"board", "/board"}, {"stats", "/stats"}, {"cases", "/cases"},
			{"case-approved", "/cases/" + w.approved}, {"case-in-review", "/cases/" + w.inReview},
			{"task-claimed", task(w.inReview)}, {"notifications", "/notifications"}, {"settings", "/settings"}}},
		{"admin", []walkPage{{"cases", "/cases"}, {"calendar", "/admin/calendar"}, {"case-approved", "/cases/" + w.approved},
			{"notifications", "/notifications"}, {"settings", "/settings"}, {"dead-letters", "/admin/notices"}}},
		{"catalogue-admin", []walkPage{{"catalogue", "/admin/catalogue"}, {"catalogue-new", "/admin/catalogue/new"},
			{"catalogue-bundle", "/admin/catalogue/open-restaurant"}, {"catalogue-item", "/admin/catalogue/open-restaurant/items/food-licence"},
			{"catalogue-versions", "/admin/catalogue/open-restaurant/versions"}, {"catalogue-compare", "/admin/catalogue/open-restaurant/compare"},
			{"catalogue-preview", "/admin/catalogue/open-restaurant/versions/1/preview"}}},
		{"editor-fire", []walkPage{{"catalogue-bundle", "/admin/catalogue/open-restaurant"},
			{"catalogue-item-read-only", "/admin/catalogue/open-restaurant/items/food-licence"}}},
	}
}

// TestPagesWalk visits every page as every role at a phone's and a
// desktop's width, and holds each to the house rules: no sideways
// scrolling, no internal code in the text, no serious or critical axe-core
// violation. It saves a full-page screenshot of each (see shotDir).
func TestPagesWalk(t *testing.T) {
	s := startSystem(t)
	w := setUpWalk(t, s)
	codes, axe, dir := internalCodes(), axeSource(t), shotDir(t)
	for _, role := range walkRoutes(w) {
		name := role.user
		if name == "" {
			name = "signed-out"
		}
		t.Run(name, func(t *testing.T) {
			ctx := openBrowser(t, name)
			if role.user != "" {
				run(t, ctx, "sign in", signIn(s, role.user))
			}
			for _, p := range role.pages {
				for _, width := range []int64{390, 1366} {
					t.Run(p.name+"/"+widthName(width), func(t *testing.T) {
						run(t, ctx, "viewport", chromedp.EmulateViewport(width, 900))
						checkPage(t, ctx, s.base+p.path, codes, axe)
						savePage(t, ctx, dir, name+"-"+p.name+"-"+widthName(width))
					})
				}
			}
		})
	}
}
