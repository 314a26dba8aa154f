package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// The helper's desk and the supervisor's board (issue 18): the desk lists
// the helper's conversations and those waiting within their skills; the
// board lists every waiting conversation with its service seconds, and
// help.js redraws it when the stream says something changed.

func (p *Pages) helperDeskPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d, err := p.App.Help.Queue(ctx, request(ctx))
	if err != nil {
		return err
	}
	data := pageData{Title: "帮办工作台", Help: &helpPage{Desk: &d}, Fragment: c.Query("fragment") == "1"}
	if c.Query("done") == "away" {
		data.Notice = "您已设为离开：不会再收到新的对话和提醒。"
	}
	return p.render(c, "help_desk", data)
}

func (p *Pages) helperAvailabilityForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	available := c.FormValue("available") == "1"
	if err := p.App.Help.SetAvailable(ctx, request(ctx), available); err != nil {
		return p.showError(c, "接待状态", err)
	}
	if !available {
		return c.Redirect("/helper?done=away", fiber.StatusSeeOther)
	}
	return c.Redirect("/helper", fiber.StatusSeeOther)
}

func (p *Pages) helperTakeForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := strings.Clone(c.Params("id"))
	if _, err := p.App.Help.Take(ctx, request(ctx), id); err != nil {
		return p.showError(c, "接手对话", err)
	}
	return c.Redirect("/helper/conversations/"+id+"#compose", fiber.StatusSeeOther)
}

func (p *Pages) helperEndForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := strings.Clone(c.Params("id"))
	outcome := haoban.ConversationStatus(strings.Clone(c.FormValue("outcome")))
	if _, err := p.App.Help.End(ctx, request(ctx), id, outcome, c.FormValue("worth_keeping") == "1"); err != nil {
		return p.showError(c, "结束对话", err)
	}
	return c.Redirect("/helper/conversations/"+id+"?done=ended", fiber.StatusSeeOther)
}

// helpBoardPage is the supervisor's board; ?fragment=1 is its table alone.
func (p *Pages) helpBoardPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	b, err := p.App.Help.Board(ctx, request(ctx))
	if err != nil {
		return err
	}
	return p.render(c, "help_board", pageData{Title: "帮办看板", Help: &helpPage{Board: b}, Fragment: c.Query("fragment") == "1"})
}
