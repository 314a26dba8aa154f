package web

import (
	"html/template"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// inboxFilter is the inbox's filter as the page's query holds it.
type inboxFilter struct {
	Show, Status, Q string
	// Cursor is the page shown ("" for the first).
	Cursor string
}

// Page is the link to a page of the inbox in this filter ("" for the first).
func (f inboxFilter) Page(cursor string) template.URL {
	v := url.Values{}
	for k, s := range map[string]string{"show": f.Show, "status": f.Status, "q": f.Q, "cursor": cursor} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return template.URL("/inbox?" + v.Encode()) // encoded here: the template must not escape it again
}

// With is the link to the first page with one view or state instead.
func (f inboxFilter) With(key, value string) template.URL {
	switch key {
	case "show":
		f.Show, f.Status = value, ""
	case "status":
		f.Status, f.Show = value, ""
	}
	return f.Page("")
}

// inboxNotices confirm what the reviewer just did.
var inboxNotices = map[string]string{"released": "已退回待办池，本部门其他审查人员可以认领。"}

// inboxPage lists a page of the department's tasks, the longest open
// first, with the views' counts and the total.
func (p *Pages) inboxPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := inboxFilter{Show: strings.Clone(c.Query("show")), Status: strings.Clone(c.Query("status")),
		Q: strings.TrimSpace(strings.Clone(c.Query("q"))), Cursor: strings.Clone(c.Query("cursor"))}
	inbox, err := p.App.Tasks.Inbox(ctx, request(ctx), app.InboxQuery{Show: f.Show, Status: f.Status, Query: f.Q,
		Page: haoban.PageRequest{Cursor: f.Cursor, Limit: c.QueryInt("limit")}})
	if err != nil {
		return err
	}
	return p.render(c, "inbox", pageData{Title: "待办任务", Notice: inboxNotices[c.Query("done")],
		Staff: &staffView{Inbox: &inbox, Filter: f}})
}
