package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenInTheBrowser (同屏, issue 18), in real browsers at a phone's
// width: the applicant allows the helper to see the draft from the draft
// page; the helper's read-only view follows the applicant's typing without
// reloading; the helper's "提示此项" scrolls the applicant's page to the
// field and shows the note beside it.
func TestScreenInTheBrowser(t *testing.T) {
	s := startSystem(t)
	draft := s.must(201, s.call("POST", "/api/v1/drafts", s.login("zhang-wei"), map[string]string{"bundle": "newborn"})).body["id"].(string)
	conv := s.screenConversation(t, "zhang-wei", draft)
	applicant, helper := openBrowser(t, "applicant"), openBrowser(t, "helper")

	run(t, applicant, "the applicant shares the draft from its page", signIn(s, "zhang-wei"),
		chromedp.Navigate(s.base+"/drafts/"+draft),
		chromedp.WaitVisible(chromedp.CSS(`#screen-panel input[name=share][value="1"] ~ button`)),
		markPage(), chromedp.Click(chromedp.CSS(`#screen-panel input[name=share][value="1"] ~ button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`#screen-panel input[name=share][value="0"] ~ button`)))

	run(t, helper, "the helper opens the shared draft",
		chromedp.Navigate(s.base+"/login"),
		chromedp.SetValue(chromedp.CSS(`#user_id`), "helper-health"),
		markPage(), chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.Navigate(s.base+"/helper/conversations/"+conv+"/screen"),
		chromedp.WaitVisible(chromedp.CSS(`#screen #hl-child\.name`)))
	if n := read(t, helper, "inputs of the draft", chromedp.Evaluate[int](`document.querySelectorAll("#screen input:not([type=hidden]):not([name=message])").length`)); n != 0 {
		t.Fatalf("the helper's view has %d inputs of the form", n)
	}
	read(t, helper, "mark the page", chromedp.Evaluate[bool](`window.notReloaded = true`))

	run(t, applicant, "the applicant types a name",
		chromedp.SendKeys(chromedp.CSS(`[name="child.name"]`), "张小满"),
		chromedp.Focus(chromedp.CSS(`[name="child.hospital"]`)),
		chromedp.WaitVisible(chromedp.Search(`//span[@id="saved"][contains(., "已自动保存")]`)))
	run(t, helper, "the helper's view follows",
		chromedp.WaitVisible(chromedp.Search(`//div[@id="hl-child.name"]//dd[contains(., "张小满")]`)))
	if !read(t, helper, "reload marker", chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Fatal("the helper's view was reloaded to follow the applicant")
	}

	run(t, helper, "the helper points at the name",
		chromedp.SetValue(chromedp.CSS(`#msg-child\.name`), "请与出生医学证明上的姓名一致"),
		chromedp.Click(chromedp.CSS(`#hl-child\.name button`)),
		chromedp.WaitVisible(chromedp.CSS(`#hl-child\.name.screen-hl`)))
	run(t, applicant, "the applicant's page shows the note at the field",
		chromedp.WaitVisible(chromedp.CSS(`.field.screen-hl .screen-note`)))
	note := read(t, applicant, "the note", chromedp.Text(chromedp.CSS(`.field.screen-hl .screen-note`)))
	if !strings.Contains(note, "请与出生医学证明上的姓名一致") {
		t.Fatalf("note %q", note)
	}
	if focused := read(t, applicant, "focus", chromedp.Evaluate[string](`document.activeElement.name`)); focused != "child.name" {
		t.Fatalf("focus on %q, want the highlighted field", focused)
	}
}
