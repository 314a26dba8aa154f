package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// The pages call the use cases as the JSON API does, so a page and an API
// call are checked and recorded alike.

func (p *Pages) bundlesPage(c *fiber.Ctx) error {
	bundles, err := p.App.Admin.Bundles(c.UserContext())
	if err != nil {
		return err
	}
	names, err := p.catalogueData(c, bundles)
	if err != nil {
		return err
	}
	return p.render(c, "bundles", pageData{Title: "办事指南", Bundles: bundles, Drafts: names})
}

func (p *Pages) applyPage(c *fiber.Ctx) error {
	b, err := p.App.Admin.Bundle(c.UserContext(), strings.Clone(c.Params("bundle")))
	if err != nil {
		return err
	}
	return p.render(c, "apply", pageData{Title: "申请", Bundle: b, Form: map[string]any{}, Key: newKey()})
}

// apply submits the form; the hidden key makes a double submission one case.
func (p *Pages) apply(c *fiber.Ctx) error {
	ctx := c.UserContext()
	b, err := p.App.Admin.Bundle(ctx, strings.Clone(c.Params("bundle")))
	if err != nil {
		return err
	}
	form, key := formValues(c, b), strings.Clone(c.FormValue("key"))
	id, err := p.App.Cases.Create(ctx, request(ctx), key, app.CreateCase{Bundle: b.Code, Form: form})
	if err != nil {
		return p.render(c.Status(httpx.Status(haoban.ErrorCode(err))), "apply", pageData{Title: "申请", Bundle: b, Form: form,
			Key: key, Error: errorText(err), Errors: haoban.ErrorDetails(err)})
	}
	return c.Redirect("/cases/"+id, fiber.StatusSeeOther)
}

// formValues reads a bundle's fields from a posted form in their JSON types.
func formValues(c *fiber.Ctx, b haoban.Bundle) map[string]any {
	form := map[string]any{}
	args := c.Request().PostArgs()
	for _, f := range b.Fields() {
		switch f.Type {
		case haoban.FieldChoices:
			var picked []any
			for _, v := range args.PeekMulti(f.Key) {
				if len(v) > 0 {
					picked = append(picked, string(v))
				}
			}
			if len(picked) > 0 {
				form[f.Key] = picked
			}
			continue
		}
		v := strings.TrimSpace(string(args.Peek(f.Key)))
		if v == "" {
			continue
		}
		switch f.Type {
		case haoban.FieldNumber:
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				form[f.Key] = n
				continue
			}
		case haoban.FieldBool:
			form[f.Key] = v == "true"
			continue
		}
		form[f.Key] = v
	}
	return form
}

// casesPage is a page of 我的办件 (or the staff's cases) with its filter,
// search box and counts; the cursor walks the pages.
func (p *Pages) casesPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	q := app.CaseQuery{Status: strings.Clone(c.Query("status")), Query: strings.Clone(c.Query("q")),
		Cursor: strings.Clone(c.Query("cursor")), Limit: c.QueryInt("limit")}
	list, err := p.App.Cases.List(ctx, request(ctx), q)
	if err != nil {
		return err
	}
	return p.render(c, "cases", pageData{Title: "办件", CaseList: &list, CaseQuery: q})
}

// caseNotices confirm what the applicant just did, named by the redirect.
var caseNotices = map[string]string{
	"supplement": "补正已提交，审查部门将继续审查。办理进度会在本页和通知中更新。",
	"withdrawn":  "申请已撤回。",
}

func (p *Pages) casePage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v, err := p.App.Cases.Get(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	notice := caseNotices[c.Query("done")]
	if code := c.Query("uploaded"); code != "" {
		for _, m := range v.Materials {
			if m.Code == code {
				notice = "已上传「" + m.Name + "」（" + m.FileName + "），提交补正时将一并提交。"
			}
		}
	}
	return p.render(c, "case", pageData{Title: v.BundleName, Case: v, Key: newKey(), Notice: notice,
		Fragment: c.Query("fragment") == "1", Deliveries: p.caseDeliveries(ctx, v.ID), Ratings: p.caseRatings(ctx, v, csrfToken(c))})
}

func (p *Pages) supplementForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	kase, b, err := p.App.Cases.Own(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	// The form's key makes a double submission one answer.
	key := strings.Clone(c.FormValue("key"))
	if key == "" {
		key = newKey()
	}
	in := app.Supplement{TaskID: strings.Clone(c.FormValue("task_id")), Form: formValues(c, b)}
	// A material asked for is answered by the newest upload of its code.
	for _, t := range kase.Tasks {
		if t.ID != in.TaskID {
			continue
		}
		for _, m := range t.Missing {
			if m.Kind != haoban.MissingMaterial {
				continue
			}
			for i := len(kase.Materials) - 1; i >= 0; i-- {
				if kase.Materials[i].Code == m.Key {
					in.Materials = append(in.Materials, kase.Materials[i].ID)
					break
				}
			}
		}
	}
	if _, err := p.App.Cases.Supplement(ctx, request(ctx), id, key, in); err != nil {
		return p.caseWithError(c, id, err)
	}
	return c.Redirect("/cases/"+id+"?done=supplement", fiber.StatusSeeOther)
}

// withdrawForm withdraws only once the applicant confirms: the first post
// shows the confirm step with the reason given, the second withdraws.
func (p *Pages) withdrawForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	in := app.Withdraw{Reason: strings.TrimSpace(strings.Clone(c.FormValue("reason")))}
	if c.FormValue("confirm") != "yes" || in.Reason == "" {
		v, err := p.App.Cases.Get(ctx, request(ctx), id)
		if err != nil {
			return err
		}
		data := pageData{Title: "确认撤回", Case: v, Key: newKey(), ConfirmWithdraw: in.Reason != "",
			Form: map[string]any{"reason": in.Reason}}
		if in.Reason == "" {
			data.Errors = []haoban.ErrorDetail{{Field: "body.reason", Message: "请填写撤回原因"}}
			c.Status(fiber.StatusUnprocessableEntity)
		}
		return p.render(c, "case", data)
	}
	if _, err := p.App.Cases.Withdraw(ctx, request(ctx), id, in); err != nil {
		return p.caseWithError(c, id, err)
	}
	return c.Redirect("/cases/"+id+"?done=withdrawn", fiber.StatusSeeOther)
}

// caseWithError shows the case again with what went wrong.
func (p *Pages) caseWithError(c *fiber.Ctx, id string, cause error) error {
	ctx := c.UserContext()
	v, err := p.App.Cases.Get(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	return p.render(c.Status(httpx.Status(haoban.ErrorCode(cause))), "case", pageData{Title: v.BundleName, Case: v,
		Key: newKey(), Error: errorText(cause), Errors: haoban.ErrorDetails(cause)})
}

// caseUploadForm streams a material into the applicant's open case and
// returns to the case, which acknowledges the upload by name.
func (p *Pages) caseUploadForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	code, file, err := httpx.Material(c)
	if err != nil {
		return p.caseWithError(c, id, err)
	}
	defer file.Close()
	m, _, err := p.App.Materials.ToCase(ctx, request(ctx), id, app.Upload{Code: code, FileName: file.FileName(), Body: file})
	if err != nil {
		return p.caseWithError(c, id, err)
	}
	return c.Redirect("/cases/"+id+"?uploaded="+url.QueryEscape(m.Code)+"#supplement", fiber.StatusSeeOther)
}
