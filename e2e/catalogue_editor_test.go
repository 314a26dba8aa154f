package e2e_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCatalogueEditorBuildsAndRunsABundle is issue 16's first acceptance:
// in a browser at a phone's width, the catalogue admin builds a new bundle
// of two items from two departments (the fire check waiting for the food
// licence), with fields and a material each, sees its steps drawn and
// publishes it; an applicant applies for it in the browser, and the two
// departments' reviewers approve it to completion. Every editor page is
// held to the house rules: no sideways scroll, no code, no serious axe
// violation.
func TestCatalogueEditorBuildsAndRunsABundle(t *testing.T) {
	s := startSystem(t)
	codes, axe := internalCodes(), axeSource(t)
	admin := openBrowser(t, "catalogue-admin")
	run(t, admin, "the catalogue admin lands on the catalogue", signIn(s, "catalogue-admin"),
		chromedp.WaitVisible(chromedp.CSS(`#new-bundle`)))

	run(t, admin, "a new bundle with its first item", chromedp.Click(chromedp.CSS(`#new-bundle`)),
		chromedp.WaitVisible(chromedp.CSS(`#bundle-form`)),
		chromedp.SetValue(chromedp.CSS(`#f-name`), "开办烘焙工作室"),
		chromedp.SetValue(chromedp.CSS(`#f-promised_days`), "10"),
		chromedp.SetValue(chromedp.CSS(`#f-stage`), "开办企业"),
		choose(`#f-for`, "企业"),
		chromedp.SetValue(chromedp.CSS(`#f-summary`), "开一家烘焙工作室：先办食品经营许可，再做消防安全检查。"),
		chromedp.SetValue(chromedp.CSS(`#f-new_item_name`), "食品经营许可（烘焙）"),
		choose(`#f-new_item_department`, "市场监督管理局"),
		submit(`#add-item`, `#item-form`))
	bundle, food := itemAt(t, admin)

	run(t, admin, "the food licence: limits, a field the catalogue knows, a new field, a material",
		chromedp.SetValue(chromedp.CSS(`#f-promised_days`), "3"),
		chromedp.SetValue(chromedp.CSS(`#f-legal_days`), "20"),
		choose(`#f-type`, "行政许可"),
		choose(`#f-new_field`, "企业名称"),
		submit(`#add-field`, `#item-form`),
		chromedp.SetValue(chromedp.CSS(`#f-new_field_label`), "烘焙间面积（平方米）"),
		choose(`#f-new_field_type`, "数字"),
		submit(`#add-field`, `#item-form`),
		chromedp.Click(chromedp.CSS(`#field-row-1 summary`)),
		chromedp.Click(chromedp.CSS(`#f-fields-1-required`)),
		chromedp.SetValue(chromedp.CSS(`#f-new_material`), "食品经营许可申请书"),
		submit(`#add-material`, `#saved`))
	if fields := read(t, admin, "the food licence's rows", chromedp.Evaluate[string](rowNames)); fields != "字段「企业名称」|字段「烘焙间面积（平方米）」|材料「食品经营许可申请书」" {
		t.Fatalf("the food licence has %s", fields)
	}

	run(t, admin, "a second item from another department",
		chromedp.Navigate(s.base+"/admin/catalogue/"+bundle),
		chromedp.SetValue(chromedp.CSS(`#f-new_item_name`), "消防安全检查（烘焙）"),
		choose(`#f-new_item_department`, "消防救援支队"),
		submit(`#add-item`, `#item-form`))
	_, fire := itemAt(t, admin)
	run(t, admin, "a limit in words is refused with one summary linking to it",
		chromedp.SetValue(chromedp.CSS(`#f-legal_days`), "十天"),
		submit(`#save-item`, `#error-summary`))
	if href := read(t, admin, "summary link", chromedp.AttributeValue(chromedp.CSS(`#error-summary a`), "href")).Value; href != "#f-legal_days" ||
		read(t, admin, "kept", chromedp.Value(chromedp.CSS(`#f-legal_days`))) != "十天" {
		t.Fatalf("the summary links to %q", href)
	}
	run(t, admin, "the fire check: limits, the shared name field, its own material",
		chromedp.SetValue(chromedp.CSS(`#f-promised_days`), "5"),
		chromedp.SetValue(chromedp.CSS(`#f-legal_days`), "10"),
		chromedp.SetValue(chromedp.CSS(`#f-new_field_label`), "企业名称"), // the label the catalogue knows keeps its key
		submit(`#add-field`, `#item-form`),
		chromedp.SetValue(chromedp.CSS(`#f-new_material`), "场所平面布置图"),
		submit(`#add-material`, `#saved`))

	run(t, admin, "the fire check waits for the food licence; the lead is the food licence's department",
		chromedp.Navigate(s.base+"/admin/catalogue/"+bundle),
		chromedp.Click(chromedp.CSS(`input[name="deps.1"][value="`+food+`"]`)),
		choose(`#f-lead`, "市场监督管理局"),
		submit(`#save-bundle`, `#saved`))
	steps := read(t, admin, "the steps drawn", chromedp.Evaluate[string](
		`document.querySelector("figure.dag svg") ? document.querySelector(".dag-steps").textContent : "no picture"`))
	if !strings.Contains(steps, "第 2 步") || !strings.Contains(steps, "在「食品经营许可（烘焙）」办结后") {
		t.Fatalf("the steps read %q", steps)
	}
	if problems := read(t, admin, "problems", chromedp.Evaluate[bool](`document.getElementById("problems") !== null`)); problems {
		t.Fatalf("the draft has problems: %s", read(t, admin, "problems", chromedp.Text(chromedp.CSS(`#problems`))))
	}

	// The new codes count as codes too: none may show on a page.
	for _, c := range []string{bundle, food, fire, "m-1", "m-2", "custom.f1"} {
		codes[c] = true
	}
	pages := []string{"/admin/catalogue", "/admin/catalogue/" + bundle, "/admin/catalogue/" + bundle + "/items/" + food,
		"/admin/catalogue/" + bundle + "/items/" + fire, "/admin/catalogue/" + bundle + "/versions",
		"/admin/catalogue/" + bundle + "/versions/1/preview", "/admin/catalogue/new"}
	for _, p := range pages {
		t.Run("Page"+p, func(t *testing.T) { checkPage(t, admin, s.base+p, codes, axe) })
	}

	run(t, admin, "publish from now", chromedp.Navigate(s.base+"/admin/catalogue/"+bundle+"/versions"),
		submit(`form.publish button`, `#saved`))
	history := read(t, admin, "history", chromedp.Evaluate[string](`document.getElementById("versions").textContent`)) // changes folded
	if !strings.Contains(history, "现行") || !strings.Contains(history, "新增事项「消防安全检查（烘焙）」") {
		t.Fatalf("the history reads %q", history)
	}
	t.Run("PageCompare", func(t *testing.T) {
		checkPage(t, admin, s.base+"/admin/catalogue/"+bundle+"/compare?from=1&to=1", codes, axe)
	})

	t.Run("ErrAccess", func(t *testing.T) {
		s.browse(t, "li-na").get("/admin/catalogue", 403)
		s.browse(t, "reviewer-samr").get("/admin/catalogue/"+bundle, 403)
		samr := s.browse(t, "editor-samr")
		if page := samr.get("/admin/catalogue/"+bundle+"/items/"+fire, 200); !strings.Contains(page, "只能由该部门的目录编辑或目录管理员修改") {
			t.Error("samr's editor is not told the fire check is read-only")
		}
		samr.post("/admin/catalogue/"+bundle+"/items/"+fire, url.Values{"name": {"消防检查"}, "department": {"fire"},
			"promised_days": {"4"}, "legal_days": {"10"}}, 403)
		samr.post("/admin/catalogue/"+bundle+"/versions/1/withdraw", url.Values{}, 403)
	})

	applicant := openBrowser(t, "applicant")
	dir := t.TempDir()
	run(t, applicant, "the applicant opens the new bundle's form", signIn(s, "li-na"),
		chromedp.Navigate(s.base+"/bundles"),
		chromedp.Click(chromedp.CSS(`form[action="/drafts"]:has(input[value="`+bundle+`"]) button`)),
		chromedp.WaitVisible(chromedp.CSS(`#draft-form`)),
		fillByLabel("企业名称", "上海麦香烘焙有限公司"),
		fillByLabel("烘焙间面积（平方米）", "45"))
	for _, m := range []string{"食品经营许可申请书", "场所平面布置图"} {
		code := strings.TrimPrefix(read(t, applicant, "material "+m, chromedp.Evaluate[string](fmt.Sprintf(
			`Array.from(document.querySelectorAll("li.material")).find(li => li.textContent.includes(%q)).id`, m))), "m-")
		file := filepath.Join(dir, m+".pdf")
		if err := os.WriteFile(file, pdf(m), 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, applicant, "upload "+m,
			chromedp.SetUploadFiles(chromedp.CSS(`#file-`+code), []string{file}),
			chromedp.Click(chromedp.CSS(`#m-`+code+` form[data-upload] button`)),
			chromedp.WaitVisible(chromedp.Search(`//p[@id="m-`+code+`-status"][contains(., "已上传")]`)))
	}
	run(t, applicant, "save and submit", submit(`#draft-form button[type=submit]`, `form[action$="/submit"] button`),
		chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#timeline`)))
	caseID := read(t, applicant, "case id", chromedp.AttributeValue(chromedp.CSS(`#case`), "data-case")).Value
	if caseID == "" {
		t.Fatal("no case page after submitting")
	}

	li := s.login("li-na")
	c := s.waitCase(li, caseID, "the food licence opens", func(c map[string]any) bool { return taskStatus(c, food) == "open" })
	if c["bundle_version"] != 1.0 || taskStatus(c, fire) != "pending" {
		t.Fatalf("the case started as %s", mustJSON(t, c))
	}
	s.approve(s.login("reviewer-samr"), caseID, food)
	s.waitCase(li, caseID, "the fire check opens", func(c map[string]any) bool { return taskStatus(c, fire) == "open" })
	s.approve(s.login("reviewer-fire"), caseID, fire)
	done := s.waitCase(li, caseID, "completion", func(c map[string]any) bool { return c["status"] == "completed" })
	if done["outcome"] != "approved" {
		t.Fatalf("outcome = %v", done["outcome"])
	}
	run(t, applicant, "the applicant's page shows the case completed",
		chromedp.Navigate(s.base+"/cases/"+caseID),
		chromedp.WaitVisible(chromedp.Search(`//strong[@id="case-status"][contains(., "已办结")]`)))
}

// rowNames lists the legends of an item editor's field and material rows.
const rowNames = `Array.from(document.querySelectorAll("#item-form li.row legend")).map(l => l.textContent.trim()).join("|")`

// submit clicks a button and waits for the next page to show sel.
func submit(button, sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(markPage(), chromedp.Click(chromedp.CSS(button)),
		chromedp.WaitNotPresent(chromedp.CSS(`#old-page`)), chromedp.WaitVisible(chromedp.CSS(sel)))
}

// choose picks the option of a select by the name it shows.
func choose(sel, name string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => { const s = document.querySelector(%q);
		const o = s && Array.from(s.options).find(o => o.textContent.trim() === %q);
		if (!o) return false; s.value = o.value; return true; })()`, sel, name)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ok, err := chromedp.Evaluate[bool](js)(ctx, t)
		if err == nil && !ok {
			err = fmt.Errorf("no option %q in %s", name, sel)
		}
		return err
	})
}

// fillByLabel types a value into the input a label names.
func fillByLabel(label, value string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => { const l = Array.from(document.querySelectorAll("label")).find(l => l.textContent.trim().replace(/\s*(\*|（选填）)$/, "") === %q);
		const i = l && document.getElementById(l.htmlFor); if (!i) return false; i.value = %q; return true; })()`, label, value)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ok, err := chromedp.Evaluate[bool](js)(ctx, t)
		if err == nil && !ok {
			err = fmt.Errorf("no input labelled %q", label)
		}
		return err
	})
}

// itemAt reads the bundle's and the item's codes from the item editor's
// address, which the system chose.
func itemAt(t *testing.T, ctx context.Context) (bundle, item string) {
	t.Helper()
	u, err := url.Parse(read(t, ctx, "location", chromedp.Location()))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(strings.TrimPrefix(u.Path, "/admin/catalogue/"), "/")
	if len(parts) != 3 || parts[1] != "items" {
		t.Fatalf("not an item editor: %s", u)
	}
	return parts[0], parts[2]
}
