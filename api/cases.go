package api

import (
	"context"

	"haoban"
	"haoban/app"
)

// CreateCaseInput is an application for a bundle with its one form.
type CreateCaseInput struct {
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200" doc:"同一申请人重试时使用同一个键，只会生成一个办件"`
	Body           app.CreateCase
}

// CreateCaseOutput names the case created.
type CreateCaseOutput struct {
	Body struct {
		ID     string            `json:"id"`
		Status haoban.CaseStatus `json:"status"`
	}
}

func (s *Server) createCase(ctx context.Context, in *CreateCaseInput) (*CreateCaseOutput, error) {
	id, err := s.App.Cases.Create(ctx, request(ctx), in.IdempotencyKey, in.Body)
	return caseCreated(id, err)
}

func caseCreated(id string, err error) (*CreateCaseOutput, error) {
	if err != nil {
		return nil, err
	}
	out := &CreateCaseOutput{}
	out.Body.ID, out.Body.Status = id, haoban.CaseInReview
	return out, nil
}

// CaseIDInput names a case.
type CaseIDInput struct {
	ID string `path:"id" maxLength:"100" doc:"办件编号"`
}

// CaseOutput is one case with its tasks, timeline and clocks.
type CaseOutput struct {
	Body app.CaseView
}

func (s *Server) getCase(ctx context.Context, in *CaseIDInput) (*CaseOutput, error) {
	v, err := s.App.Cases.Get(ctx, request(ctx), in.ID)
	return &CaseOutput{Body: v}, err
}

// CasesInput asks for one page of the cases the caller may list.
type CasesInput struct {
	app.CaseQuery
}

// CasesOutput is one page of cases, keyset on (submitted_at, id), newest
// first, with next_cursor ("" on the last page), the total and the count
// of each state.
type CasesOutput struct {
	Body app.CaseList
}

func (s *Server) listCases(ctx context.Context, in *CasesInput) (*CasesOutput, error) {
	list, err := s.App.Cases.List(ctx, request(ctx), in.CaseQuery)
	return &CasesOutput{Body: list}, err
}

// SupplementRequest answers one department's supplement request.
type SupplementRequest struct {
	ID             string `path:"id" maxLength:"100" doc:"办件编号"`
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200"`
	Body           app.Supplement
}

// TaskOutput is a task as it stands after an action.
type TaskOutput struct {
	Body haoban.Task
}

func (s *Server) supplement(ctx context.Context, in *SupplementRequest) (*TaskOutput, error) {
	t, err := s.App.Cases.Supplement(ctx, request(ctx), in.ID, in.IdempotencyKey, in.Body)
	return &TaskOutput{Body: t}, err
}

// WithdrawRequest withdraws a case before it completes.
type WithdrawRequest struct {
	ID   string `path:"id" maxLength:"100" doc:"办件编号"`
	Body app.Withdraw
}

func (s *Server) withdraw(ctx context.Context, in *WithdrawRequest) (*CaseOutput, error) {
	v, err := s.App.Cases.Withdraw(ctx, request(ctx), in.ID, in.Body)
	return &CaseOutput{Body: v}, err
}

// AuditOutput is a case's audit trail.
type AuditOutput struct {
	Body struct {
		Entries []haoban.AuditEntry `json:"entries"`
	}
}

func (s *Server) caseAudit(ctx context.Context, in *CaseIDInput) (*AuditOutput, error) {
	entries, err := s.App.Cases.Audit(ctx, request(ctx), in.ID)
	out := &AuditOutput{}
	out.Body.Entries = entries
	return out, err
}

// DraftOutput is a draft with its form and materials.
type DraftOutput struct {
	Body haoban.Draft
}

// again ("再来一单") opens a new draft with a case's values.
func (s *Server) again(ctx context.Context, in *CaseIDInput) (*DraftOutput, error) {
	d, err := s.App.Drafts.Again(ctx, request(ctx), in.ID)
	return &DraftOutput{Body: d}, err
}
