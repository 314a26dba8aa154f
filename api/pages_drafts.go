package api

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/prefill"
	"haoban/prereview"
)

// newDraftForm starts a draft for the bundle chosen in the catalogue.
func (s *Server) newDraftForm(c *fiber.Ctx) error {
	in := &CreateDraftInput{}
	in.Body.Bundle = strings.Clone(c.FormValue("bundle"))
	out, err := invoke(s, c.UserContext(), s.createDraft, in)
	if err != nil {
		return err
	}
	return c.Redirect("/drafts/"+out.Body.ID, fiber.StatusSeeOther)
}

func (s *Server) draftPage(c *fiber.Ctx) error {
	return s.showDraft(c, strings.Clone(c.Params("id")), nil)
}

// showDraft renders a draft with what went wrong, if anything; a submitted
// draft goes to its case.
func (s *Server) showDraft(c *fiber.Ctx, id string, cause error) error {
	ctx := c.UserContext()
	d, err := s.ownDraft(ctx, id)
	if err != nil {
		return err
	}
	if d.CaseID != "" && cause == nil {
		return c.Redirect("/cases/"+d.CaseID, fiber.StatusSeeOther)
	}
	b, err := s.Store.FindBundle(ctx, d.Bundle)
	if err != nil {
		return err
	}
	fields, err := s.shownFields(ctx, b, d)
	if err != nil {
		return err
	}
	data := pageData{Title: "申请", Bundle: b, Draft: d, Form: d.Form, Provenance: map[string]prefill.FormField{}}
	for _, f := range fields {
		// Shown only while the applicant keeps the prefilled value.
		if !f.ToFill && fmt.Sprint(d.Form[f.Key]) == fmt.Sprint(f.Value) {
			data.Provenance[f.Key] = f
		}
	}
	rep, err := s.Prereview.Review(ctx, prereview.Application{Bundle: b, Form: d.Form, Materials: d.Materials,
		Applicant: userFrom(ctx), Today: s.now()})
	if err != nil {
		return err
	}
	data.Report = &rep
	if cause != nil {
		c.Status(statusOf(haoban.ErrorCode(cause)))
		data.Error, data.Errors = errorText(cause), haoban.ErrorDetails(cause)
	}
	return s.render(c, "draft", data)
}

// saveDraft stores the posted form: a field left empty is cleared. The save
// button posts every field; the page's script (X-Autosave) posts only the
// field that changed, and the others stay as they are.
func (s *Server) saveDraft(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	_, b, err := s.ownDraftBundle(ctx, id)
	if err != nil {
		return err
	}
	in := &PatchDraftInput{ID: id}
	in.Body.Form = map[string]any{}
	values, partial, args := formValues(c, b), c.Get("X-Autosave") != "", c.Request().PostArgs()
	for _, f := range b.Fields() {
		if !partial || args.Has(f.Key) {
			in.Body.Form[f.Key] = values[f.Key] // nil clears
		}
	}
	_, err = invoke(s, ctx, s.patchDraft, in)
	if partial {
		if err != nil {
			return c.Status(statusOf(haoban.ErrorCode(err))).SendString(errorText(err) + detailText(err))
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
	if err != nil {
		return s.showDraft(c, id, err)
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
func (s *Server) uploadForm(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	to, err := s.draftTarget(c)
	if err != nil {
		return err
	}
	if _, _, err := s.receive(c, to); err != nil {
		return s.showDraft(c, id, err)
	}
	return c.Redirect("/drafts/"+id, fiber.StatusSeeOther)
}

// submitDraftForm checks the whole application at once and turns it into a case.
func (s *Server) submitDraftForm(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	out, err := invoke(s, c.UserContext(), s.submitDraft, &DraftIDInput{ID: id})
	if err != nil {
		return s.showDraft(c, id, err)
	}
	return c.Redirect("/cases/"+out.Body.ID, fiber.StatusSeeOther)
}
