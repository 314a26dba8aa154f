package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"haoban"
	"haoban/workflows"
)

// CreateCaseInput is an application for a bundle with its one form.
type CreateCaseInput struct {
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200" doc:"同一申请人重试时使用同一个键，只会生成一个办件"`
	Body           struct {
		Bundle string         `json:"bundle" minLength:"1" doc:"一件事的编码，如 open-restaurant"`
		Form   map[string]any `json:"form" doc:"一表申请的字段值，键见 GET /api/v1/bundles"`
	}
}

// CreateCaseOutput names the case created.
type CreateCaseOutput struct {
	Body struct {
		ID     string            `json:"id"`
		Status haoban.CaseStatus `json:"status"`
	}
}

func (s *Server) createCase(ctx context.Context, in *CreateCaseInput) (*CreateCaseOutput, error) {
	user := userFrom(ctx)
	bundle, err := s.bundle(ctx, in.Body.Bundle)
	if err != nil {
		return nil, err
	}
	if in.Body.Form == nil {
		in.Body.Form = map[string]any{}
	}
	if err := bundle.ValidateForm(in.Body.Form); err != nil {
		return nil, err
	}
	m := meta(ctx)
	ids, err := s.addressIDs(ctx, bundle, in.Body.Form)
	if err != nil {
		return nil, err
	}
	addresses := map[string]int64{}
	for k, v := range ids {
		if id, ok := v.(int64); ok {
			addresses[k] = id
		}
	}
	id, _, err := s.Store.CreateCase(ctx, haoban.NewCase{ID: uuid.NewString(), Bundle: bundle, Applicant: user.ID,
		Form: in.Body.Form, IdempotencyKey: in.IdempotencyKey, RequestHash: hashJSON(in.Body), At: s.now().UTC(),
		RequestID: m.RequestID, ClientAddr: m.ClientAddr, AddressIDs: addresses})
	if err != nil {
		return nil, err
	}
	if err := s.startCase(ctx, id, bundle); err != nil {
		return nil, err
	}
	out := &CreateCaseOutput{}
	out.Body.ID, out.Body.Status = id, haoban.CaseInReview
	return out, nil
}

// startCase starts a recorded case's workflow. It runs on every submission,
// also a retried one: if the first attempt recorded the case but failed to
// start its workflow, the retry starts it; otherwise Temporal keeps the one.
func (s *Server) startCase(ctx context.Context, id string, b haoban.Bundle) error {
	_, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: workflows.CaseWorkflowID(id), TaskQueue: workflows.TaskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, workflows.Case, workflows.CaseInput{CaseID: id, Applicant: userFrom(ctx).ID, Bundle: b})
	if err = fromTemporal(err); err != nil && haoban.ErrorCode(err) != haoban.ECONFLICT {
		s.Log.ErrorContext(ctx, "start case workflow", "case", id, "error", err)
		return haoban.Errorf(haoban.EUNAVAILABLE, "办件已受理登记，但流程暂未启动：请用同一 Idempotency-Key 重试")
	}
	return nil
}

// CaseIDInput names a case.
type CaseIDInput struct {
	ID string `path:"id" doc:"办件编号"`
}

// CaseOutput is one case with its tasks, timeline and clocks.
type CaseOutput struct {
	Body CaseView
}

func (s *Server) getCase(ctx context.Context, in *CaseIDInput) (*CaseOutput, error) {
	c, err := s.Store.FindCase(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if !s.mayRead(userFrom(ctx), c) {
		// Not 403: a stranger must not learn that the case exists.
		return nil, haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	return s.caseOutput(ctx, c)
}

func (s *Server) caseOutput(ctx context.Context, c haoban.Case) (*CaseOutput, error) {
	v, err := s.caseView(ctx, c)
	if err != nil {
		return nil, err
	}
	return &CaseOutput{Body: v}, nil
}

// mayRead: the applicant reads their own case; staff read a case that one of
// the departments they act for is reviewing.
func (s *Server) mayRead(user haoban.User, c haoban.Case) bool {
	if c.Applicant == user.ID && s.can(user, haoban.AnyDepartment, "case", "read_own") {
		return true
	}
	for _, t := range c.Tasks {
		if s.can(user, t.Department, "case", "read") {
			return true
		}
	}
	return false
}

// CasesOutput lists cases.
type CasesOutput struct {
	Body struct {
		Cases []haoban.Case `json:"cases"`
	}
}

func (s *Server) listCases(ctx context.Context, _ *struct{}) (*CasesOutput, error) {
	user := userFrom(ctx)
	f := haoban.CaseFilter{Applicant: user.ID}
	if s.can(user, user.Department, "case", "list") {
		f = haoban.CaseFilter{Departments: s.departmentsOf(user)}
	}
	cases, err := s.Store.ListCases(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &CasesOutput{}
	out.Body.Cases = cases
	if out.Body.Cases == nil {
		out.Body.Cases = []haoban.Case{}
	}
	return out, nil
}

// departmentsOf returns the departments whose work the user sees: nil (all)
// for roles not tied to a department.
func (s *Server) departmentsOf(user haoban.User) []string {
	if user.Department == haoban.AnyDepartment {
		return nil
	}
	return []string{user.Department}
}

// hashJSON fingerprints a request body, so a reused Idempotency-Key with a
// different request is told apart from a retry.
func hashJSON(v any) string {
	b, _ := json.Marshal(v) // maps marshal with sorted keys: stable
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
