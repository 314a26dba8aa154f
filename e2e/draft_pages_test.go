package e2e_test

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// formPost is a form's values as the draft page posts them.
func formPost(form map[string]any) url.Values {
	all := url.Values{}
	for k, v := range form {
		switch x := v.(type) {
		case string:
			all.Set(k, x)
		case float64:
			all.Set(k, strconv.FormatFloat(x, 'f', -1, 64))
		case bool:
			all.Set(k, strconv.FormatBool(x))
		case []any:
			for _, e := range x {
				all.Add(k, e.(string))
			}
		}
	}
	return all
}

// TestDraftComesBackThroughMyDrafts: an applicant fills the form, leaves,
// and comes back through 我的草稿 (and through 在线申请 again) to the same
// draft with every value and upload kept; the list is in the API too.
func TestDraftComesBackThroughMyDrafts(t *testing.T) {
	s := startSystem(t)
	applicant := s.browse(t, "li-na")
	page := applicant.post("/drafts", url.Values{"bundle": {"open-restaurant"}}, 200)
	id := regexp.MustCompile(`action="/drafts/([^/"]+)/save"`).FindStringSubmatch(page)[1]
	form := readForm(t, "../testdata/open-restaurant.json")
	form["enterprise.name"] = "上海好味餐饮第二有限公司" // typed over the prefilled name
	applicant.post("/drafts/"+id+"/save", formPost(form), 200)
	token := s.login("li-na")
	s.must(201, s.upload("/api/v1/drafts/"+id+"/materials", token, "layout", "布局图.pdf", pdf("layout")))

	home := applicant.get("/bundles", 200)
	if !strings.Contains(home, `href="/drafts"`) || strings.Contains(home, "（samr") {
		t.Fatalf("no link to 我的草稿, or a department code on the catalogue: %.1500s", home)
	}
	list := applicant.get("/drafts", 200)
	if !strings.Contains(list, `href="/drafts/`+id+`"`) || !strings.Contains(list, "继续填写") || !strings.Contains(list, "开办餐饮店") {
		t.Fatalf("我的草稿 does not offer the draft: %.1500s", list)
	}
	again := applicant.post("/drafts", url.Values{"bundle": {"open-restaurant"}}, 200)
	if got := regexp.MustCompile(`action="/drafts/([^/"]+)/save"`).FindStringSubmatch(again)[1]; got != id {
		t.Fatalf("在线申请 again started draft %s instead of resuming %s", got, id)
	}
	back := html.UnescapeString(applicant.get("/drafts/"+id, 200))
	for k, v := range form {
		var want string
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				want = fmt.Sprintf(`name="%s" value="%s" checked`, k, e)
				if !strings.Contains(back, want) {
					t.Errorf("%s: %q not kept", k, e)
				}
			}
			continue
		case bool:
			want = fmt.Sprintf(`value="%t" selected`, x)
		case float64:
			want = fmt.Sprintf(`name="%s" value="%s"`, k, strconv.FormatFloat(x, 'f', -1, 64))
		default:
			want = fmt.Sprintf(`name="%s" value="%s"`, k, x)
			if strings.Contains(back, `<select id="f-`+k+`"`) {
				want = fmt.Sprintf(`<option selected>%s</option>`, x)
			}
		}
		if !strings.Contains(back, want) {
			t.Errorf("%s: %q not in the page", k, want)
		}
	}
	if !strings.Contains(back, "布局图.pdf") || !strings.Contains(back, "删除已上传的文件") {
		t.Error("the upload is not kept with its delete action")
	}

	drafts := s.must(200, s.call("GET", "/api/v1/drafts", token, nil)).body
	if drafts["total"] != 1.0 || drafts["next_cursor"] != "" || drafts["drafts"].([]any)[0].(map[string]any)["id"] != id {
		t.Fatalf("GET /api/v1/drafts = %v", drafts)
	}
	if other := s.must(200, s.call("GET", "/api/v1/drafts", s.login("zhang-wei"), nil)).body; other["total"] != 0.0 {
		t.Errorf("another applicant sees %v", other)
	}
	s.must(403, s.call("GET", "/api/v1/drafts", s.login("reviewer-samr"), nil))
	s.must(401, s.call("GET", "/api/v1/drafts", "", nil))
	s.must(400, s.call("GET", "/api/v1/drafts?cursor=not-ours", token, nil))
}

// TestDuplicateApplicationConfirmed: a second application for the same
// enterprise while the first is open is refused with the open case's
// number (API 409, page with the box to tick), and accepted once confirmed.
func TestDuplicateApplicationConfirmed(t *testing.T) {
	s := startSystem(t)
	token := s.login("li-na")
	filled := func() string {
		id := s.must(201, s.call("POST", "/api/v1/drafts", token, map[string]any{"bundle": "open-restaurant"})).body["id"].(string)
		s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, token, map[string]any{"form": readForm(t, "../testdata/open-restaurant.json")}))
		for _, code := range restaurantMaterials {
			s.upload("/api/v1/drafts/"+id+"/materials", token, code, code+".pdf", pdf(code))
		}
		return id
	}
	pledged := map[string]any{"pledges": generatedCodes}
	first := s.must(201, s.call("POST", "/api/v1/drafts/"+filled()+"/submit", token, pledged)).body["id"].(string)

	second := filled()
	refused := s.must(409, s.call("POST", "/api/v1/drafts/"+second+"/submit", token, pledged))
	if refused.code() != "ECONFLICT" || !strings.Contains(string(refused.raw), first) {
		t.Fatalf("the refusal does not name the open case %s: %s", first, refused.raw)
	}
	applicant := s.browse(t, "li-na")
	page := applicant.get("/drafts/"+second, 200)
	if !strings.Contains(page, `href="/cases/`+first+`"`) || !strings.Contains(page, `name="confirm_duplicate"`) {
		t.Fatalf("the draft page does not show the open case: %.2000s", page)
	}
	refusedPage := applicant.post("/drafts/"+second+"/submit", url.Values{"pledge": generatedCodes}, 409)
	if !strings.Contains(refusedPage, `class="error-summary"`) || !strings.Contains(refusedPage, `href="#confirm-duplicate"`) ||
		!regexp.MustCompile(`id="confirm-duplicate"[^>]*aria-invalid="true"`).MatchString(refusedPage) {
		t.Fatalf("the refused page has no linked error summary: %.2000s", refusedPage)
	}
	accepted := s.must(201, s.call("POST", "/api/v1/drafts/"+second+"/submit", token, map[string]any{"confirm_duplicate": true, "pledges": generatedCodes})).body["id"].(string)
	if accepted == first {
		t.Fatal("the confirmed submission returned the first case")
	}
	s.waitCase(token, accepted, "the second case is accepted", func(c map[string]any) bool {
		return c["status"] == "in_review" && taskStatus(c, "business-licence") == "approved"
	})
}

// TestNameOfAnotherEnterpriseNotAccepted: a business licence for a name
// registered to another enterprise is not accepted (不予受理), with the
// reason; the pre-review says so beside the name before submission.
func TestNameOfAnotherEnterpriseNotAccepted(t *testing.T) {
	s := startSystem(t)
	token := s.login("zhang-wei")
	id := s.must(201, s.call("POST", "/api/v1/drafts", token, map[string]any{"bundle": "open-restaurant"})).body["id"].(string)
	form := readForm(t, "../testdata/open-restaurant.json") // li-na's enterprise's name
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, token, map[string]any{"form": form}))
	for _, code := range restaurantMaterials {
		s.upload("/api/v1/drafts/"+id+"/materials", token, code, code+".pdf", pdf(code))
	}
	page := s.browse(t, "zhang-wei").get("/drafts/"+id, 200)
	if !regexp.MustCompile(`id="f-enterprise.name-error"[^>]*>\s*<p>企业名称「上海好味餐饮有限公司」已由其他企业登记`).MatchString(page) {
		t.Fatalf("the pre-review does not say beside the name that it is taken: %.3000s", page)
	}
	caseID := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", token, map[string]any{"pledges": generatedCodes})).body["id"].(string)
	c := s.waitCase(token, caseID, "not accepted", func(c map[string]any) bool { return c["status"] == "not_accepted" })
	if !strings.Contains(string(mustJSON(t, c["events"])), "已由其他企业登记") {
		t.Errorf("not accepted without the reason: %v", c["events"])
	}

	// The enterprise's own representative may use its name.
	li := s.login("li-na")
	own := s.must(201, s.call("POST", "/api/v1/drafts", li, map[string]any{"bundle": "open-restaurant"})).body["id"].(string)
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+own, li, map[string]any{"form": form}))
	for _, r := range s.must(200, s.call("POST", "/api/v1/drafts/"+own+"/prereview", li, nil)).body["results"].([]any) {
		if res := r.(map[string]any); res["rule"] == "enterprise-name-free" && res["outcome"] != "passed" {
			t.Errorf("the representative's own name: %v", res)
		}
	}
}
