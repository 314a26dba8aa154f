package web

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// staffView is what the staff's pages show beyond the common page data.
type staffView struct {
	Page *app.TaskPage
	// Decision is the reviewer's decision as typed, kept after an error;
	// Invalid names the controls in error, by their id, with the message.
	Decision decisionForm
	Invalid  map[string]string
	Inbox    *app.InboxPage
	Filter   inboxFilter
	Board    *app.Board
	// State and Department are the board's or the statistics' filter;
	// Back is that filter as a query, for the board's forms to return to.
	State      string
	Department string
	Back       string
	// NextPage links the board's next page in the same filter.
	NextPage string
	Views    []boardView
	Stats    *app.DeadlineStats
	// Assistant are 小申's figures for the same period (nil: not wired).
	Assistant *haoban.AssistantStats
	From, To  string
	Depts     []app.Person
}

// decisionForm is a decision as the reviewer filled it in: the ticked
// fields and materials with their reasons, keyed by field key or material code.
type decisionForm struct {
	Decision, Comment     string
	Fields, Materials     map[string]bool
	FieldWhy, MaterialWhy map[string]string
}

// readDecision reads the decision form; a supplement lists each ticked
// field and material with its reason.
func readDecision(c *fiber.Ctx) (decisionForm, app.Decision) {
	f := decisionForm{Decision: strings.Clone(c.FormValue("decision")), Comment: strings.Clone(c.FormValue("comment")),
		Fields: map[string]bool{}, Materials: map[string]bool{}, FieldWhy: map[string]string{}, MaterialWhy: map[string]string{}}
	args := c.Request().PostArgs()
	args.VisitAll(func(k, v []byte) {
		key := string(k)
		if rest, ok := strings.CutPrefix(key, "reason-"); ok {
			f.FieldWhy[rest] = strings.TrimSpace(string(v))
		} else if rest, ok := strings.CutPrefix(key, "mreason-"); ok {
			f.MaterialWhy[rest] = strings.TrimSpace(string(v))
		}
	})
	in := app.Decision{Decision: haoban.Decision(f.Decision), Comment: strings.TrimSpace(f.Comment)}
	for _, k := range args.PeekMulti("missing") {
		key := string(k)
		f.Fields[key] = true
		if in.Decision == haoban.DecisionSupplement {
			in.Missing = append(in.Missing, haoban.Missing{Kind: haoban.MissingField, Key: key, Reason: f.FieldWhy[key]})
		}
	}
	for _, k := range args.PeekMulti("missing_material") {
		code := string(k)
		f.Materials[code] = true
		if in.Decision == haoban.DecisionSupplement {
			in.Missing = append(in.Missing, haoban.Missing{Kind: haoban.MissingMaterial, Key: code, Reason: f.MaterialWhy[code]})
		}
	}
	return f, in
}

// decisionControl names the form control an error of the decision is
// about: decision, comment or missing; "" for none.
func decisionControl(field string) string {
	field = strings.TrimPrefix(field, "body.")
	switch {
	case field == "decision" || field == "comment":
		return field
	case strings.HasPrefix(field, "missing"):
		return "missing"
	}
	return ""
}

func (p *Pages) taskPage(c *fiber.Ctx) error {
	return p.showTask(c, strings.Clone(c.Params("id")), decisionForm{}, nil)
}

// decisionNotices confirm a decision just made, by the task's new status.
var decisionNotices = map[haoban.TaskStatus]string{
	haoban.TaskApproved: "已作出决定：准予。", haoban.TaskRejected: "已作出决定：不予许可，理由已告知申请人。",
	haoban.TaskAwaitingSupplement: "已要求申请人补正，等待补正期间不计入办理期限。",
}

// showTask renders a task with its case; after a refused decision, the
// decision as typed with each error at its control and in one summary.
func (p *Pages) showTask(c *fiber.Ctx, id string, form decisionForm, cause error) error {
	ctx := c.UserContext()
	t, err := p.App.TaskPage(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	staff := &staffView{Page: &t, Decision: form, Invalid: map[string]string{}}
	data := pageData{Title: t.Task.ItemName, Case: t.Case, Bundle: t.Bundle, Key: newKey(), Comments: t.Comments, Task: t.Task,
		Risk: t.Risk, Staff: staff}
	if c.Query("done") == "decided" {
		data.Notice = decisionNotices[t.Task.Status]
	}
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		details := problems(cause)
		for _, d := range details {
			if ctl := decisionControl(d.Field); ctl != "" {
				if _, seen := staff.Invalid[ctl]; !seen {
					staff.Invalid[ctl] = d.Message
					data.Errors = append(data.Errors, haoban.ErrorDetail{Field: ctl, Message: d.Message})
				}
			}
		}
		if len(data.Errors) == 0 {
			data.Error = errorText(cause)
		}
	}
	return p.render(c, "task", data)
}

// problems are an error's per-field problems, or the error itself
// as one problem about its field.
func problems(err error) []haoban.ErrorDetail {
	if d := haoban.ErrorDetails(err); len(d) > 0 {
		return d
	}
	return []haoban.ErrorDetail{{Field: haoban.ErrorField(err), Message: haoban.ErrorMessage(err)}}
}

// refuse shows a refused form: the status the cause calls for, and each
// problem about one of fields on its control, whose id is the field with
// "-suffix" when a page holds a form per row. invalid takes each control's
// message and the summary links to it; a refusal about none of the fields
// is the page's one error.
func refuse(c *fiber.Ctx, data *pageData, invalid map[string]string, cause error, suffix string, fields ...string) {
	c.Status(httpx.Status(haoban.ErrorCode(cause)))
	for _, d := range problems(cause) {
		if !slices.Contains(fields, d.Field) {
			continue
		}
		id := d.Field
		if suffix != "" {
			id += "-" + suffix
		}
		invalid[id] = d.Message
		data.Errors = append(data.Errors, haoban.ErrorDetail{Field: id, Message: d.Message})
	}
	if len(data.Errors) == 0 {
		data.Error = errorText(cause)
	}
}

func (p *Pages) claimForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	if _, err := p.App.Tasks.Claim(ctx, request(ctx), id); err != nil {
		return p.showTask(c, id, decisionForm{}, err)
	}
	return c.Redirect("/tasks/"+id, fiber.StatusSeeOther)
}

func (p *Pages) releaseForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	if _, err := p.App.Tasks.Release(ctx, request(ctx), id); err != nil {
		return p.showTask(c, id, decisionForm{}, err)
	}
	return c.Redirect("/inbox?done=released", fiber.StatusSeeOther)
}

// decisionForm records approve / reject / supplement, then shows the task
// with what was decided.
func (p *Pages) decisionForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	form, in := readDecision(c)
	if _, err := p.App.Tasks.Decide(ctx, request(ctx), id, strings.Clone(c.FormValue("key")), in); err != nil {
		return p.showTask(c, id, form, err)
	}
	return c.Redirect("/tasks/"+id+"?done=decided", fiber.StatusSeeOther)
}

func (p *Pages) commentForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	if _, err := p.App.Tasks.AddComment(ctx, request(ctx), id, app.NewComment{Body: strings.Clone(c.FormValue("body"))}); err != nil {
		return p.showTask(c, id, decisionForm{}, err)
	}
	return c.Redirect("/tasks/"+id, fiber.StatusSeeOther)
}

func (p *Pages) notificationsPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	notes, err := p.App.Inbox.List(ctx, request(ctx), app.NoteQuery{Cursor: strings.Clone(c.Query("cursor")), Limit: c.QueryInt("limit")})
	if err != nil {
		return err
	}
	return p.render(c, "notifications", pageData{Title: "通知", Notes: &notes})
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
