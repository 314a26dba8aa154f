package web

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// draftsData is what the draft pages show beyond the common page data.
type draftsData struct {
	View app.DraftPage
	List app.DraftList
	// Departments name the departments of the catalogue's items.
	Departments map[string]string
	// Summary is the error summary: each entry links to its field or
	// material row.
	Summary []errorLink
	// Base is where the draft's forms post: /drafts, or /window/drafts
	// when a clerk fills it for ForName at the counter (pages_window.go).
	Base    string
	ForName string
}

// errorLink is one entry of an error summary.
type errorLink struct {
	Href    string // "" when the problem has no field to go to
	Message string
}

// draftsPage lists the applicant's unsubmitted drafts (我的草稿), a page at a
// time.
func (p *Pages) draftsPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	list, err := p.App.Drafts.List(ctx, request(ctx), haoban.PageRequest{Cursor: strings.Clone(c.Query("cursor"))})
	if err != nil {
		return err
	}
	return p.render(c, "drafts", pageData{Title: "我的草稿", Drafts: &draftsData{List: list}})
}

// newDraftForm opens the applicant's draft of the bundle chosen in the
// catalogue, resuming the one they left rather than starting another.
func (p *Pages) newDraftForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d, _, err := p.App.Drafts.Resume(ctx, request(ctx), app.NewDraft{Bundle: strings.Clone(c.FormValue("bundle"))})
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
		return c.Redirect(caseBase(ctx)+d.Draft.CaseID, fiber.StatusSeeOther)
	}
	data := pageData{Title: "申请", Bundle: d.Bundle, Draft: d.Draft, Form: d.Draft.Form, Provenance: d.Provenance,
		Report: &d.Report, Drafts: &draftsData{View: d, Base: strings.TrimSuffix(draftBase(ctx), "/")}}
	if r := request(ctx); r.Clerk != nil {
		data.Drafts.ForName = r.User.Name
	}
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		details := haoban.ErrorDetails(cause)
		if len(details) == 0 {
			details = []haoban.ErrorDetail{{Field: fieldOf(cause), Message: errorText(cause)}}
		}
		data.Drafts.View.Mark(details)
		data.Drafts.View.MarkPledges(details, postedPledges(c))
		data.Error = errorText(cause)
		for _, e := range details {
			data.Drafts.Summary = append(data.Drafts.Summary, errorLink{Href: anchorOf(e.Field), Message: e.Message})
		}
	}
	return p.render(c, "draft", data)
}

// fieldOf is the input an error names, if any.
func fieldOf(err error) string {
	if e, ok := err.(*haoban.Error); ok {
		return e.Field
	}
	return ""
}

// anchorOf is the element an error's field names on a page: the API's
// names (form.x, body.x, query.x, path.x) are the inputs' f-x, a material
// its upload row.
func anchorOf(field string) string {
	switch {
	case field == "":
		return ""
	case strings.HasPrefix(field, "materials."):
		return "#file-" + strings.TrimPrefix(field, "materials.")
	case field == "body.confirm_duplicate":
		return "#confirm-duplicate"
	case strings.HasPrefix(field, "pledges."):
		return "#pledge-" + strings.TrimPrefix(field, "pledges.")
	}
	for _, prefix := range []string{"form.", "body.", "query.", "path."} {
		field = strings.TrimPrefix(field, prefix)
	}
	return "#f-" + field
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
	return c.Redirect(draftBase(ctx)+id, fiber.StatusSeeOther)
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

// uploadForm streams one material into the draft and returns to its row;
// the page's script posts the same form without leaving the page.
func (p *Pages) uploadForm(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	code := strings.Clone(c.Query("material"))
	if err := p.upload(c, id, p.App.Materials.ToDraft); err != nil {
		if haoban.ErrorCode(err) == haoban.ENOTFOUND {
			return err
		}
		if e, ok := err.(*haoban.Error); ok && code != "" && len(e.Details) == 0 {
			err = haoban.FieldErrorf(e.Code, "materials."+code, "%s", e.Message)
		}
		return p.showDraft(c, id, err)
	}
	return c.Redirect(draftBase(c.UserContext())+id+"#m-"+code, fiber.StatusSeeOther)
}

// removeMaterialForm deletes an upload from the draft.
func (p *Pages) removeMaterialForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	if err := p.App.Materials.RemoveFromDraft(ctx, request(ctx), id, strings.Clone(c.Params("material"))); err != nil {
		if haoban.ErrorCode(err) == haoban.ENOTFOUND {
			return err
		}
		return p.showDraft(c, id, err)
	}
	return c.Redirect(draftBase(ctx)+id+"#materials", fiber.StatusSeeOther)
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

// submitDraftForm checks the whole application at once and turns it into
// a case; a second open case of the same subject needs the box ticked.
func (p *Pages) submitDraftForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	opt := app.SubmitOptions{ConfirmDuplicate: c.FormValue("confirm_duplicate") != "", Pledges: postedPledges(c),
		Channel: channelOf(c)}
	caseID, err := p.App.Drafts.Submit(ctx, request(ctx), id, opt)
	if err != nil {
		return p.showDraft(c, id, err)
	}
	return c.Redirect(caseBase(ctx)+caseID, fiber.StatusSeeOther)
}

// catalogueData names the departments of the bundles the catalogue shows.
func (p *Pages) catalogueData(c *fiber.Ctx, bundles []haoban.Bundle) (*draftsData, error) {
	names, err := p.App.Drafts.DepartmentNames(c.UserContext(), bundles)
	return &draftsData{Departments: names}, err
}
