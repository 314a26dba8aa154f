package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// leadersPage is the leaders' report (领导干部帮办) and, for a leader, the
// form to record a session, with what was typed after a refusal.
type leadersPage struct {
	Report  app.LeaderReport
	Items   []haoban.Item // what a leader may record a session for
	Form    map[string]string
	Invalid map[string]string
	Key     string // the form's idempotency key
}

// leaderFields are the form's controls, in the order the page shows them.
var leaderFields = []string{"applicant_name", "case_id", "item", "started_at", "ended_at", "notes"}

// dateTimeLocal is how a datetime-local input sends its value.
const dateTimeLocal = "2006-01-02T15:04"

func (p *Pages) leadersPage(c *fiber.Ctx) error {
	return p.showLeaders(c, nil, nil)
}

// showLeaders renders the report; with cause, the refused form, whose
// values form holds by field.
func (p *Pages) showLeaders(c *fiber.Ctx, form map[string]string, cause error) error {
	ctx := c.UserContext()
	r := request(ctx)
	report, err := p.App.Leaders.Report(ctx, r)
	if err != nil {
		return err
	}
	items, err := p.App.Leaders.Items(ctx, r)
	if err != nil {
		return err
	}
	v := &leadersPage{Report: report, Items: items, Form: form, Invalid: map[string]string{}, Key: form["key"]}
	if v.Key == "" {
		v.Key = newKey()
	}
	data := pageData{Title: "领导干部帮办", Leaders: v}
	if c.Query("done") == "recorded" {
		data.Notice = "帮办记录已保存。"
	}
	if cause != nil {
		refuse(c, &data, v.Invalid, cause, "", leaderFields...)
	}
	return p.render(c, "leaders", data)
}

// recordLeaderSessionForm records the signed-in leader's session.
func (p *Pages) recordLeaderSessionForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	form := map[string]string{"key": strings.Clone(c.FormValue("key"))}
	for _, f := range leaderFields {
		form[f] = strings.Clone(c.FormValue(f))
	}
	in := haoban.LeaderSession{Key: form["key"], ApplicantName: form["applicant_name"], CaseID: form["case_id"],
		Item: form["item"], Notes: form["notes"]}
	var bad []haoban.ErrorDetail
	for field, at := range map[string]*time.Time{"started_at": &in.StartedAt, "ended_at": &in.EndedAt} {
		if v := strings.TrimSpace(form[field]); v != "" {
			t, err := time.ParseInLocation(dateTimeLocal, v, haoban.Beijing)
			if err != nil {
				bad = append(bad, haoban.ErrorDetail{Field: field, Message: "请按“年-月-日 时:分”填写时间"})
			}
			*at = t
		}
	}
	if len(bad) > 0 {
		return p.showLeaders(c, form, &haoban.Error{Code: haoban.EINVALID, Field: bad[0].Field, Message: bad[0].Message, Details: bad})
	}
	if _, err := p.App.Leaders.Record(ctx, request(ctx), in); err != nil {
		return p.showLeaders(c, form, err)
	}
	return c.Redirect("/staff/leaders?done=recorded", fiber.StatusSeeOther)
}
