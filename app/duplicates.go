package app

import (
	"context"
	"strings"

	"haoban"
)

// SubmitOptions are what the applicant confirms when submitting a draft.
type SubmitOptions struct {
	// ConfirmDuplicate: the applicant has seen their open case of the same
	// bundle and subject and wants a second one.
	ConfirmDuplicate bool `json:"confirm_duplicate,omitempty" doc:"已知有同一事项、同一主体的办件正在办理，仍要再申请一件"`
	// Pledges are the generated materials whose 告知承诺 the applicant
	// has read and confirms (generated.go).
	Pledges []string `json:"pledges,omitempty" maxItems:"50" doc:"已阅读并确认告知承诺的自动生成申请材料编码，如 company-application"`
	// Channel is where the application is filed from: online (default) or
	// mobile; window only through a clerk's counter (window.go).
	Channel haoban.CaseChannel `json:"channel,omitempty" enum:"online,mobile,window" doc:"办理渠道：online（网上，默认）或 mobile（移动端）；window 仅限窗口受理人员代办"`
}

// Duplicate is the applicant's newest open case of the draft's bundle with
// the same subject: the same enterprise name where the form names one,
// otherwise the applicant in person. ok is false when there is none.
func (s *Drafts) Duplicate(ctx context.Context, r Request, d haoban.Draft) (c haoban.Case, ok bool, err error) {
	return openDuplicate(ctx, s.Store, r.User.ID, d.Bundle, d.Form)
}

// OpenCaseFinder finds an applicant's cases still being handled.
type OpenCaseFinder interface {
	OpenCases(ctx context.Context, applicant, bundle string) ([]haoban.Case, error)
}

// openDuplicate is the applicant's newest open case of a bundle for the
// same subject as form.
func openDuplicate(ctx context.Context, store OpenCaseFinder, applicant, bundle string, form map[string]any) (haoban.Case, bool, error) {
	open, err := store.OpenCases(ctx, applicant, bundle)
	if err != nil {
		return haoban.Case{}, false, err
	}
	name := subjectName(form)
	for _, c := range open {
		if subjectName(c.Form) == name {
			return c, true, nil
		}
	}
	return haoban.Case{}, false, nil
}

// refuseDuplicate refuses a case posted whole while the same subject has
// an open case, unless confirmed; a retry of the same submission (its
// idempotency key already recorded) is not a second application.
func (s *Cases) refuseDuplicate(ctx context.Context, r Request, key string, bundle string, in CreateCase) error {
	if in.ConfirmDuplicate {
		return nil
	}
	if id, err := s.Store.CaseIDByKey(ctx, r.User.ID, key); err != nil || id != "" {
		return err
	}
	dup, ok, err := openDuplicate(ctx, s.Store, r.User.ID, bundle, in.Form)
	if err != nil || !ok {
		return err
	}
	return DuplicateError(dup)
}

// subjectName is the enterprise a form applies for, "" for a person.
func subjectName(form map[string]any) string {
	name, _ := form["enterprise.name"].(string)
	return strings.TrimSpace(name)
}

// DuplicateError refuses a second application for the same subject until
// the applicant confirms it, naming the open case.
func DuplicateError(c haoban.Case) error {
	subject := subjectName(c.Form)
	if subject != "" {
		subject = "（" + subject + "）"
	}
	return &haoban.Error{Code: haoban.ECONFLICT, Field: "body.confirm_duplicate",
		Message: "您已有一件「" + c.BundleName + "」" + subject + "正在办理，办件编号 " + c.ID + "；如确需再申请一件，请确认后再提交",
		Details: []haoban.ErrorDetail{{Field: "body.confirm_duplicate",
			Message: "已有办件 " + c.ID + " 正在办理：如确需再申请一件，请勾选「仍要再申请一件」"}}}
}
