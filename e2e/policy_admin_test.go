package e2e_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban/demo"
)

// TestPolicyAdminWritesAndPublishesAPolicy is issue 17's policies as data
// in a browser at a phone's width: the catalogue admin writes a new policy
// through the form, is told in one summary that an expression does not
// compile, fixes it, publishes the draft and finds the policy in force in
// the list, with who did what in its audit trail. Every policy page is
// held to the house rules: no sideways scroll, no code, no serious axe
// violation.
func TestPolicyAdminWritesAndPublishesAPolicy(t *testing.T) {
	s := startSystem(t)
	codes, axe := internalCodes(), axeSource(t)
	for _, p := range demo.Policies() {
		codes[p.Code] = true
	}
	admin := openBrowser(t, "catalogue-admin")
	run(t, admin, "the catalogue admin finds the policies in the navigation", signIn(s, "catalogue-admin"),
		chromedp.Click(chromedp.CSS(`nav a[href="/admin/policies"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#new-policy`)))

	const bad = `age_on(applicant.id_number, today) >=`
	run(t, admin, "a new policy with an expression that does not compile",
		submit(`#new-policy`, `#policy-form`),
		chromedp.SetValue(chromedp.CSS(`#f-name`), "高龄老人营养补贴"),
		choose(`#f-department`, "民政局"),
		choose(`#f-type`, "行政给付"),
		choose(`#f-for`, "个人"),
		chromedp.SetValue(chromedp.CSS(`#f-conditions-0-expression`), `sources["resident.address"].startsWith("上海市")`),
		chromedp.SetValue(chromedp.CSS(`#f-conditions-0-message`), "申请人须为本市户籍居民"),
		chromedp.SetValue(chromedp.CSS(`#f-conditions-1-expression`), bad),
		chromedp.SetValue(chromedp.CSS(`#f-conditions-1-message`), "申请人须年满 80 周岁"),
		chromedp.SetValue(chromedp.CSS(`#f-amount`), "1200.0"),
		chromedp.SetValue(chromedp.CSS(`#f-budget`), "5000000"),
		choose(`#f-delivery`, "直接兑付"),
		chromedp.SetValue(chromedp.CSS(`#f-from`), "2026-01-01"),
		chromedp.SetValue(chromedp.CSS(`#f-publicity`), "7"),
		submit(`#save-policy`, `#error-summary`))
	links := read(t, admin, "summary links", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("#error-summary a")).map(a => a.getAttribute("href"))`))
	if len(links) != 1 || links[0] != "#f-conditions-1-expression" {
		t.Fatalf("the summary links to %q, want the second condition's expression only", links)
	}
	if kept := read(t, admin, "kept", chromedp.Value(chromedp.CSS(`#f-conditions-1-expression`))); kept != bad {
		t.Fatalf("the expression came back as %q", kept)
	}
	if invalid := read(t, admin, "aria-invalid", chromedp.AttributeValue(chromedp.CSS(`#f-conditions-1-expression`), "aria-invalid")); invalid.Value != "true" {
		t.Fatal("the bad expression is not marked invalid")
	}
	t.Run("PageRefusedForm", func(t *testing.T) { checkAxe(t, admin, codes, axe) })

	run(t, admin, "the fixed expression saves the draft",
		chromedp.SetValue(chromedp.CSS(`#f-conditions-1-expression`), bad+" 80"),
		submit(`#save-policy`, `#saved`))
	at, err := url.Parse(read(t, admin, "location", chromedp.Location()))
	if err != nil {
		t.Fatal(err)
	}
	code := strings.TrimPrefix(at.Path, "/admin/policies/")
	codes[code] = true

	run(t, admin, "publish from today", submit(`form.publish button`, `#saved`))
	versions := read(t, admin, "versions", chromedp.Text(chromedp.CSS(`#versions`)))
	trail := read(t, admin, "audit", chromedp.Text(chromedp.CSS(`#audit`)))
	if !strings.Contains(versions, "现行") || !strings.Contains(trail, "孙立（目录管理员）：发布第 1 版") ||
		!strings.Contains(trail, "孙立（目录管理员）：保存第 1 版草稿") {
		t.Fatalf("the versions read %q, the audit trail %q", versions, trail)
	}
	run(t, admin, "the list shows it in force", chromedp.Navigate(s.base+"/admin/policies"),
		chromedp.WaitVisible(chromedp.CSS(`#policies`)))
	list := read(t, admin, "list", chromedp.Text(chromedp.CSS(`#policies`)))
	if !strings.Contains(list, "高龄老人营养补贴") || !strings.Contains(list, "民政局") {
		t.Fatalf("the list reads %q", list)
	}

	run(t, admin, "a second draft changes the amount", chromedp.Navigate(s.base+"/admin/policies/"+code+"/edit"),
		chromedp.WaitVisible(chromedp.CSS(`#policy-form`)),
		chromedp.SetValue(chromedp.CSS(`#f-amount`), "1500.0"),
		submit(`#save-policy`, `#saved`))
	if changes := read(t, admin, "changes", chromedp.Text(chromedp.CSS(`#v-2 ul.changes`))); !strings.Contains(changes, "金额") ||
		!strings.Contains(changes, "1500.0") {
		t.Fatalf("the draft's changes read %q", changes)
	}

	t.Run("CompareThroughTheAPI", func(t *testing.T) {
		cmp := s.must(200, s.call("GET", "/api/v1/admin/policies/"+code+"/compare?from=1&to=2", s.login("catalogue-admin"), nil)).body
		changes, _ := cmp["changes"].([]any)
		if len(changes) != 1 || changes[0].(map[string]any)["where"] != "金额" || changes[0].(map[string]any)["after"] != "1500.0" {
			t.Fatalf("compare answered %v", cmp)
		}
		s.must(403, s.call("GET", "/api/v1/admin/policies/"+code+"/compare?from=1&to=2", s.login("reviewer-samr"), nil))
	})

	pages := []string{"/admin/policies", "/admin/policies/new", "/admin/policies/" + code, "/admin/policies/" + code + "/edit",
		"/admin/policies/" + code + "/versions/1", "/admin/policies/" + code + "?from=1&to=2", "/admin/policies/newborn-childcare-subsidy",
		"/admin/policies/newborn-childcare-subsidy/versions/1", "/admin/policies/" + code + "/matches"}
	for _, p := range pages {
		t.Run("Page"+p, func(t *testing.T) { checkPage(t, admin, s.base+p, codes, axe) })
	}

	run(t, admin, "the policy's page", chromedp.Navigate(s.base+"/admin/policies/"+code), chromedp.WaitVisible(chromedp.CSS(`form.publish`)))
	today, err := time.Parse(time.DateOnly, read(t, admin, "today", chromedp.Value(chromedp.CSS(`#f-effective_from`))))
	if err != nil {
		t.Fatal(err)
	}
	run(t, admin, "publish the second draft from a later date",
		chromedp.SetValue(chromedp.CSS(`#f-effective_from`), today.AddDate(0, 0, 10).Format(time.DateOnly)),
		submit(`form.publish button`, `#saved`))
	if status := read(t, admin, "status", chromedp.Text(chromedp.CSS(`#v-2 .status`))); status != "待生效" {
		t.Fatalf("version 2 is %q, want 待生效", status)
	}
	t.Run("ErrWithdrawThroughTheAPIAsAReviewer", func(t *testing.T) {
		s.must(403, s.call("POST", "/api/v1/admin/policies/"+code+"/versions/2/withdraw", s.login("reviewer-samr"), nil))
	})
	run(t, admin, "withdraw it before it takes effect", submit(`#v-2 button.danger`, `#saved`))
	if status := read(t, admin, "status", chromedp.Text(chromedp.CSS(`#v-2 .status`))); status != "已撤回" ||
		!strings.Contains(read(t, admin, "audit", chromedp.Text(chromedp.CSS(`#audit`))), "孙立（目录管理员）：撤回第 2 版") {
		t.Fatalf("version 2 is %q after the withdrawal", status)
	}

	t.Run("ErrAccess", func(t *testing.T) {
		s.browse(t, "li-na").get("/admin/policies", 403)
		s.browse(t, "reviewer-samr").get("/admin/policies/"+code, 403)
		editor := s.browse(t, "editor-samr")
		editor.get("/admin/policies/new", 403)
		editor.post("/admin/policies/"+code+"/versions/1/withdraw", url.Values{}, 403)
		editor.post("/admin/policies/"+code+"/versions/2/publish", url.Values{}, 403)
	})
	t.Run("ErrWithdrawInForce", func(t *testing.T) {
		page := s.browse(t, "catalogue-admin").post("/admin/policies/"+code+"/versions/1/withdraw", url.Values{}, 409)
		if !strings.Contains(page, "error-summary") || !strings.Contains(page, "只有待生效的版本可以撤回") {
			t.Fatal("withdrawing the version in force is not refused in words")
		}
	})
}

// checkAxe holds the page as it stands (a refused form, which a fresh
// load would not show) to axe's rules and the house's.
func checkAxe(t *testing.T, ctx context.Context, codes map[string]bool, axe string) {
	t.Helper()
	text := read(t, ctx, "text", chromedp.Evaluate[string](`document.body.innerText`))
	if seen := codesIn(text, codes); len(seen) > 0 {
		t.Errorf("internal codes shown: %s", strings.Join(seen, ", "))
	}
	widths := read(t, ctx, "widths", chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if widths[0] > widths[1] {
		t.Errorf("horizontal overflow: the page is %d px wide in a %d px window", widths[0], widths[1])
	}
	for _, v := range axeViolations(t, ctx, axe) {
		t.Errorf("axe %s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, " | "))
	}
}
