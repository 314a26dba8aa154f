package api

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/clock"
)

// inboxPage lists the department's open, claimed and waiting tasks, the
// least time left first.
func (s *Server) inboxPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	out, err := s.board(ctx, &BoardInput{Department: userFrom(ctx).Department})
	if err != nil {
		return err
	}
	return s.render(c, "inbox", pageData{Title: "待办任务", Tasks: out.Body.Tasks, Warnings: out.Body.Warnings})
}

func (s *Server) taskPage(c *fiber.Ctx) error {
	return s.showTask(c, strings.Clone(c.Params("id")), nil)
}

// showTask renders a task with its case, and what went wrong if anything.
func (s *Server) showTask(c *fiber.Ctx, id string, cause error) error {
	ctx := c.UserContext()
	task, _, err := s.actionableTask(ctx, id, "claim")
	if err != nil {
		return err
	}
	out, err := s.getCase(ctx, &CaseIDInput{ID: task.CaseID})
	if err != nil {
		return err
	}
	b, err := s.Store.FindBundle(ctx, out.Body.Bundle)
	if err != nil {
		return err
	}
	comments, err := s.Store.ListComments(ctx, id)
	if err != nil {
		return err
	}
	data := pageData{Title: task.ItemName, Case: out.Body, Bundle: b, Key: newKey(), Comments: comments}
	for _, t := range out.Body.Tasks {
		if t.ID == id {
			data.Task = t
		}
	}
	if r, err := s.risk(ctx, task.Item, out.Body.Case); err == nil {
		data.Risk = &r
	} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return err
	}
	if cause != nil {
		c.Status(statusOf(haoban.ErrorCode(cause)))
		data.Error, data.Errors = errorText(cause), haoban.ErrorDetails(cause)
	}
	return s.render(c, "task", data)
}

func (s *Server) claimForm(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	if _, err := invoke(s, c.UserContext(), s.claimTask, &TaskIDInput{ID: id}); err != nil {
		return s.showTask(c, id, err)
	}
	return c.Redirect("/tasks/"+id, fiber.StatusSeeOther)
}

func (s *Server) releaseForm(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	if _, err := invoke(s, c.UserContext(), s.release, &TaskIDInput{ID: id}); err != nil {
		return s.showTask(c, id, err)
	}
	return c.Redirect("/inbox", fiber.StatusSeeOther)
}

// decisionForm reads approve / reject / supplement; a supplement lists each
// ticked field with its reason.
func (s *Server) decisionForm(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	in := &DecisionInput{ID: id, IdempotencyKey: strings.Clone(c.FormValue("key"))}
	in.Body.Decision = haoban.Decision(strings.Clone(c.FormValue("decision")))
	in.Body.Comment = strings.Clone(c.FormValue("comment"))
	if in.Body.Decision == haoban.DecisionSupplement {
		for _, k := range c.Request().PostArgs().PeekMulti("missing") {
			key := string(k)
			in.Body.Missing = append(in.Body.Missing, haoban.Missing{Kind: haoban.MissingField, Key: key,
				Reason: strings.TrimSpace(strings.Clone(c.FormValue("reason-" + key)))})
		}
	}
	if _, err := invoke(s, c.UserContext(), s.decideTask, in); err != nil {
		return s.showTask(c, id, err)
	}
	return c.Redirect("/inbox", fiber.StatusSeeOther)
}

func (s *Server) boardPage(c *fiber.Ctx) error {
	out, err := s.board(c.UserContext(), &BoardInput{State: strings.Clone(c.Query("state"))})
	if err != nil {
		return err
	}
	if c.Query("state") == "" {
		// The page's default view: everything that needs attention first.
		out.Body.Tasks = slices.DeleteFunc(out.Body.Tasks, func(t BoardTask) bool {
			return t.Risk == "ok" && t.Clock.State == clock.Running && t.Clock.Remaining > 3
		})
	}
	return s.render(c, "board", pageData{Title: "督办看板", Tasks: out.Body.Tasks, Warnings: out.Body.Warnings,
		LinkedFailures: out.Body.LinkedFailures})
}

func (s *Server) remindForm(c *fiber.Ctx) error {
	in := &TaskIDInput{ID: strings.Clone(c.Params("id"))}
	return s.supervisorAction(c, "催办失败", func() error { _, err := invoke(s, c.UserContext(), s.remind, in); return err })
}

func (s *Server) extendForm(c *fiber.Ctx) error {
	in := &ExtendInput{ID: strings.Clone(c.Params("id"))}
	in.Body.Days, _ = strconv.Atoi(c.FormValue("days"))
	in.Body.Reason = strings.Clone(c.FormValue("reason"))
	return s.supervisorAction(c, "延期失败", func() error {
		if in.Body.Days < 1 || in.Body.Days > 10 || in.Body.Reason == "" {
			return haoban.Errorf(haoban.EUNPROCESSABLE, "延长天数应为 1 至 10 个工作日，并说明理由。")
		}
		_, err := invoke(s, c.UserContext(), s.extend, in)
		return err
	})
}

func (s *Server) statsPage(c *fiber.Ctx) error {
	out, err := s.deadlineStats(c.UserContext(), &StatsInput{})
	if err != nil {
		return err
	}
	slices.SortFunc(out.Body.Departments, func(a, b DepartmentStats) int { return cmp.Compare(a.Department, b.Department) })
	return s.render(c, "stats", pageData{Title: "期限统计", Stats: out.Body.Departments})
}

func (s *Server) notificationsPage(c *fiber.Ctx) error {
	out, err := s.notifications(c.UserContext(), &NotificationsInput{})
	if err != nil {
		return err
	}
	return s.render(c, "notifications", pageData{Title: "通知", Notes: out.Body.Notifications})
}

// licencesPage lists the applicant's licences with their sealed documents.
func (s *Server) licencesPage(c *fiber.Ctx) error {
	out, err := s.listLicences(c.UserContext(), &LicencesQuery{})
	if err != nil {
		return err
	}
	return s.render(c, "licences", pageData{Title: "我的证照", Licences: out.Body.Licences})
}

func (s *Server) commentForm(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	in := &AddCommentInput{ID: id}
	in.Body.Body = strings.TrimSpace(strings.Clone(c.FormValue("body")))
	if in.Body.Body == "" {
		return s.showTask(c, id, haoban.FieldErrorf(haoban.EINVALID, "body", "请填写意见内容"))
	}
	if _, err := invoke(s, c.UserContext(), s.addComment, in); err != nil {
		return s.showTask(c, id, err)
	}
	return c.Redirect("/tasks/"+id, fiber.StatusSeeOther)
}

// supervisorAction runs a board action and returns to the board, or shows
// why it was refused.
func (s *Server) supervisorAction(c *fiber.Ctx, title string, act func() error) error {
	if err := act(); err != nil {
		return s.render(c.Status(statusOf(haoban.ErrorCode(err))), "error", pageData{Title: title, Error: errorText(err)})
	}
	return c.Redirect("/board", fiber.StatusSeeOther)
}

func (s *Server) suspendForm(c *fiber.Ctx) error {
	in := &SuspendInput{ID: strings.Clone(c.Params("id"))}
	in.Body.Reason = strings.Clone(c.FormValue("reason"))
	return s.supervisorAction(c, "暂停计时失败", func() error { _, err := invoke(s, c.UserContext(), s.suspend, in); return err })
}

func (s *Server) resumeForm(c *fiber.Ctx) error {
	in := &TaskIDInput{ID: strings.Clone(c.Params("id"))}
	return s.supervisorAction(c, "恢复计时失败", func() error { _, err := invoke(s, c.UserContext(), s.resume, in); return err })
}

func (s *Server) reassignForm(c *fiber.Ctx) error {
	in := &ReassignRequest{ID: strings.Clone(c.Params("id"))}
	in.Body.UserID = strings.TrimSpace(strings.Clone(c.FormValue("user_id")))
	return s.supervisorAction(c, "改派失败", func() error { _, err := invoke(s, c.UserContext(), s.reassign, in); return err })
}
