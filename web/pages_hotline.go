package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// The 12345 desk (issue 18): the hotline tickets a specialist may take,
// masked, oldest first, and the one just taken with the caller's number
// whole for the call back.

// hotlinePage is what the 12345 desk shows.
type hotlinePage struct {
	Desk  app.HotlineDesk
	Taken *haoban.HotlineTicket
	// TakenSeconds is how long the taken ticket waited, in service seconds.
	TakenSeconds int
}

func (p *Pages) hotlinePage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	desk, err := p.App.Hotline.Desk(ctx, request(ctx))
	if err != nil {
		return err
	}
	hp := &hotlinePage{Desk: desk}
	if id := c.Query("taken"); id != "" {
		t, err := p.App.Hotline.Taken(ctx, request(ctx), strings.Clone(id))
		if err != nil {
			return err
		}
		hp.Taken = &t
		if t.ConnectSeconds != nil {
			hp.TakenSeconds = *t.ConnectSeconds
		}
	}
	return p.render(c, "hotline", pageData{Title: "12345 来电", Hotline: hp})
}

// hotlineConnectForm takes a ticket ("接听").
func (p *Pages) hotlineConnectForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	t, err := p.App.Hotline.Connect(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return p.showError(c, "接听来电", err)
	}
	return c.Redirect("/helper/hotline?taken="+t.ID, fiber.StatusSeeOther)
}
