package e2e_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds Debian's Chromium; `make test` installs it when missing.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("HAOBAN_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Fatal("Chromium is not installed: run `make test` (it installs Debian's chromium as root) " +
		"or `sudo apt-get install chromium`, or set HAOBAN_CHROMIUM to a Chromium binary")
	return ""
}

// openBrowser starts a headless Chromium of its own (its own cookies) and
// saves a screenshot of its page if the test fails.
func openBrowser(t *testing.T, name string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true), chromedp.WindowSize(390, 844)) // a phone's width
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		if t.Failed() {
			shot, cancelShot := context.WithTimeout(ctx, 5*time.Second)
			if png, err := chromedp.Run(shot, chromedp.FullScreenshot(100)); err == nil {
				dir := filepath.Join(os.TempDir(), "haoban-screenshots")
				path := filepath.Join(dir, t.Name()+"-"+name+".png")
				if os.MkdirAll(dir, 0o755) == nil && os.WriteFile(path, png, 0o644) == nil {
					t.Logf("screenshot of %s's page: %s", name, path)
				}
			}
			cancelShot()
		}
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// run runs steps with a time limit.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// read runs one action that gives a value.
func read[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// markPage tags the current document, so that waiting for the tag to go
// waits for the next page to load rather than finding the old one.
func markPage() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`document.body.appendChild(Object.assign(document.createElement("i"), {id: "old-page"})) !== null`)(ctx, t)
		return err
	})
}

func signIn(s *system, user string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(s.base+"/login"),
		chromedp.SetValue(chromedp.CSS(`#user_id`), user),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav`)),
	)
}

// TestBrowserJourney: in real browsers, the applicant applies; a reviewer
// asks for a supplement; the applicant's open case page shows it without
// reloading; the applicant answers; the reviewers approve; the supervisor's
// board and statistics show the result.
func TestBrowserJourney(t *testing.T) {
	s := startSystem(t)
	applicant, staff := openBrowser(t, "applicant"), openBrowser(t, "staff")

	run(t, applicant, "applicant signs in", signIn(s, "li-na"))
	run(t, applicant, "applicant picks the bundle from the catalogue",
		chromedp.Navigate(s.base+"/bundles"),
		chromedp.Click(chromedp.CSS(`form[action="/drafts"]:has(input[value=newborn]) button`)),
		chromedp.WaitVisible(chromedp.CSS(`#draft-form`)))
	run(t, applicant, "a change is saved as the applicant types",
		chromedp.SendKeys(chromedp.CSS(`[name="child.name"]`), "张小满"),
		chromedp.Focus(chromedp.CSS(`[name="child.hospital"]`)),
		chromedp.WaitVisible(chromedp.Search(`//span[@id="saved"][contains(., "已自动保存")]`)))
	var fill []chromedp.Action[chromedp.Void]
	for k, v := range readForm(t, "../testdata/newborn.json") {
		fill = append(fill, chromedp.SetValue(chromedp.CSS(`#draft-form [name="`+k+`"]`), v.(string)))
	}
	fill = append(fill, markPage(), chromedp.Click(chromedp.CSS(`#draft-form button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)), // the saved draft has loaded
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/submit"] button`)),
		chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#timeline`)))
	run(t, applicant, "applicant fills the one form and submits", fill...)
	caseID := read(t, applicant, "case id", chromedp.AttributeValue(chromedp.CSS(`#case`), "data-case")).Value
	if caseID == "" {
		t.Fatal("no case page after submitting")
	}
	// A marker that a reload would wipe out.
	read(t, applicant, "mark the page", chromedp.Evaluate[bool](`window.notReloaded = true`))

	s.waitCase(s.login("li-na"), caseID, "birth certificate opens", func(c map[string]any) bool { return taskStatus(c, "birth-certificate") == "open" })
	s.approve(s.login("reviewer-health"), caseID, "birth-certificate")
	s.waitCase(s.login("li-na"), caseID, "hukou opens", func(c map[string]any) bool { return taskStatus(c, "hukou") == "open" })
	s.approve(s.login("reviewer-police"), caseID, "hukou")
	s.waitCase(s.login("li-na"), caseID, "social card opens", func(c map[string]any) bool { return taskStatus(c, "social-card") == "open" })

	task := taskID(caseID, "social-card")
	run(t, staff, "the hrss reviewer claims from the inbox and asks for a supplement", signIn(s, "reviewer-hrss"),
		chromedp.Navigate(s.base+"/inbox"),
		chromedp.Click(chromedp.CSS(`form[action="/tasks/`+task+`/claim"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=decision][value=supplement]`)),
		chromedp.Click(chromedp.CSS(`input[name=decision][value=supplement]`)),
		chromedp.Click(chromedp.CSS(`input[name=missing][value="card.mailing_address"]`)),
		chromedp.SetValue(chromedp.CSS(`[name="reason-card.mailing_address"]`), "邮寄地址缺少门牌号"),
		markPage(), chromedp.Click(chromedp.CSS(`form[action="/tasks/`+task+`/decision"] button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)))

	run(t, applicant, "the open case page shows the request",
		chromedp.WaitVisible(chromedp.CSS(`#supplement-social-card`)))
	if !read(t, applicant, "reload marker", chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Fatal("the case page was reloaded to show the supplement request")
	}
	run(t, applicant, "the applicant answers",
		chromedp.SetValue(chromedp.CSS(`#supplement-social-card [name="card.mailing_address"]`), "上海市徐汇区漕溪北路88号3号楼1201室"),
		chromedp.Click(chromedp.CSS(`#supplement-social-card button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#supplement-social-card`)))

	run(t, staff, "the hrss reviewer approves",
		chromedp.Navigate(s.base+"/tasks/"+task),
		chromedp.Click(chromedp.CSS(`input[name=decision][value=approve]`)),
		markPage(), chromedp.Click(chromedp.CSS(`form[action="/tasks/`+task+`/decision"] button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)))
	s.waitCase(s.login("li-na"), caseID, "medical insurance opens", func(c map[string]any) bool {
		return taskStatus(c, "medical-insurance") == "open"
	})
	s.approve(s.login("reviewer-medins"), caseID, "medical-insurance")

	run(t, applicant, "the applicant's page shows the case completed",
		chromedp.WaitVisible(chromedp.Search(`//strong[@id="case-status"][contains(., "已办结")]`)))
	if status := read(t, applicant, "case status", chromedp.Text(chromedp.CSS(`#case-status`))); !strings.Contains(status, "准予") {
		t.Fatalf("case status on the page = %q", status)
	}

	run(t, staff, "the supervisor signs in", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#user_id`)), signIn(s, "supervisor"), chromedp.Navigate(s.base+"/stats"))
	stats := read(t, staff, "statistics", chromedp.Text(chromedp.CSS(`main`)))
	run(t, staff, "the board", chromedp.Navigate(s.base+"/board"))
	board := read(t, staff, "board", chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(stats, "人力资源和社会保障局") || strings.Contains(stats, "hrss") || !strings.Contains(stats, "100%") {
		t.Fatalf("statistics page does not show hrss's on-time decision: %s", stats)
	}
	if !strings.Contains(board, "督办看板") {
		t.Fatalf("board page: %s", board)
	}
}
