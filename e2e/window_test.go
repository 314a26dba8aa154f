package e2e_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWindowEntry: 窗口代办 (issue 19), on a phone's width. The clerk at
// 综合受理窗口 3 号 identifies 张伟 against the population registry (a wrong
// name is refused on its field), fills a restaurant application for him,
// uploads its materials and submits: a window case naming the counter and
// the clerk, which 张伟 finds in his own list. Another clerk, the clerk's
// own case pages and an applicant's claim to the window are refused; a
// submission from the phone app through the API is a mobile case.
func TestWindowEntry(t *testing.T) {
	s := startSystem(t)
	clerk := openBrowser(t, "clerk")
	file := filepath.Join(t.TempDir(), "材料.pdf")
	if err := os.WriteFile(file, pdf("window"), 0o644); err != nil {
		t.Fatal(err)
	}
	codes, axe := internalCodes(), axeSource(t)
	run(t, clerk, "the clerk signs in to the counter", signIn(s, "clerk-1"))
	checkPage(t, clerk, s.base+"/window", codes, axe)
	run(t, clerk, "a name that is not the registry's is refused on its field",
		chromedp.SetValue(chromedp.CSS(`#f-id_number`), "31010419900307123X"),
		chromedp.SetValue(chromedp.CSS(`#f-name`), "张卫"),
		chromedp.SetValue(chromedp.CSS(`#f-bundle`), "open-restaurant"),
		markPage(), chromedp.Click(chromedp.CSS(`#identify button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert a[href="#f-name"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-name[aria-invalid="true"]`)))
	run(t, clerk, "张伟 as his ID card reads opens his draft",
		chromedp.SetValue(chromedp.CSS(`#f-name`), "张伟"),
		markPage(), chromedp.Click(chromedp.CSS(`#identify button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`#draft-form`)))
	if who := read(t, clerk, "acting for", chromedp.Text(chromedp.CSS(`#acting-for`))); !strings.Contains(who, "张伟") {
		t.Fatalf("the draft does not say whom it is for: %q", who)
	}
	draftURL := read(t, clerk, "draft address", chromedp.Evaluate[string](`location.pathname`))
	if !strings.HasPrefix(draftURL, "/window/drafts/") {
		t.Fatalf("the clerk's draft is at %s", draftURL)
	}
	draftID := strings.TrimPrefix(draftURL, "/window/drafts/")
	checkPage(t, clerk, s.base+draftURL, codes, axe)
	fill := `(() => { const form = ` + zhangWeisRestaurant(t) + `;
		for (const [k, v] of Object.entries(form)) {
			const els = document.querySelectorAll('#draft-form [name="' + k + '"]');
			if (els.length > 1 || (els[0] && els[0].type === "checkbox")) { els.forEach(el => el.checked = [].concat(v).includes(el.value)); }
			else if (els[0]) { els[0].value = String(v); }
		}
		return true; })()`
	read(t, clerk, "fill the form", chromedp.Evaluate[bool](fill))
	run(t, clerk, "save it", markPage(), chromedp.Click(chromedp.CSS(`#draft-form button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)), chromedp.WaitVisible(chromedp.CSS(`#draft-form`)))
	uploads := read(t, clerk, "materials to upload", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("li.material"))
		.filter(li => li.querySelector("input[type=file]")).map(li => li.id.slice(2))`))
	for _, code := range uploads {
		run(t, clerk, "upload "+code,
			chromedp.SetUploadFiles(chromedp.CSS(`#file-`+code), []string{file}),
			chromedp.Click(chromedp.CSS(`#m-`+code+` form[data-upload] button`)),
			chromedp.WaitVisible(chromedp.Search(`//p[@id="m-`+code+`-status"][contains(., "已上传")]`)))
	}
	file0 := read(t, clerk, "an uploaded file's link", chromedp.Evaluate[string](`document.querySelector("li.material a[href*='/files/']").getAttribute("href")`))
	read(t, clerk, "confirm the pledges", chromedp.Evaluate[bool](`(() => {
		document.querySelectorAll('input[name=pledge]').forEach(el => el.checked = true); return true; })()`))
	run(t, clerk, "submit for 张伟", markPage(), chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)), chromedp.WaitVisible(chromedp.CSS(`#receipt`)))
	caseID := read(t, clerk, "case number", chromedp.Text(chromedp.CSS(`#case-number`)))
	s.waitCase(s.login("zhang-wei"), caseID, "the case is accepted", func(c map[string]any) bool {
		return c["status"] == "in_review" && taskStatus(c, "business-licence") != "pending"
	})
	if ch := read(t, clerk, "receipt channel", chromedp.Text(chromedp.CSS(`#channel`))); ch != "窗口（综合受理窗口 3 号，经办人 王静）" {
		t.Errorf("the receipt's channel reads %q", ch)
	}
	checkPage(t, clerk, s.base+"/window/cases/"+caseID, codes, axe)

	// The case is 张伟's, filed at the window by clerk-1.
	zhang := s.login("zhang-wei")
	c := s.must(200, s.call("GET", "/api/v1/cases/"+caseID, zhang, nil)).body
	if c["channel"] != "window" || c["window"] != "综合受理窗口 3 号" || c["entered_by"] != "clerk-1" {
		t.Fatalf("case channel %v, window %v, entered by %v", c["channel"], c["window"], c["entered_by"])
	}
	person := openBrowser(t, "zhang-wei")
	run(t, person, "张伟 finds the case in his own list", signIn(s, "zhang-wei"),
		chromedp.Navigate(s.base+"/cases"),
		chromedp.Click(chromedp.CSS(`a[href="/cases/`+caseID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#case-channel`)))
	if ch := read(t, person, "case channel", chromedp.Text(chromedp.CSS(`#case-channel`))); !strings.Contains(ch, "窗口（综合受理窗口 3 号，经办人 王静）") {
		t.Errorf("张伟's case page reads %q", ch)
	}
	checkPage(t, person, s.base+"/cases/"+caseID, codes, axe)
	staff := s.browse(t, "reviewer-samr")
	if page := staff.get("/tasks/"+taskID(caseID, "business-licence"), 200); !strings.Contains(page, "窗口（综合受理窗口 3 号，经办人 王静）") {
		t.Errorf("the reviewer's task page does not name the channel: %.1500s", page)
	}

	t.Run("Denials", func(t *testing.T) {
		other := s.browse(t, "clerk-2")
		other.get("/window/drafts/"+draftID, 404) // another clerk's draft does not exist to them
		other.get("/window/cases/"+caseID, 404)
		other.get(file0, 404)
		mine := s.browse(t, "clerk-1")
		if body := mine.get(file0, 200); !strings.HasPrefix(body, "%PDF") {
			t.Errorf("the clerk's upload reads %.40q", body)
		}
		mine.get("/cases/"+caseID, 403) // a clerk reads no case pages
		mine.get("/drafts/"+draftID, 403)
		s.must(403, s.call("GET", "/api/v1/cases/"+caseID, s.login("clerk-1"), nil))
		s.browse(t, "zhang-wei").get("/window", 403)
		s.browse(t, "li-na").get("/window/drafts/"+draftID, 403)
		s.must(404, s.call("GET", "/api/v1/cases/"+caseID, s.login("li-na"), nil))
	})
	t.Run("ApplicantCannotFileAtWindow", func(t *testing.T) {
		id := newbornDraft(t, s, zhang)
		r := s.must(400, s.call("POST", "/api/v1/drafts/"+id+"/submit", zhang, map[string]any{"channel": "window"}))
		if r.code() != "EINVALID" {
			t.Fatalf("refused with %s: %s", r.code(), r.raw)
		}
	})
	t.Run("MobileFromTheAppShell", func(t *testing.T) {
		id := newbornDraft(t, s, zhang)
		b := s.browse(t, "zhang-wei")
		req, err := http.NewRequest("POST", s.base+"/drafts/"+id+"/submit", strings.NewReader(url.Values{"csrf": {b.csrf}}.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "Mozilla/5.0 (Linux; Android 14) HaobanApp/2.1")
		resp, err := b.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		caseID, ok := strings.CutPrefix(resp.Request.URL.Path, "/cases/")
		if resp.StatusCode != 200 || !ok {
			t.Fatalf("submitted to %d %s", resp.StatusCode, resp.Request.URL)
		}
		if c := s.must(200, s.call("GET", "/api/v1/cases/"+caseID, zhang, nil)).body; c["channel"] != "mobile" {
			t.Fatalf("the app shell's case is %v", c["channel"])
		}
	})
	t.Run("MobileThroughTheAPI", func(t *testing.T) {
		li := s.login("li-na")
		id := newbornDraft(t, s, li)
		caseID := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", li, map[string]any{"channel": "mobile"})).body["id"].(string)
		if c := s.must(200, s.call("GET", "/api/v1/cases/"+caseID, li, nil)).body; c["channel"] != "mobile" {
			t.Fatalf("the phone's case is %v", c["channel"])
		}
	})
}

// newbornDraft is a filled newborn draft of the token's applicant.
func newbornDraft(t *testing.T, s *system, token string) string {
	t.Helper()
	id := s.must(201, s.call("POST", "/api/v1/drafts", token, map[string]any{"bundle": "newborn"})).body["id"].(string)
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, token, map[string]any{"form": readForm(t, "../testdata/newborn.json")}))
	return id
}

// zhangWeisRestaurant is the test restaurant's form as a JavaScript object
// literal, for a new company of 张伟's.
func zhangWeisRestaurant(t *testing.T) string {
	t.Helper()
	form := readForm(t, "../testdata/open-restaurant.json")
	form["enterprise.name"] = "上海张记面馆有限公司"
	form["legal_rep.name"], form["legal_rep.id_number"], form["legal_rep.phone"] = "张伟", "31010419900307123X", "13912345678"
	raw, err := json.Marshal(form)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
