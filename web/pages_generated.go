package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// acceptScanForm fills the draft's form with what one scan read, which the
// applicant accepted with the button beside the scan, and returns to the
// form; nothing is filled from a scan without this.
func (p *Pages) acceptScanForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	_, err := p.App.Drafts.AcceptScan(ctx, request(ctx), id, app.AcceptScan{Material: strings.Clone(c.FormValue("material"))})
	if err != nil {
		if haoban.ErrorCode(err) == haoban.ENOTFOUND {
			return err
		}
		return p.showDraft(c, id, err)
	}
	return c.Redirect(draftBase(c.UserContext())+id+"#draft-form", fiber.StatusSeeOther)
}

// postedPledges are the 告知承诺 boxes a submission ticked, kept ticked when
// the page shows why it was refused.
func postedPledges(c *fiber.Ctx) []string {
	var out []string
	for _, v := range c.Request().PostArgs().PeekMulti("pledge") {
		out = append(out, string(v)) // copied: Fiber reuses the request's memory
	}
	return out
}
