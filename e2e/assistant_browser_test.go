package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban"
	"haoban/app"
)

// TestAssistantPanelInBrowser: on a phone-wide screen an applicant opens
// 小申 from the guide, asks a guide question and gets the entry as a link
// with the button that starts the draft; an empty question is refused
// with a summary linking to the field; an unknown question offers a
// person; the start button opens the draft.
func TestAssistantPanelInBrowser(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing))
	if err := (&app.Knowledge{Store: s.store, Time: s.clock}).Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	b := openBrowser(t, "applicant")
	run(t, b, "the applicant opens 小申 on the guide", signIn(s, "li-na"),
		chromedp.Navigate(s.base+"/guide"),
		chromedp.Click(chromedp.CSS(`.assistant-toggle`)),
		chromedp.WaitVisible(chromedp.CSS(`#assistant-question`)))
	if !read(t, b, "panel fits", chromedp.Evaluate[bool](`(function () {
		var r = document.getElementById("assistant-panel").getBoundingClientRect();
		return r.left >= 0 && r.right <= window.innerWidth && r.width <= 390;
	})()`)) {
		t.Fatal("the panel does not fit the screen, or is wider than a 390 px phone")
	}
	run(t, b, "an empty question is refused with a link to the field",
		chromedp.Click(chromedp.CSS(`.assistant-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.assistant-error a[href="#assistant-question"]`)))
	run(t, b, "a guide question gets its entry and the start button",
		chromedp.SendKeys(chromedp.CSS(`#assistant-question`), "我要开一家餐馆"),
		chromedp.Click(chromedp.CSS(`.assistant-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.assistant-log a[href="/guide/open-restaurant"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.assistant-log form[action="/drafts"] button`)),
		chromedp.WaitNotVisible(chromedp.CSS(`.assistant-error`)))
	if live := read(t, b, "live region", chromedp.AttributeValue(chromedp.CSS(`.assistant-log`), "aria-live")).Value; live != "polite" {
		t.Errorf("the answers' list is not a live region: aria-live=%q", live)
	}
	run(t, b, "an unknown question offers a person",
		chromedp.SendKeys(chromedp.CSS(`#assistant-question`), "帮我点份外卖"),
		chromedp.Click(chromedp.CSS(`.assistant-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.assistant-log form[action="/help/new"] button`)))
	run(t, b, "开始办理 opens the draft", markPage(),
		chromedp.Click(chromedp.CSS(`.assistant-log form[action="/drafts"] button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)),
		chromedp.WaitVisible(chromedp.CSS(`#draft-form`)))
}
