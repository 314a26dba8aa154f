package e2e_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// fits is true when the page does not scroll sideways.
const fits = `document.documentElement.scrollWidth <= window.innerWidth`

// TestStaffPagesPhoneAndDesktop: at 390 px the inbox, the task page, the
// board and the statistics fit the screen, the board renders full width
// with every input labelled; at 1366 px the decision sits beside the data.
func TestStaffPagesPhoneAndDesktop(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, key := range []string{"phone-1", "phone-2"} {
		id := s.must(201, s.call("POST", "/api/v1/cases", applicant, confirmed(t, form), "Idempotency-Key", key)).body["id"].(string)
		s.waitCase(applicant, id, "business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
		ids = append(ids, id)
	}
	s.approve(s.login("reviewer-samr"), ids[0], "business-licence")
	task := taskID(ids[1], "business-licence")

	staff := openBrowser(t, "staff")
	run(t, staff, "the reviewer opens the inbox and claims", signIn(s, "reviewer-samr"), chromedp.Navigate(s.base+"/inbox"),
		chromedp.WaitVisible(chromedp.CSS(`#inbox`)))
	if !read(t, staff, "inbox fits", chromedp.Evaluate[bool](fits)) {
		t.Error("the inbox scrolls sideways at 390 px")
	}
	run(t, staff, "claim", chromedp.Click(chromedp.CSS(`form[action="/tasks/`+task+`/claim"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#decision`)))
	if !read(t, staff, "task page fits", chromedp.Evaluate[bool](fits)) {
		t.Error("the task page scrolls sideways at 390 px")
	}
	// 退回待办池 reads at 4.5:1 or more against its background.
	contrast := read(t, staff, "release contrast", chromedp.Evaluate[float64](`(() => {
		const b = document.querySelector('form.release button'), cs = getComputedStyle(b);
		const rgb = s => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
		const lum = c => { const [r, g, bl] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
			return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
		let bg = cs.backgroundColor; if (bg === 'rgba(0, 0, 0, 0)') bg = 'rgb(255, 255, 255)';
		const [a, c] = [lum(rgb(cs.color)), lum(rgb(bg))].sort((x, y) => y - x);
		return (a + 0.05) / (c + 0.05); })()`))
	if contrast < 4.5 {
		t.Errorf("退回待办池 has contrast %.2f:1", contrast)
	}
	run(t, staff, "desktop width", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(s.base+"/tasks/"+task),
		chromedp.WaitVisible(chromedp.CSS(`#decision`)))
	if !read(t, staff, "decision beside the data", chromedp.Evaluate[bool](
		`document.querySelector('#decision').getBoundingClientRect().left > document.querySelector('.task-data').getBoundingClientRect().right - 1`)) {
		t.Error("at 1366 px the decision is not beside the data")
	}

	sup := openBrowser(t, "supervisor")
	run(t, sup, "the board", signIn(s, "supervisor"), chromedp.Navigate(s.base+"/board?state=all"), chromedp.WaitVisible(chromedp.CSS(`#board`)))
	if !read(t, sup, "board fits", chromedp.Evaluate[bool](fits)) {
		t.Error("the board scrolls sideways at 390 px")
	}
	if !read(t, sup, "board full width", chromedp.Evaluate[bool](`document.querySelector('#board').getBoundingClientRect().width >= window.innerWidth * 0.8`)) {
		t.Error("the board renders shrunk at 390 px")
	}
	if !read(t, sup, "every input labelled", chromedp.Evaluate[bool](
		`[...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')].every(e => e.labels && e.labels.length > 0)`)) {
		t.Error("the board has an input without a label")
	}
	run(t, sup, "the statistics", chromedp.Navigate(s.base+"/stats"), chromedp.WaitVisible(chromedp.CSS(`svg.chart`)))
	if !read(t, sup, "stats fit", chromedp.Evaluate[bool](fits+` && document.querySelector('svg.chart').getBoundingClientRect().right <= window.innerWidth`)) {
		t.Error("the statistics overflow at 390 px")
	}
}
