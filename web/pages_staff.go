package web

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// inboxPage lists the department's open, claimed and waiting tasks, the
// least time left first.
func (p *Pages) inboxPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	board, err := p.App.Supervision.Board(ctx, "", userFrom(ctx).Department)
	if err != nil {
		return err
	}
	return p.render(c, "inbox", pageData{Title: "待办任务", Tasks: board.Tasks, Warnings: board.Warnings})
}

func (p *Pages) taskPage(c *fiber.Ctx) error {
	return p.showTask(c, strings.Clone(c.Params("id")), nil)
}

// showTask renders a task with its case, and what went wrong if anything.
func (p *Pages) showTask(c *fiber.Ctx, id string, cause error) error {
	ctx := c.UserContext()
	t, err := p.App.TaskPage(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	data := pageData{Title: t.Task.ItemName, Case: t.Case, Bundle: t.Bundle, Key: newKey(), Comments: t.Comments, Task: t.Task, Risk: t.Risk}
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		data.Error, data.Errors = errorText(cause), haoban.ErrorDetails(cause)
	}
	return p.render(c, "task", data)
}

func (p *Pages) claimForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	if _, err := p.App.Tasks.Claim(ctx, request(ctx), id); err != nil {
		return p.showTask(c, id, err)
	}
	return c.Redirect("/tasks/"+id, fiber.StatusSeeOther)
}

func (p *Pages) releaseForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	if _, err := p.App.Tasks.Release(ctx, request(ctx), id); err != nil {
		return p.showTask(c, id, err)
	}
	return c.Redirect("/inbox", fiber.StatusSeeOther)
}

// decisionForm reads approve / reject / supplement; a supplement lists each
// ticked field with its reason.
func (p *Pages) decisionForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	in := app.Decision{Decision: haoban.Decision(strings.Clone(c.FormValue("decision"))), Comment: strings.Clone(c.FormValue("comment"))}
	if in.Decision == haoban.DecisionSupplement {
		for _, k := range c.Request().PostArgs().PeekMulti("missing") {
			key := string(k)
			in.Missing = append(in.Missing, haoban.Missing{Kind: haoban.MissingField, Key: key,
				Reason: strings.TrimSpace(strings.Clone(c.FormValue("reason-" + key)))})
		}
	}
	if _, err := p.App.Tasks.Decide(ctx, request(ctx), id, strings.Clone(c.FormValue("key")), in); err != nil {
		return p.showTask(c, id, err)
	}
	return c.Redirect("/inbox", fiber.StatusSeeOther)
}

func (p *Pages) commentForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	if _, err := p.App.Tasks.AddComment(ctx, request(ctx), id, app.NewComment{Body: strings.Clone(c.FormValue("body"))}); err != nil {
		return p.showTask(c, id, err)
	}
	return c.Redirect("/tasks/"+id, fiber.StatusSeeOther)
}

func (p *Pages) boardPage(c *fiber.Ctx) error {
	board, err := p.App.Supervision.Board(c.UserContext(), strings.Clone(c.Query("state")), "")
	if err != nil {
		return err
	}
	if c.Query("state") == "" {
		// The page's default view: everything that needs attention first.
		board.Tasks = slices.DeleteFunc(board.Tasks, func(t app.BoardTask) bool { return !t.NeedsAttention() })
	}
	return p.render(c, "board", pageData{Title: "督办看板", Tasks: board.Tasks, Warnings: board.Warnings,
		LinkedFailures: board.LinkedFailures})
}

// supervisorAction runs a board action and returns to the board, or shows
// why it was refused.
func (p *Pages) supervisorAction(c *fiber.Ctx, title string, act func(ctx context.Context, r app.Request, id string) error) error {
	ctx := c.UserContext()
	if err := act(ctx, request(ctx), strings.Clone(c.Params("id"))); err != nil {
		return p.showError(c, title, err)
	}
	return c.Redirect("/board", fiber.StatusSeeOther)
}

func (p *Pages) remindForm(c *fiber.Ctx) error {
	return p.supervisorAction(c, "催办失败", func(ctx context.Context, r app.Request, id string) error {
		_, err := p.App.Supervision.Remind(ctx, r, id)
		return err
	})
}

func (p *Pages) extendForm(c *fiber.Ctx) error {
	days, _ := strconv.Atoi(c.FormValue("days"))
	in := app.Extension{Days: days, Reason: strings.Clone(c.FormValue("reason"))}
	return p.supervisorAction(c, "延期失败", func(ctx context.Context, r app.Request, id string) error {
		_, err := p.App.Supervision.Extend(ctx, r, id, in)
		return err
	})
}

func (p *Pages) suspendForm(c *fiber.Ctx) error {
	in := app.Suspension{Reason: strings.Clone(c.FormValue("reason"))}
	return p.supervisorAction(c, "暂停计时失败", func(ctx context.Context, r app.Request, id string) error {
		_, err := p.App.Supervision.Suspend(ctx, r, id, in)
		return err
	})
}

func (p *Pages) resumeForm(c *fiber.Ctx) error {
	return p.supervisorAction(c, "恢复计时失败", func(ctx context.Context, r app.Request, id string) error {
		_, err := p.App.Supervision.Resume(ctx, r, id)
		return err
	})
}

func (p *Pages) reassignForm(c *fiber.Ctx) error {
	in := app.Reassign{UserID: strings.TrimSpace(strings.Clone(c.FormValue("user_id")))}
	return p.supervisorAction(c, "改派失败", func(ctx context.Context, r app.Request, id string) error {
		_, err := p.App.Tasks.Reassign(ctx, r, id, in)
		return err
	})
}

func (p *Pages) statsPage(c *fiber.Ctx) error {
	st, err := p.App.Supervision.DeadlineStats(c.UserContext(), "", "", "")
	if err != nil {
		return err
	}
	slices.SortFunc(st.Departments, func(a, b app.DepartmentStats) int { return cmp.Compare(a.Department, b.Department) })
	return p.render(c, "stats", pageData{Title: "期限统计", Stats: st.Departments})
}

func (p *Pages) notificationsPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	notes, err := p.App.Inbox.List(ctx, request(ctx), false)
	if err != nil {
		return err
	}
	return p.render(c, "notifications", pageData{Title: "通知", Notes: notes})
}

// licencesPage lists the applicant's licences with their sealed documents.
func (p *Pages) licencesPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	list, err := p.App.Licences.List(ctx, request(ctx), "")
	if err != nil {
		return err
	}
	return p.render(c, "licences", pageData{Title: "我的证照", Licences: list})
}
