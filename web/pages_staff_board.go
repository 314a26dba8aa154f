package web

import (
	"context"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// boardViews are the board's views a page may ask for, in the order the
// page lists them; the page opens on what needs attention.
var boardViews = []string{"attention", "at_risk", "overdue", "paused", "all"}

var boardViewNames = map[string]string{"attention": "需要关注", "at_risk": "临期", "overdue": "超期", "paused": "暂停", "all": "全部"}

// boardView is one of the board's views as a link in the current department.
type boardView struct {
	Key, Name string
	Href      template.URL
}

func boardLinks(department string) []boardView {
	var out []boardView
	for _, v := range boardViews {
		_, _, q := boardFilter(v, department)
		out = append(out, boardView{Key: v, Name: boardViewNames[v], Href: template.URL("/board?" + q)}) // encoded by boardFilter
	}
	return out
}

// boardNotices confirm a supervisor's action on the board.
var boardNotices = map[string]string{
	"remind": "已催办，审查人员已收到通知。", "extend": "已延期，新的到期日已计算。", "suspend": "已暂停计时。",
	"resume": "已恢复计时。", "reassign": "已改派，接手的审查人员已可办理。",
}

// boardFilter reads the board's filter from a query: a known view (the
// attention view by default) and a department code.
func boardFilter(state, department string) (string, string, string) {
	if !slices.Contains(boardViews, state) {
		state = "attention"
	}
	back := url.Values{"state": {state}}
	if department != "" {
		back.Set("department", department)
	}
	return state, department, back.Encode()
}

func (p *Pages) boardPage(c *fiber.Ctx) error {
	return p.showBoard(c, c.Query("state"), c.Query("department"), boardNotices[c.Query("done")], nil)
}

// showBoard renders the board in a filter, with what was just done or why
// it was refused.
func (p *Pages) showBoard(c *fiber.Ctx, state, department, notice string, cause error) error {
	state, department, back := boardFilter(strings.Clone(state), strings.Clone(department))
	board, err := p.App.Supervision.Board(c.UserContext(), state, department, haoban.PageRequest{Cursor: strings.Clone(c.Query("cursor"))})
	if err != nil {
		return err
	}
	data := pageData{Title: "督办看板", Notice: notice, Warnings: board.Warnings, LinkedFailures: board.LinkedFailures,
		Staff: &staffView{Board: &board, State: state, Department: department, Back: back, Views: boardLinks(department)}}
	if board.NextCursor != "" {
		data.Staff.NextPage = "/board?" + back + "&cursor=" + url.QueryEscape(board.NextCursor)
	}
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		data.Error = errorText(cause)
	}
	return p.render(c, "board", data)
}

// supervisorAction runs a board action and returns to the board in the same
// filter, saying what was done, or shows the board with why it was refused.
func (p *Pages) supervisorAction(c *fiber.Ctx, done string, act func(ctx context.Context, r app.Request, id string) error) error {
	ctx := c.UserContext()
	back, _ := url.ParseQuery(c.FormValue("back"))
	if err := act(ctx, request(ctx), strings.Clone(c.Params("id"))); err != nil {
		return p.showBoard(c, back.Get("state"), back.Get("department"), "", err)
	}
	_, _, query := boardFilter(back.Get("state"), back.Get("department"))
	return c.Redirect("/board?"+query+"&done="+done, fiber.StatusSeeOther)
}

func (p *Pages) remindForm(c *fiber.Ctx) error {
	return p.supervisorAction(c, "remind", func(ctx context.Context, r app.Request, id string) error {
		_, err := p.App.Supervision.Remind(ctx, r, id)
		return err
	})
}

func (p *Pages) extendForm(c *fiber.Ctx) error {
	days, err := strconv.Atoi(strings.TrimSpace(c.FormValue("days")))
	if err != nil {
		days = 0 // refused below as out of range, with the field named
	}
	in := app.Extension{Days: days, Reason: strings.Clone(c.FormValue("reason"))}
	return p.supervisorAction(c, "extend", func(ctx context.Context, r app.Request, id string) error {
		_, err := p.App.Supervision.Extend(ctx, r, id, in)
		return err
	})
}

// suspendForm stops a clock only when the supervisor has confirmed it.
func (p *Pages) suspendForm(c *fiber.Ctx) error {
	in := app.Suspension{Reason: strings.Clone(c.FormValue("reason")), Note: strings.Clone(c.FormValue("note"))}
	confirmed := c.FormValue("confirm") == "yes"
	return p.supervisorAction(c, "suspend", func(ctx context.Context, r app.Request, id string) error {
		if !confirmed {
			return haoban.FieldErrorf(haoban.EINVALID, "confirm", "暂停计时须勾选确认：暂停期间不计入办理期限")
		}
		_, err := p.App.Supervision.Suspend(ctx, r, id, in)
		return err
	})
}

func (p *Pages) resumeForm(c *fiber.Ctx) error {
	return p.supervisorAction(c, "resume", func(ctx context.Context, r app.Request, id string) error {
		_, err := p.App.Supervision.Resume(ctx, r, id)
		return err
	})
}

func (p *Pages) reassignForm(c *fiber.Ctx) error {
	in := app.Reassign{UserID: strings.TrimSpace(strings.Clone(c.FormValue("user_id")))}
	return p.supervisorAction(c, "reassign", func(ctx context.Context, r app.Request, id string) error {
		_, err := p.App.Tasks.Reassign(ctx, r, id, in)
		return err
	})
}

// statsPage shows the departments' figures for a period and a department.
func (p *Pages) statsPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	dept := strings.Clone(c.Query("department"))
	st, err := p.App.Supervision.DeadlineStats(ctx, strings.Clone(c.Query("from")), strings.Clone(c.Query("to")), dept)
	data := pageData{Title: "期限统计"}
	if err != nil {
		if haoban.ErrorCode(err) != haoban.EINVALID {
			return err
		}
		c.Status(httpx.Status(haoban.EINVALID))
		data.Errors = []haoban.ErrorDetail{{Field: strings.TrimPrefix(haoban.ErrorField(err), "query."), Message: errorText(err)}}
		if st, err = p.App.Supervision.DeadlineStats(ctx, "", "", dept); err != nil {
			return err
		}
	}
	depts, err := p.App.Supervision.Departments(ctx)
	if err != nil {
		return err
	}
	data.Staff = &staffView{Stats: &st, From: st.From, To: st.To, Department: dept, Depts: depts}
	if p.App.Assistant != nil {
		as, err := p.App.Assistant.StatsOfDays(ctx, request(ctx), st.From, st.To)
		if err != nil {
			return err
		}
		data.Staff.Assistant = &as
	}
	if p.App.Help != nil { // the human help desk's figures (pages_help.go)
		from, to, err := p.App.Help.Period(st.From, st.To)
		if err != nil {
			return err
		}
		hs, err := p.App.Help.Stats(ctx, request(ctx), from, to)
		if err != nil {
			return err
		}
		data.Help = &helpPage{Stats: &hs}
		if p.App.Hotline != nil {
			hl, err := p.App.Hotline.Stats(ctx, request(ctx), from, to)
			if err != nil {
				return err
			}
			data.Help.Hotline = &hl
		}
	}
	return p.render(c, "stats", data)
}
