package web

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// 窗口代办 (issue 19): the clerk identifies the person at the counter and
// fills their draft through the draft pages, under /window/drafts; the
// submission is filed through the window.

// windowPage is what the counter's pages show.
type windowPage struct {
	Window string // the clerk's counter
	// Form is what was posted, Invalid each control's problem.
	Form    map[string]string
	Invalid map[string]string
	Receipt haoban.Case // the receipt page's case
}

// actingKey carries the request of a clerk acting for a person.
type actingKey struct{}

// appShellToken marks a request from the phone app's shell (its web view
// adds it to the User-Agent): what it submits is a mobile case.
const appShellToken = "HaobanApp/"

// channelOf is where a page's submission comes from: the phone app, or
// the web site ("", online).
func channelOf(c *fiber.Ctx) haoban.CaseChannel {
	if strings.Contains(c.Get(fiber.HeaderUserAgent), appShellToken) {
		return haoban.FiledMobile
	}
	return ""
}

// draftBase is where a draft's pages are: a clerk's under /window.
func draftBase(ctx context.Context) string {
	if request(ctx).Clerk != nil {
		return "/window/drafts/"
	}
	return "/drafts/"
}

// caseBase is where a submitted case is shown: to a clerk, its receipt.
func caseBase(ctx context.Context) string {
	if request(ctx).Clerk != nil {
		return "/window/cases/"
	}
	return "/cases/"
}

// actFor lets the draft pages act for the person whose draft the clerk
// entered; to the clerk any other draft does not exist.
func (p *Pages) actFor(c *fiber.Ctx) error {
	ctx := c.UserContext()
	on, err := p.App.Window.For(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	c.SetUserContext(context.WithValue(ctx, actingKey{}, on))
	return c.Next()
}

// windowPage asks who stands at the counter and what they apply for.
func (p *Pages) windowPage(c *fiber.Ctx) error {
	data, err := p.windowData(c, map[string]string{})
	if err != nil {
		return err
	}
	return p.render(c, "window", data)
}

// startWindowForm checks the person against the population registry and
// opens a draft for them, prefilled for them.
func (p *Pages) startWindowForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	form := map[string]string{"id_number": strings.Clone(c.FormValue("id_number")),
		"name": strings.Clone(c.FormValue("name")), "bundle": strings.Clone(c.FormValue("bundle"))}
	d, err := p.App.Window.Start(ctx, request(ctx), app.WindowEntry{
		Visitor: app.Visitor{IDNumber: form["id_number"], Name: form["name"]}, Bundle: form["bundle"]})
	if err != nil {
		data, derr := p.windowData(c, form)
		if derr != nil {
			return derr
		}
		refuse(c, &data, data.Window.Invalid, err, "", "id_number", "name", "bundle")
		return p.render(c, "window", data)
	}
	return c.Redirect("/window/drafts/"+d.ID, fiber.StatusSeeOther)
}

// windowData is the counter's page with the bundles to pick from.
func (p *Pages) windowData(c *fiber.Ctx, form map[string]string) (pageData, error) {
	bundles, err := p.App.Admin.Bundles(c.UserContext())
	clerk := userFrom(c.UserContext())
	return pageData{Title: "窗口受理", Bundles: bundles,
		Window: &windowPage{Window: clerk.Window, Form: form, Invalid: map[string]string{}}}, err
}

// windowReceiptPage is the receipt (受理回执) of a case the clerk entered.
func (p *Pages) windowReceiptPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	kase, err := p.App.Window.Receipt(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	return p.render(c, "window_receipt", pageData{Title: "受理回执", Window: &windowPage{Window: kase.Window, Receipt: kase}})
}

// windowFile shows the clerk a file uploaded to the draft they fill, and
// nothing else of the person's.
func (p *Pages) windowFile(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("material"))
	d, err := p.App.Drafts.Get(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(d.Materials, func(m haoban.CaseMaterial) bool { return m.ID == id }) {
		return haoban.Errorf(haoban.ENOTFOUND, "材料不存在")
	}
	m, body, err := p.App.Materials.Open(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, m.ContentType)
	c.Set(fiber.HeaderContentDisposition, "inline; filename*=UTF-8''"+url.PathEscape(m.FileName))
	return c.SendStream(body, int(m.Size))
}
