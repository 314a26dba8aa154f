package api

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// The web pages call the same handlers as the JSON API, so a page and an
// API call are checked and recorded alike.

func (s *Server) bundlesPage(c *fiber.Ctx) error {
	out, err := s.listBundles(c.UserContext(), nil)
	if err != nil {
		return err
	}
	return s.render(c, "bundles", pageData{Title: "办事指南", Bundles: out.Body})
}

func (s *Server) applyPage(c *fiber.Ctx) error {
	b, err := s.Store.FindBundle(c.UserContext(), c.Params("bundle"))
	if err != nil {
		return err
	}
	return s.render(c, "apply", pageData{Title: "申请", Bundle: b, Form: map[string]any{}, Key: newKey()})
}

// apply submits the form; the hidden key makes a double submission one case.
func (s *Server) apply(c *fiber.Ctx) error {
	ctx := c.UserContext()
	b, err := s.Store.FindBundle(ctx, c.Params("bundle"))
	if err != nil {
		return err
	}
	form := formValues(c, b)
	in := &CreateCaseInput{IdempotencyKey: strings.Clone(c.FormValue("key"))}
	in.Body.Bundle, in.Body.Form = b.Code, form
	out, err := invoke(s, ctx, s.createCase, in)
	if err != nil {
		return s.render(c.Status(statusOf(haoban.ErrorCode(err))), "apply", pageData{Title: "申请", Bundle: b, Form: form,
			Key: in.IdempotencyKey, Error: errorText(err), Errors: haoban.ErrorDetails(err)})
	}
	return c.Redirect("/cases/"+out.Body.ID, fiber.StatusSeeOther)
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

func (s *Server) casesPage(c *fiber.Ctx) error {
	out, err := s.listCases(c.UserContext(), nil)
	if err != nil {
		return err
	}
	return s.render(c, "cases", pageData{Title: "办件", Cases: out.Body.Cases})
}

func (s *Server) casePage(c *fiber.Ctx) error {
	out, err := s.getCase(c.UserContext(), &CaseIDInput{ID: strings.Clone(c.Params("id"))})
	if err != nil {
		return err
	}
	return s.render(c, "case", pageData{Title: out.Body.BundleName, Case: out.Body, Key: newKey(), Fragment: c.Query("fragment") == "1"})
}

func (s *Server) supplementForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	kase, b, err := s.ownCaseBundle(ctx, id)
	if err != nil {
		return err
	}
	// The form's key makes a double submission one answer.
	in := &SupplementRequest{ID: id, IdempotencyKey: strings.Clone(c.FormValue("key"))}
	if in.IdempotencyKey == "" {
		in.IdempotencyKey = newKey()
	}
	in.Body.TaskID = strings.Clone(c.FormValue("task_id"))
	in.Body.Form = map[string]any{}
	for k, v := range formValues(c, b) {
		in.Body.Form[k] = v
	}
	// A material asked for is answered by the newest upload of its code.
	for _, t := range kase.Tasks {
		if t.ID != in.Body.TaskID {
			continue
		}
		for _, m := range t.Missing {
			if m.Kind != haoban.MissingMaterial {
				continue
			}
			for i := len(kase.Materials) - 1; i >= 0; i-- {
				if kase.Materials[i].Code == m.Key {
					in.Body.Materials = append(in.Body.Materials, kase.Materials[i].ID)
					break
				}
			}
		}
	}
	if _, err := invoke(s, ctx, s.supplement, in); err != nil {
		return s.caseWithError(c, id, err)
	}
	return c.Redirect("/cases/"+id, fiber.StatusSeeOther)
}

func (s *Server) withdrawForm(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	in := &WithdrawRequest{ID: id}
	in.Body.Reason = strings.Clone(c.FormValue("reason"))
	if _, err := invoke(s, c.UserContext(), s.withdraw, in); err != nil {
		return s.caseWithError(c, id, err)
	}
	return c.Redirect("/cases/"+id, fiber.StatusSeeOther)
}

// caseWithError shows the case again with what went wrong.
func (s *Server) caseWithError(c *fiber.Ctx, id string, cause error) error {
	out, err := s.getCase(c.UserContext(), &CaseIDInput{ID: id})
	if err != nil {
		return err
	}
	return s.render(c.Status(statusOf(haoban.ErrorCode(cause))), "case", pageData{Title: out.Body.BundleName, Case: out.Body,
		Key: newKey(), Error: errorText(cause), Errors: haoban.ErrorDetails(cause)})
}

func errorText(err error) string { return haoban.ErrorMessage(err) }

func newKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// caseUploadForm streams a material into the applicant's open case.
func (s *Server) caseUploadForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	kase, b, err := s.ownCaseBundle(ctx, id)
	if err != nil {
		return err
	}
	if kase.Status.Closed() {
		return s.caseWithError(c, id, closedCase())
	}
	if _, _, err := s.receive(c, uploadTarget{caseID: kase.ID, bundle: b}); err != nil {
		return s.caseWithError(c, id, err)
	}
	return c.Redirect("/cases/"+id, fiber.StatusSeeOther)
}

func closedCase() error {
	return haoban.Errorf(haoban.ECONFLICT, "办件已办结或已撤回，不能再上传材料")
}
