package web

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// 同屏 (issue 18): the applicant's sharing choices for a draft (shown in
// the draft page by screen.js, or as a page of its own), and the helper's
// read-only view of the shared draft with a "提示此项" form per field.

// screenPage is what the 同屏 pages show.
type screenPage struct {
	// The applicant's choices for one draft.
	Panel *app.ScreenPanel
	// The helper's view of a shared draft.
	View *app.ScreenView
	// Highlighted is the field just highlighted, Field and Message what
	// was posted with a problem, Problem the problem.
	Highlighted, Field, Message, Problem string
}

// screenPanelPage is the applicant's sharing choices for a draft: the
// whole page, or (?fragment=1) the panel the draft page shows.
func (p *Pages) screenPanelPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	panel, err := p.App.Screen.Panel(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	return p.render(c, "screen_panel", pageData{Title: "与帮办人员共享表单", Screen: &screenPage{Panel: &panel},
		Fragment: c.Query("fragment") == "1"})
}

// screenConsentForm shares the draft with a conversation's helper, or
// stops sharing, and returns to the draft.
func (p *Pages) screenConsentForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	conversation, draft := strings.Clone(c.Params("id")), strings.Clone(c.FormValue("draft"))
	var err error
	if c.FormValue("share") == "1" {
		err = p.App.Screen.Consent(ctx, request(ctx), conversation, draft)
	} else {
		err = p.App.Screen.Revoke(ctx, request(ctx), conversation)
	}
	if err != nil {
		return p.showError(c, "共享表单", err)
	}
	if draft == "" {
		return c.Redirect("/drafts", fiber.StatusSeeOther)
	}
	return c.Redirect("/drafts/"+url.PathEscape(draft)+"#screen-panel", fiber.StatusSeeOther)
}

// screenViewPage is the helper's read-only view of a shared draft; with
// ?fragment=1 only its body, which screen.js redraws on each save.
func (p *Pages) screenViewPage(c *fiber.Ctx) error {
	return p.showScreen(c, &screenPage{Highlighted: strings.Clone(c.Query("highlighted"))})
}

func (p *Pages) showScreen(c *fiber.Ctx, sp *screenPage) error {
	ctx := c.UserContext()
	v, err := p.App.Screen.View(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	sp.View = &v
	if sp.Problem != "" {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return p.render(c, "screen", pageData{Title: "同屏：" + v.Page.Bundle.Name, Screen: sp, Error: sp.Problem,
		Fragment: c.Query("fragment") == "1"})
}

// screenHighlightForm points the applicant at a field ("提示此项").
func (p *Pages) screenHighlightForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := strings.Clone(c.Params("id"))
	in := app.HighlightInput{Field: strings.Clone(c.FormValue("field")), Message: strings.Clone(c.FormValue("message"))}
	if _, err := p.App.Screen.Highlight(ctx, request(ctx), id, in); err != nil {
		if haoban.ErrorCode(err) == haoban.EFORBIDDEN || haoban.ErrorCode(err) == haoban.ENOTFOUND {
			return p.showError(c, "提示此项", err)
		}
		return p.showScreen(c, &screenPage{Field: in.Field, Message: in.Message, Problem: errorText(err)})
	}
	return c.Redirect("/helper/conversations/"+url.PathEscape(id)+"/screen?highlighted="+url.QueryEscape(in.Field)+"#hl-"+url.QueryEscape(in.Field),
		fiber.StatusSeeOther)
}
