package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban"
)

// TestKnowledgePagesInABrowser holds the knowledge base's admin pages to
// the house rules at a phone's and a desktop's width: no sideways
// scrolling, no internal code in the text, no serious axe violation; and
// a refused save shows one error summary whose links reach the fields.
func TestKnowledgePagesInABrowser(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	s.clock.Set(time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing))
	if err := s.store.RebuildKnowledge(ctx, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	qa := s.must(200, s.call("POST", "/api/v1/admin/knowledge", s.login("editor-samr"), map[string]any{
		"title": "营业执照可以邮寄吗", "body": "可以。申请时选择邮寄送达，办结后寄到填写的地址。", "department": "samr", "publish": true}))
	built, err := s.store.ListKnowledge(ctx, haoban.KnowledgeFilter{Kind: haoban.KnowledgeMaterial, Text: "公司章程"})
	if err != nil || len(built) == 0 {
		t.Fatalf("built entries: %v", err)
	}
	codes, axe := internalCodes(), axeSource(t)
	b := openBrowser(t, "knowledge")
	run(t, b, "sign in", signIn(s, "catalogue-admin"))
	pages := []struct{ name, path string }{{"list", "/admin/knowledge"}, {"search", "/admin/knowledge?q=%E5%85%AC%E5%8F%B8%E7%AB%A0%E7%A8%8B%E8%A6%81%E5%8E%9F%E4%BB%B6%E5%90%97"},
		{"new", "/admin/knowledge/new"}, {"qa", "/admin/knowledge/" + qa.body["id"].(string)},
		{"built", "/admin/knowledge/" + built[0].ID}, {"synonyms", "/admin/knowledge/synonyms"}}
	for _, p := range pages {
		for _, width := range []int64{390, 1366} {
			t.Run(p.name+"/"+widthName(width), func(t *testing.T) {
				run(t, b, "viewport", chromedp.EmulateViewport(width, 900))
				checkPage(t, b, s.base+p.path, codes, axe)
			})
		}
	}
	t.Run("ErrorSummary", func(t *testing.T) {
		run(t, b, "viewport", chromedp.EmulateViewport(390, 900))
		run(t, b, "refused save", chromedp.Navigate(s.base+"/admin/knowledge/new"),
			chromedp.SetValue(chromedp.CSS(`#f-title`), "问"),
			chromedp.Click(chromedp.CSS(`form[action="/admin/knowledge/new"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`div.alert[role="alert"]`)))
		n := read(t, b, "summaries", chromedp.Evaluate[int](`document.querySelectorAll('[role="alert"]').length`))
		links := read(t, b, "links", chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll('[role="alert"] a')).map(a => a.getAttribute('href'))`))
		if n != 1 || len(links) < 2 {
			t.Fatalf("%d summaries with links %v, want one linking to each field", n, links)
		}
		for _, href := range links {
			if !read(t, b, "target of "+href, chromedp.Evaluate[bool](`!!document.querySelector('`+href+`')`)) {
				t.Errorf("the summary links to %s, which is not on the page", href)
			}
		}
	})
}
