package e2e_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"haoban/demo"
)

// pageText is what a page shows: the markup without its tags.
func pageText(html string) string {
	html = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`).ReplaceAllString(html, " ")
	return regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(html, " ")
}

// TestGuidePages: the 办事指南 lists and finds every demo bundle, and each
// bundle's and item's guide renders signed out, with departments, items and
// materials by name and never a code, the demo notice, and a way to apply;
// li-na, signed in, reads which material her certificate spares her and
// starts an application from the guide.
func TestGuidePages(t *testing.T) {
	s := startSystem(t)
	if err := s.store.ReindexGuide(context.Background()); err != nil {
		t.Fatal(err)
	}
	codes := internalCodes()
	anonymous := &browser{t: t, s: s, http: &http.Client{}}
	index := anonymous.get("/guide", 200)
	for _, b := range demo.Bundles() {
		if !strings.Contains(index, `href="/guide/`+b.Code+`"`) || !strings.Contains(index, b.Name) {
			t.Errorf("the guide does not list %s", b.Name)
		}
	}
	depts := map[string]string{}
	for _, d := range demo.Departments() {
		depts[d.Code] = d.Name
	}
	for _, b := range demo.Bundles() {
		t.Run(b.Code, func(t *testing.T) {
			page := anonymous.get("/guide/"+b.Code, 200)
			text := pageText(page)
			if seen := codesIn(text, codes); len(seen) > 0 {
				t.Errorf("codes shown: %v", seen)
			}
			for _, it := range b.Items {
				if !strings.Contains(text, it.Name) || !strings.Contains(text, depts[it.Department]) {
					t.Errorf("the page lacks %s or its department %s", it.Name, depts[it.Department])
				}
				item := pageText(anonymous.get("/guide/"+b.Code+"/"+it.Code, 200))
				if seen := codesIn(item, codes); len(seen) > 0 || !strings.Contains(item, "受理条件") {
					t.Errorf("the guide of %s: codes %v", it.Name, seen)
				}
			}
			if !strings.Contains(page, "<svg") || strings.Count(page, "<rect") != len(b.Items) {
				t.Error("the steps are not drawn, one box per item")
			}
			if b.Demo != strings.Contains(text, "示例数据，非法律意见") {
				t.Errorf("demo %v, but the notice is %v", b.Demo, !b.Demo)
			}
			if !strings.Contains(text, "登录后申请") || strings.Contains(text, "您可免于提交") {
				t.Error("signed out: no way to apply, or exemptions shown")
			}
		})
	}

	t.Run("Search", func(t *testing.T) {
		page := anonymous.get("/guide?q="+url.QueryEscape("食品经营许可"), 200)
		if !strings.Contains(page, `href="/guide/open-restaurant/food-licence"`) {
			t.Fatalf("searching 食品经营许可 does not find the food licence: %.600s", pageText(page))
		}
		page = anonymous.get("/guide?q=", 400)
		if !strings.Contains(page, `href="#f-q"`) {
			t.Fatal("an empty search has no error linking to the search box")
		}
	})
	t.Run("API", func(t *testing.T) {
		idx := s.must(200, s.call("GET", "/api/v1/guide", "", nil)).body
		if len(idx["groups"].([]any)) == 0 {
			t.Fatalf("public guide: %v", idx)
		}
		hits := s.must(200, s.call("GET", "/api/v1/guide/search?q="+url.QueryEscape("餐饮"), "", nil)).body["hits"].([]any)
		if len(hits) == 0 || hits[0].(map[string]any)["bundle"] != "open-restaurant" {
			t.Fatalf("search 餐饮: %v", hits)
		}
		s.must(400, s.call("GET", "/api/v1/guide/search?q=", "", nil))
		s.must(404, s.call("GET", "/api/v1/guide/no-such", "", nil))
		mine := s.must(200, s.call("GET", "/api/v1/guide/open-restaurant", s.login("li-na"), nil))
		if mine.body["personal"] != true || !strings.Contains(string(mine.raw), "SH-FSM-2024-00871") {
			t.Fatalf("with the applicant's token the guide is not theirs: %.300s", mine.raw)
		}
	})
	t.Run("ExemptWhenSignedIn", func(t *testing.T) {
		li := s.browse(t, "li-na")
		text := pageText(li.get("/guide/open-restaurant", 200))
		if !strings.Contains(text, "您可免于提交") || !strings.Contains(text, "SH-FSM-2024-00871") {
			t.Fatalf("li-na holds the food-safety manager certificate, but the guide does not say so: %.1500s", text)
		}
		if !strings.Contains(text, "需要您提交") {
			t.Fatal("the materials she must submit are not marked")
		}
		draft := li.post("/drafts", url.Values{"bundle": {"open-restaurant"}}, 200)
		if !strings.Contains(draft, "开办餐饮店") {
			t.Fatalf("applying from the guide: %.300s", pageText(draft))
		}
	})
	t.Run("Phone", func(t *testing.T) {
		axe := axeSource(t)
		ctx := openBrowser(t, "guide")
		run(t, ctx, "viewport", chromedp.EmulateViewport(390, 844))
		paths := []string{"/guide", "/guide?q=" + url.QueryEscape("营业执照"), "/guide/open-restaurant/fire-check"}
		for _, b := range demo.Bundles() {
			paths = append(paths, "/guide/"+b.Code)
		}
		for _, p := range paths {
			checkPage(t, ctx, s.base+p, codes, axe)
		}
		run(t, ctx, "sign in", signIn(s, "li-na"))
		run(t, ctx, "viewport", chromedp.EmulateViewport(390, 844))
		checkPage(t, ctx, s.base+"/guide/open-restaurant", codes, axe)
	})
}
