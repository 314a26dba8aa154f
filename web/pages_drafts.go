package web

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// newDraftForm starts a draft for the bundle chosen in the catalogue.
func (p *Pages) newDraftForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d, err := p.App.Drafts.Create(ctx, request(ctx), app.NewDraft{Bundle: strings.Clone(c.FormValue("bundle"))})
	if err != nil {
		return err
	}
	return c.Redirect("/drafts/"+d.ID, fiber.StatusSeeOther)
}

func (p *Pages) draftPage(c *fiber.Ctx) error {
	return p.showDraft(c, strings.Clone(c.Params("id")), nil)
}

// showDraft renders a draft with what went wrong, if anything; a submitted
// draft goes to its case.
func (p *Pages) showDraft(c *fiber.Ctx, id string, cause error) error {
	ctx := c.UserContext()
	d, err := p.App.Drafts.Page(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	if d.Draft.CaseID != "" && cause == nil {
		return c.Redirect("/cases/"+d.Draft.CaseID, fiber.StatusSeeOther)
	}
	names, err := p.sourceNames(c)
	if err != nil {
		return err
	}
	data := pageData{Title: "申请", Bundle: d.Bundle, Draft: d.Draft, Form: d.Draft.Form, Provenance: d.Provenance,
		Report: &d.Report, SourceNames: names}
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		data.Error, data.Errors = errorText(cause), haoban.ErrorDetails(cause)
	}
	return p.render(c, "draft", data)
}

// sourceNames name the data sources (数源目录), which are data.
func (p *Pages) sourceNames(c *fiber.Ctx) (map[string]string, error) {
	sources, err := p.App.Admin.Sources(c.UserContext())
	names := map[string]string{}
	for _, s := range sources {
		names[s.Code] = s.Name
	}
	return names, err
}

// saveDraft stores the posted form: a field left empty is cleared. The save
// button posts every field; the page's script (X-Autosave) posts only the
// field that changed, and the others stay as they are.
func (p *Pages) saveDraft(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	_, b, err := p.App.Drafts.Own(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	in := app.DraftChanges{Form: map[string]any{}}
	values, partial, args := formValues(c, b), c.Get("X-Autosave") != "", c.Request().PostArgs()
	for _, f := range b.Fields() {
		if !partial || args.Has(f.Key) {
			in.Form[f.Key] = values[f.Key] // nil clears
		}
	}
	_, err = p.App.Drafts.Patch(ctx, request(ctx), id, in)
	if partial {
		if err != nil {
			return c.Status(httpx.Status(haoban.ErrorCode(err))).SendString(errorText(err) + detailText(err))
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
	if err != nil {
		return p.showDraft(c, id, err)
	}
	return c.Redirect("/drafts/"+id, fiber.StatusSeeOther)
}

func detailText(err error) string {
	var parts []string
	for _, d := range haoban.ErrorDetails(err) {
		parts = append(parts, d.Message)
	}
	if len(parts) == 0 {
		return ""
	}
	return "：" + strings.Join(parts, "；")
}

// uploadForm streams one material into the draft and returns to it.
func (p *Pages) uploadForm(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	if err := p.upload(c, id, p.App.Materials.ToDraft); err != nil {
		if haoban.ErrorCode(err) == haoban.ENOTFOUND {
			return err
		}
		return p.showDraft(c, id, err)
	}
	return c.Redirect("/drafts/"+id, fiber.StatusSeeOther)
}

// upload streams the posted material to a draft or a case.
func (p *Pages) upload(c *fiber.Ctx, id string, to func(ctx context.Context, r app.Request, id string, up app.Upload) (haoban.CaseMaterial, bool, error)) error {
	code, file, err := httpx.Material(c)
	if err != nil {
		return err
	}
	defer file.Close()
	ctx := c.UserContext()
	_, _, err = to(ctx, request(ctx), id, app.Upload{Code: code, FileName: file.FileName(), Body: file})
	return err
}

// submitDraftForm checks the whole application at once and turns it into a case.
func (p *Pages) submitDraftForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	caseID, err := p.App.Drafts.Submit(ctx, request(ctx), id)
	if err != nil {
		return p.showDraft(c, id, err)
	}
	return c.Redirect("/cases/"+caseID, fiber.StatusSeeOther)
}
