package web

import (
	"context"
	"html/template"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// The 办事指南 pages are public: anyone reads what a service asks before
// signing in. Signed in, the header is the user's and each material says
// whether they need submit it.

// guideView is what the guide pages show.
type guideView struct {
	Index   *app.GuideIndex // nil: not shown
	Query   string
	Results *app.GuideResults
	Page    *app.GuidePage
	// DAG is the bundle's steps, drawn (dag.go).
	DAG template.HTML
}

// guideIndexPage browses the guide by audience and stage, and searches it
// when asked (?q=); the browse list follows a search only when it found
// nothing to pick from.
func (p *Pages) guideIndexPage(c *fiber.Ctx) error {
	ctx := p.signedIn(c)
	v := &guideView{}
	data := pageData{Title: "办事指南", Guide: v}
	if c.Request().URI().QueryArgs().Has("q") {
		v.Query = strings.Clone(c.Query("q"))
		res, err := p.App.Guide.Search(ctx, v.Query)
		switch {
		case haoban.ErrorCode(err) == haoban.EINVALID:
			c.Status(httpx.Status(haoban.EINVALID))
			data.Errors = haoban.ErrorDetails(err)
			if len(data.Errors) == 0 {
				data.Errors = []haoban.ErrorDetail{{Field: "query.q", Message: errorText(err)}}
			}
		case err != nil:
			return err
		default:
			v.Results = &res
			data.Title = "检索：" + res.Query
		}
	}
	if v.Results == nil || len(v.Results.Hits) == 0 {
		idx, err := p.App.Guide.Index(ctx)
		if err != nil {
			return err
		}
		v.Index = &idx
	}
	return p.render(c, "guide_index", data)
}

// guidePage is the guide of a bundle, or of one of its items.
func (p *Pages) guidePage(c *fiber.Ctx) error {
	ctx := p.signedIn(c)
	item := strings.Clone(c.Params("item"))
	page, err := p.App.Guide.Page(ctx, request(ctx), strings.Clone(c.Params("bundle")), item)
	if err != nil {
		return err
	}
	title := page.Bundle.Name
	if page.Item != nil {
		title = page.Item.Name
	}
	return p.render(c, "guide", pageData{Title: title + " · 办事指南", Next: localPath(c.OriginalURL()),
		Guide: &guideView{Page: &page, DAG: DAG(page.Bundle, item)}})
}

// signedIn puts the visitor's user, if they are signed in, where the
// pages and use cases look for it; a public page works without one.
func (p *Pages) signedIn(c *fiber.Ctx) context.Context {
	if u, _, ok := p.pageUser(c); ok {
		c.SetUserContext(context.WithValue(c.UserContext(), userKey{}, u))
	}
	return c.UserContext()
}
