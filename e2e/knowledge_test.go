package e2e_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"haoban"
)

// TestKnowledgeAPIAndPages: an applicant searches the demo knowledge base
// and gets the material's entry first; samr's editor writes a question and
// answer, fire's editor and an applicant may not touch it; a draft is not
// found, its published version is; the catalogue admin edits the synonyms
// and an editor may not; the admin pages list, search and edit with one
// error summary.
func TestKnowledgeAPIAndPages(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	s.clock.Set(time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing))
	if err := s.store.RebuildKnowledge(ctx, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	li, samr, fire, admin := s.login("li-na"), s.login("editor-samr"), s.login("editor-fire"), s.login("catalogue-admin")

	hits := s.must(200, s.call("GET", "/api/v1/knowledge/search?q="+url.QueryEscape("公司章程要原件吗"), li, nil))
	var list []haoban.KnowledgeHit
	if err := json.Unmarshal(hits.raw, &list); err != nil || len(list) == 0 || list[0].Ref != "business-licence/articles" ||
		!strings.Contains(list[0].Excerpt, "原件") {
		t.Fatalf("search: %v %s", err, hits.raw)
	}

	qa := map[string]any{"title": "个体工商户能开餐饮店吗", "body": "可以。先办理营业执照（个体工商户），再申请食品经营许可证。",
		"department": "samr"}
	if r := s.call("POST", "/api/v1/admin/knowledge", fire, qa); r.status != 403 {
		t.Errorf("fire's editor writes samr's entry: %d %s", r.status, r.raw)
	}
	if r := s.call("POST", "/api/v1/admin/knowledge", li, qa); r.status != 403 {
		t.Errorf("an applicant writes an entry: %d", r.status)
	}
	draft := s.must(200, s.call("POST", "/api/v1/admin/knowledge", samr, qa, "Idempotency-Key", "kb-1"))
	id, _ := draft.body["id"].(string)
	again := s.must(200, s.call("POST", "/api/v1/admin/knowledge", samr, qa, "Idempotency-Key", "kb-1"))
	if again.body["id"] != id || draft.body["status"] != "draft" {
		t.Fatalf("created %s, retried %s", draft.raw, again.raw)
	}
	search := func() string {
		return string(s.must(200, s.call("GET", "/api/v1/knowledge/search?kind=qa&q="+url.QueryEscape("个体工商户开饭店"), li, nil)).raw)
	}
	if strings.Contains(search(), id) {
		t.Fatal("a draft was found")
	}
	qa["publish"], qa["version"] = true, 1
	if r := s.call("PUT", "/api/v1/admin/knowledge/"+id, fire, qa); r.status != 403 {
		t.Errorf("fire's editor edits samr's entry: %d", r.status)
	}
	s.must(200, s.call("PUT", "/api/v1/admin/knowledge/"+id, samr, qa))
	if r := s.call("PUT", "/api/v1/admin/knowledge/"+id, samr, qa); r.status != 409 {
		t.Errorf("a second edit of version 1: %d", r.status)
	}
	if !strings.Contains(search(), id) {
		t.Fatalf("the published entry was not found: %s", search())
	}
	got := s.must(200, s.call("GET", "/api/v1/admin/knowledge/"+id, fire, nil))
	if vs, _ := got.body["versions"].([]any); len(vs) != 2 {
		t.Fatalf("versions %s", got.raw)
	}
	if r := s.call("DELETE", "/api/v1/admin/knowledge/"+id+"?version=2", fire, nil); r.status != 403 {
		t.Errorf("fire's editor ends samr's entry: %d", r.status)
	}

	syn := map[string]any{"groups": [][]string{{"执照", "营业执照"}, {"个体户", "个体工商户"}}}
	if r := s.call("PUT", "/api/v1/admin/knowledge/synonyms", samr, syn); r.status != 403 {
		t.Errorf("an editor edits the synonyms: %d", r.status)
	}
	s.must(200, s.call("PUT", "/api/v1/admin/knowledge/synonyms", admin, syn))
	if !strings.Contains(string(s.must(200, s.call("GET", "/api/v1/knowledge/search?q="+url.QueryEscape("个体户开饭店"), li, nil)).raw), id) {
		t.Error("the new synonym did not find the entry")
	}

	t.Run("Pages", func(t *testing.T) {
		b := s.browse(t, "editor-samr")
		list := b.get("/admin/knowledge?kind=qa", 200)
		if !strings.Contains(list, "个体工商户能开餐饮店吗") || !strings.Contains(list, "市场监督管理局") {
			t.Errorf("the list lacks the entry or its department's name")
		}
		found := b.get("/admin/knowledge?q="+url.QueryEscape("我要开一家餐馆"), 200)
		if !strings.Contains(found, "开办餐饮店") {
			t.Errorf("the search box does not find the bundle")
		}
		page := b.get("/admin/knowledge/new", 200)
		b.csrf = field(t, page, "csrf")
		bad := b.post("/admin/knowledge/new", url.Values{"title": {"问"}, "department": {"samr"}, "key": {"p-1"}}, 400)
		if strings.Count(bad, `role="alert"`) != 1 || !strings.Contains(bad, `href="#f-title"`) || !strings.Contains(bad, `href="#f-body"`) {
			t.Errorf("the refused form lacks one summary linking to its fields: %.2000s", bad)
		}
		done := b.post("/admin/knowledge/new", url.Values{"title": {"营业执照可以邮寄吗"}, "body": {"可以选择邮寄送达。"},
			"department": {"samr"}, "key": {"p-2"}, "publish": {"on"}}, 200)
		if !strings.Contains(done, "问答已保存") || !strings.Contains(done, "第 1 版") {
			t.Errorf("after saving: %.1500s", done)
		}
		s.browse(t, "li-na").get("/admin/knowledge", 403)
		fb := s.browse(t, "editor-fire")
		if other := fb.get("/admin/knowledge/"+id, 200); strings.Contains(other, `name="title"`) {
			t.Error("fire's editor is offered samr's entry to edit")
		}
	})
}
