package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban"
)

// TestHelpBrowser: in real browsers at a phone's width, the applicant asks
// a person; the helper's reply appears on the open chat without a reload
// (SSE); the applicant's next message is posted without leaving the page;
// the supervisor's board and the helper's desk redraw themselves when a
// new question arrives. Each help page passes the house rules (no
// sideways scroll, no codes, axe).
func TestHelpBrowser(t *testing.T) {
	s := startSystem(t)
	wednesday := time.Date(2026, 4, 8, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(wednesday)
	samr := s.login("helper-samr")
	s.must(200, s.call("PUT", "/api/v1/helper/availability", samr, map[string]bool{"available": true}))
	codes, axe := internalCodes(), axeSource(t)
	applicant, helper, boss := openBrowser(t, "applicant"), openBrowser(t, "helper"), openBrowser(t, "supervisor")

	run(t, boss, "the supervisor opens the board", signIn(s, "supervisor"), chromedp.Navigate(s.base+"/staff/help"),
		chromedp.WaitVisible(chromedp.CSS(`#help-board-table`)))

	run(t, helper, "the helper opens the desk", signIn(s, "helper-samr"), chromedp.Navigate(s.base+"/helper"),
		chromedp.WaitVisible(chromedp.CSS(`#help-desk`)))
	read(t, helper, "mark the desk", chromedp.Evaluate[bool](`window.notReloaded = true`))

	run(t, applicant, "the applicant asks a person", signIn(s, "zhang-wei"),
		chromedp.Navigate(s.base+"/help/new?item=business-licence"),
		chromedp.SetValue(chromedp.CSS(`#f-question`), "营业执照的经营范围怎么写？"),
		markPage(), chromedp.Click(chromedp.CSS(`#help-new button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)), chromedp.WaitVisible(chromedp.CSS(`#help-messages`)))
	id := read(t, applicant, "conversation", chromedp.AttributeValue(chromedp.CSS(`#help-messages`), "data-conversation")).Value
	read(t, applicant, "mark the page", chromedp.Evaluate[bool](`window.notReloaded = true`))

	run(t, boss, "the board shows the new question without a reload",
		chromedp.WaitVisible(chromedp.Search(`//table[@id="help-board-table"]//a[contains(., "经营范围")]`)))
	run(t, helper, "the desk shows it without a reload",
		chromedp.WaitVisible(chromedp.Search(`//div[@id="help-desk"]//a[contains(., "经营范围")]`)))
	if !read(t, helper, "desk reload marker", chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Fatal("the desk reloaded to show the new conversation")
	}

	s.must(200, s.call("POST", "/api/v1/help/conversations/"+id+"/messages", samr,
		map[string]string{"text": "参照《国民经济行业分类》选择规范表述即可。"}, "Idempotency-Key", "b1"))
	run(t, applicant, "the reply arrives on the open page",
		chromedp.WaitVisible(chromedp.Search(`//ol[@id="help-messages"]/li[contains(., "国民经济行业分类")]`)))
	run(t, applicant, "the applicant answers without leaving the page",
		chromedp.SetValue(chromedp.CSS(`#f-text`), "明白了，谢谢！"),
		chromedp.Click(chromedp.CSS(`#compose button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//ol[@id="help-messages"]/li[contains(@class, "help-mine")][contains(., "明白了")]`)))
	if !read(t, applicant, "reload marker", chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Fatal("the chat reloaded to show the messages")
	}

	t.Run("HouseRules", func(t *testing.T) {
		checkPage(t, applicant, s.base+"/help/"+id, codes, axe)
		checkPage(t, applicant, s.base+"/help/new", codes, axe)
		checkPage(t, applicant, s.base+"/help", codes, axe)
		run(t, helper, "the helper signs in", signIn(s, "helper-samr"))
		checkPage(t, helper, s.base+"/helper", codes, axe)
		checkPage(t, helper, s.base+"/helper/conversations/"+id, codes, axe)
		checkPage(t, boss, s.base+"/staff/help", codes, axe)
		checkPage(t, boss, s.base+"/stats", codes, axe)
		if text := read(t, helper, "chat", chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(text, "结束对话") {
			t.Errorf("helper's chat lacks the ending form: %s", text)
		}
	})
}
