package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban/demo"
)

// TestDraftFormInTheBrowser: on a phone, the long form uploads, replaces
// and deletes a material without reloading the page, shows why an
// exempted material needs no upload, shows names and never codes, does
// not overflow sideways, and a value typed comes back through 我的草稿.
func TestDraftFormInTheBrowser(t *testing.T) {
	s := startSystem(t)
	ctx := openBrowser(t, "applicant")
	file := filepath.Join(t.TempDir(), "布局图.pdf")
	if err := os.WriteFile(file, pdf("layout"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "sign in", signIn(s, "li-na"))
	run(t, ctx, "open the form from the catalogue",
		chromedp.Navigate(s.base+"/bundles"),
		chromedp.Click(chromedp.CSS(`form[action="/drafts"]:has(input[value=open-restaurant]) button`)),
		chromedp.WaitVisible(chromedp.CSS(`#draft-form`)))
	read(t, ctx, "mark the page", chromedp.Evaluate[bool](`window.notReloaded = true`))
	run(t, ctx, "upload a material in place",
		chromedp.SetUploadFiles(chromedp.CSS(`#file-layout`), []string{file}),
		chromedp.Click(chromedp.CSS(`#m-layout form[data-upload] button`)),
		chromedp.WaitVisible(chromedp.Search(`//p[@id="m-layout-status"][contains(., "已上传")]`)),
		chromedp.WaitVisible(chromedp.Search(`//li[@id="m-layout"]//a[contains(., "布局图.pdf")]`)))
	run(t, ctx, "delete it in place",
		chromedp.Click(chromedp.CSS(`#m-layout form[data-remove] button`)),
		chromedp.WaitVisible(chromedp.Search(`//p[@id="m-layout-status"][contains(., "已删除")]`)))
	if !read(t, ctx, "still the same page", chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Fatal("the page reloaded for an upload")
	}
	exempt := read(t, ctx, "exempted material", chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".material"))
		.filter(li => li.textContent.includes("免于提交"))
		.map(li => (li.querySelector("input[type=file]") ? "UPLOAD " : "") + li.textContent).join("|")`))
	if !strings.Contains(exempt, "您持有有效的") || strings.Contains(exempt, "UPLOAD") {
		t.Errorf("an exempted material: %q", exempt)
	}
	if over := read(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); over {
		t.Error("the form overflows sideways at 390 px")
	}
	text := read(t, ctx, "visible text", chromedp.Evaluate[string](`document.body.innerText`))
	b := demo.OpenRestaurant()
	var codes []string
	for _, f := range b.Fields() {
		codes = append(codes, f.Key)
	}
	for _, m := range b.Materials() {
		codes = append(codes, m.Code)
	}
	for _, it := range b.Items {
		codes = append(codes, it.Code, it.Department)
	}
	for _, c := range codes {
		if strings.Contains(text, c) {
			t.Errorf("the form shows the code %q", c)
		}
	}
	if !strings.Contains(text, "来自企业库（市场主体）") || !strings.Contains(text, "市场监督管理局") {
		t.Errorf("prefilled values or departments are not named: %.600s", text)
	}

	// Each autosave redraws the pre-review beside the form, without a reload.
	run(t, ctx, "a wrong sign size is pointed out as it is saved",
		chromedp.SendKeys(chromedp.CSS(`#draft-form [name="sign.size"]`), "很大"),
		chromedp.Focus(chromedp.CSS(`#draft-form [name="sign.location"]`)),
		chromedp.WaitVisible(chromedp.Search(`//section[@id="prereview"][contains(., "招牌尺寸应写成")]`)))
	read(t, ctx, "correct it", chromedp.Evaluate[bool](`(() => { const el = document.querySelector('#draft-form [name="sign.size"]');
		el.value = "6×1.2"; el.dispatchEvent(new Event("change", { bubbles: true })); return true; })()`))
	if !read(t, ctx, "the message goes", chromedp.Poll[bool](`!document.getElementById("prereview").textContent.includes("招牌尺寸应写成")`,
		chromedp.WithPollingTimeout(15*time.Second))) {
		t.Fatal("the pre-review still asks for the sign size after it was corrected")
	}
	if !read(t, ctx, "still the same page", chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Fatal("the page reloaded for an autosave")
	}
	run(t, ctx, "type a value, leave, and come back through 我的草稿",
		chromedp.SendKeys(chromedp.CSS(`#draft-form [name="sign.location"]`), "张杨路沿街立面"),
		chromedp.Focus(chromedp.CSS(`#draft-form [name="sign.size"]`)),
		chromedp.WaitVisible(chromedp.Search(`//span[@id="saved"][contains(., "已自动保存")]`)),
		chromedp.Navigate(s.base+"/cases"),
		chromedp.Click(chromedp.Search(`//nav//a[.="我的草稿"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.drafts`)),
		chromedp.Click(chromedp.Search(`//a[contains(., "继续填写")]`)),
		chromedp.WaitVisible(chromedp.CSS(`#draft-form`)))
	if v := read(t, ctx, "kept value", chromedp.Value(chromedp.CSS(`#draft-form [name="sign.location"]`))); v != "张杨路沿街立面" {
		t.Errorf("sign.location came back as %q", v)
	}
}
