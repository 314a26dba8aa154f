package app

import (
	"context"
	"log/slog"

	"github.com/google/uuid"

	"haoban"
	"haoban/calendar"
	"haoban/workflows"
)

// CaseStore is what the case use cases read and write.
type CaseStore interface {
	FindBundle(ctx context.Context, code string) (haoban.Bundle, error)
	// FindBundleVersion reads the version a case was accepted under.
	FindBundleVersion(ctx context.Context, code string, version int) (haoban.Bundle, error)
	FindCase(ctx context.Context, id string) (haoban.Case, error)
	FindTask(ctx context.Context, id string) (haoban.Task, error)
	ListCases(ctx context.Context, f haoban.CaseFilter) ([]haoban.Case, error)
	CountCases(ctx context.Context, f haoban.CaseFilter) (map[haoban.CaseStatus]int, error)
	FindDepartment(ctx context.Context, code string) (haoban.Department, error)
	CreateCase(ctx context.Context, nc haoban.NewCase) (id string, created bool, err error)
	CaseAudit(ctx context.Context, caseID string) ([]haoban.AuditEntry, error)
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	EventsAfter(ctx context.Context, caseID string, seq int64) ([]haoban.Event, error)
	CaseIDByKey(ctx context.Context, applicant, key string) (string, error)
	// FindUser names the clerk who entered a window case.
	FindUser(ctx context.Context, id string) (haoban.User, error)
	OpenCaseFinder
	AddressBook
}

// Cases are an applicant's cases and what the applicant does with them;
// staff read them.
type Cases struct {
	Store CaseStore
	Flow  CaseFlow
	Authz Authorizer
	Time  haoban.TimeSource
}

// CreateCase is an application for a bundle with its one form, posted whole.
type CreateCase struct {
	Bundle string         `json:"bundle" minLength:"1" maxLength:"100" doc:"一件事的编码，如 open-restaurant"`
	Form   map[string]any `json:"form" doc:"一表申请的字段值，键见 GET /api/v1/bundles"`
	// ConfirmDuplicate: the applicant knows of their open case of the same
	// bundle and subject and wants a second one.
	ConfirmDuplicate bool `json:"confirm_duplicate,omitempty" doc:"已知有同一事项、同一主体的办件正在办理，仍要再申请一件"`
}

// Create records a case and starts its workflow. The same idempotency key
// with the same application is one case; with another it is refused.
func (s *Cases) Create(ctx context.Context, r Request, key string, in CreateCase) (string, error) {
	if in.Form == nil {
		in.Form = map[string]any{}
	}
	if err := validate(in, ""); err != nil {
		return "", err
	}
	b, err := findBundle(ctx, s.Store, in.Bundle)
	if err != nil {
		return "", err
	}
	if err := b.ValidateForm(in.Form); err != nil {
		return "", err
	}
	if err := s.refuseDuplicate(ctx, r, key, b.Code, in); err != nil {
		return "", err
	}
	ids, err := addressIDs(ctx, s.Store, b, in.Form)
	if err != nil {
		return "", err
	}
	addresses := map[string]int64{}
	for k, v := range ids {
		if id, ok := v.(int64); ok {
			addresses[k] = id
		}
	}
	id, _, err := s.Store.CreateCase(ctx, haoban.NewCase{ID: uuid.NewString(), Bundle: b, Applicant: r.User.ID,
		Form: in.Form, IdempotencyKey: key, RequestHash: hashJSON(in), At: now(s.Time).UTC(),
		RequestID: r.RequestID, ClientAddr: r.ClientAddr, AddressIDs: addresses})
	if err != nil {
		return "", err
	}
	return id, startCase(ctx, s.Flow, id, r.User.ID, b)
}

// startCase starts a recorded case's workflow. It runs on every submission,
// also a retried one: if the first attempt recorded the case but failed to
// start its workflow, the retry starts it; otherwise Temporal keeps the one.
func startCase(ctx context.Context, flow CaseFlow, id, applicant string, b haoban.Bundle) error {
	err := flow.StartCase(ctx, workflows.CaseInput{CaseID: id, Applicant: applicant, Bundle: b})
	if err != nil {
		slog.ErrorContext(ctx, "start case workflow", "case", id, "error", err)
		return haoban.Errorf(haoban.EUNAVAILABLE, "办件已受理登记，但流程暂未启动：请用同一 Idempotency-Key 重试")
	}
	return nil
}

// findBundle finds a bundle named in a request.
func findBundle(ctx context.Context, store interface {
	FindBundle(ctx context.Context, code string) (haoban.Bundle, error)
}, code string) (haoban.Bundle, error) {
	b, err := store.FindBundle(ctx, code)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return b, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.bundle", "没有这个一件事：%s", code)
	}
	return b, err
}

// Get is one case with its clocks, for whom may read it; to anyone else it
// does not exist.
func (s *Cases) Get(ctx context.Context, r Request, id string) (CaseView, error) {
	c, err := s.Readable(ctx, r, id)
	if err != nil {
		return CaseView{}, err
	}
	return s.view(ctx, r, c)
}

// Readable loads a case the user may read; to anyone else it does not
// exist (not 403: a stranger must not learn that the case exists).
func (s *Cases) Readable(ctx context.Context, r Request, id string) (haoban.Case, error) {
	c, err := s.Store.FindCase(ctx, id)
	if err == nil && !s.MayRead(r.User, c) {
		err = haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	return c, err
}

// EventsAfter is a case's timeline after an event, for its live stream
// (whose reader Readable has checked).
func (s *Cases) EventsAfter(ctx context.Context, caseID string, seq int64) ([]haoban.Event, error) {
	return s.Store.EventsAfter(ctx, caseID, seq)
}

func (s *Cases) view(ctx context.Context, r Request, c haoban.Case) (CaseView, error) {
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return CaseView{}, err
	}
	v, err := viewOf(c, cal, now(s.Time))
	if err != nil {
		return v, err
	}
	b, err := s.Store.FindBundleVersion(ctx, c.Bundle, c.BundleVersion)
	if err != nil {
		return v, err
	}
	depts := map[string]haoban.Department{}
	for _, t := range c.Tasks {
		if _, ok := depts[t.Department]; ok {
			continue
		}
		if depts[t.Department], err = s.Store.FindDepartment(ctx, t.Department); err != nil {
			return v, err
		}
	}
	v.tell(b, depts, c.Applicant != r.User.ID)
	for i, m := range v.Materials {
		// The store keeps a material's code; the page shows its name.
		if bm, ok := b.Material(m.Code); ok {
			v.Materials[i].Name = bm.Name
		}
	}
	v.ChannelText, err = s.channelText(ctx, c)
	return v, err
}

// MayRead: the applicant reads their own case; staff read a case that one
// of the departments they act for is reviewing.
func (s *Cases) MayRead(user haoban.User, c haoban.Case) bool {
	if c.Applicant == user.ID && can(s.Authz, user, haoban.AnyDepartment, "case", "read_own") {
		return true
	}
	for _, t := range c.Tasks {
		if can(s.Authz, user, t.Department, "case", "read") {
			return true
		}
	}
	return false
}

// Own loads a case of the applicant with its bundle; anyone else's is not
// found.
func (s *Cases) Own(ctx context.Context, r Request, id string) (haoban.Case, haoban.Bundle, error) {
	c, err := s.Store.FindCase(ctx, id)
	if err == nil && c.Applicant != r.User.ID {
		err = haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	if err != nil {
		return c, haoban.Bundle{}, err
	}
	b, err := s.Store.FindBundleVersion(ctx, c.Bundle, c.BundleVersion)
	return c, b, err
}

// Audit is a case's audit trail, for the staff of its departments,
// supervisors and admins; never for applicants.
func (s *Cases) Audit(ctx context.Context, r Request, id string) ([]haoban.AuditEntry, error) {
	c, err := s.Store.FindCase(ctx, id)
	if err != nil {
		return nil, err
	}
	allowed := false
	for _, t := range c.Tasks {
		allowed = allowed || can(s.Authz, r.User, t.Department, "audit", "read")
	}
	if !allowed {
		return nil, haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	return s.Store.CaseAudit(ctx, c.ID)
}
