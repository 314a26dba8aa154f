package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// summaryEntry is one line of a form's error summary, linking to its input.
type summaryEntry struct{ Anchor, Message string }

var settingsSaved = map[string]string{
	"contacts":    "联系方式已保存。",
	"preferences": "通知方式已保存。",
}

// settingsPage shows the person's addresses and their choice of channels
// per kind.
func (p *Pages) settingsPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	contacts, err := p.App.Notices.Contacts(ctx, request(ctx))
	if err != nil {
		return err
	}
	prefs, err := p.App.Notices.Preferences(ctx, request(ctx))
	if err != nil {
		return err
	}
	return p.showSettings(c, &noticePages{Contacts: contacts, Prefs: prefs}, settingsSaved[c.Query("saved")], nil)
}

// showSettings renders the settings page; a refusal marks its fields and
// lists them in one summary.
func (p *Pages) showSettings(c *fiber.Ctx, v *noticePages, notice string, cause error) error {
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		v.Bad = map[string]string{}
		details := haoban.ErrorDetails(cause)
		if len(details) == 0 {
			details = []haoban.ErrorDetail{{Field: haoban.ErrorField(cause), Message: haoban.ErrorMessage(cause)}}
		}
		for _, d := range details {
			id := settingsInput(d.Field)
			v.Bad[id] = d.Message
			v.Summary = append(v.Summary, summaryEntry{Anchor: "#" + id, Message: d.Message})
		}
	}
	return p.render(c, "settings", pageData{Title: "设置", Notice: notice, Notices: v})
}

// settingsInput is the ID of the input an error names: body.email is
// f-email, body.off.<kind> the kind's group.
func settingsInput(field string) string {
	field = strings.TrimPrefix(field, "body.")
	if kind, ok := strings.CutPrefix(field, "off."); ok {
		return "pref-" + kind
	}
	if field == "phone" || field == "email" {
		return "f-" + field
	}
	return "prefs"
}

// contactsForm saves the addresses through the same use case as
// PUT /api/v1/me/contacts; a bad one is shown at its field, nothing saved.
func (p *Pages) contactsForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	in := app.Contacts{Email: strings.TrimSpace(strings.Clone(c.FormValue("email"))),
		Phone: strings.TrimSpace(strings.Clone(c.FormValue("phone")))}
	if _, err := p.App.Notices.SetContacts(ctx, request(ctx), in); err != nil {
		if !formError(err) {
			return err
		}
		prefs, perr := p.App.Notices.Preferences(ctx, request(ctx))
		if perr != nil {
			return perr
		}
		return p.showSettings(c, &noticePages{Contacts: in, Prefs: prefs}, "", err)
	}
	return c.Redirect("/settings?saved=contacts", fiber.StatusSeeOther)
}

// preferencesForm saves the ticked boxes through the same rules as
// PUT /api/v1/me/notice-preferences.
func (p *Pages) preferencesForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	var on []string
	for _, v := range c.Request().PostArgs().PeekMulti("on") {
		on = append(on, string(v))
	}
	prefs, err := p.App.Notices.SetChoices(ctx, request(ctx), on)
	if err != nil {
		if !formError(err) {
			return err
		}
		contacts, cerr := p.App.Notices.Contacts(ctx, request(ctx))
		if cerr != nil {
			return cerr
		}
		return p.showSettings(c, &noticePages{Contacts: contacts, Prefs: prefs}, "", err)
	}
	return c.Redirect("/settings?saved=preferences", fiber.StatusSeeOther)
}

// formError says whether an error is about the input, to show on the form.
func formError(err error) bool {
	code := haoban.ErrorCode(err)
	return code == haoban.EINVALID || code == haoban.EUNPROCESSABLE
}
