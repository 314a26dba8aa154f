package api

import (
	"context"
	"reflect"
	"slices"

	"haoban"
	"haoban/workflows"
)

// ownCaseBundle is ownCase with the case's bundle.
func (s *Server) ownCaseBundle(ctx context.Context, id string) (haoban.Case, haoban.Bundle, error) {
	kase, err := s.ownCase(ctx, id)
	if err != nil {
		return kase, haoban.Bundle{}, err
	}
	b, err := s.Store.FindBundle(ctx, kase.Bundle)
	return kase, b, err
}

// ownCase loads a case of the signed-in applicant; anyone else's is not found.
func (s *Server) ownCase(ctx context.Context, id string) (haoban.Case, error) {
	c, err := s.Store.FindCase(ctx, id)
	if err == nil && c.Applicant != userFrom(ctx).ID {
		err = haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	return c, err
}

// SupplementRequest answers one department's supplement request.
type SupplementRequest struct {
	ID             string `path:"id" doc:"办件编号"`
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200"`
	Body           struct {
		TaskID    string         `json:"task_id" minLength:"1" doc:"要求补正的审查任务"`
		Form      map[string]any `json:"form,omitempty" doc:"补正的字段值"`
		Materials []string       `json:"materials,omitempty" doc:"补正的材料编号（先上传到办件）"`
	}
}

func (s *Server) supplement(ctx context.Context, in *SupplementRequest) (*TaskOutput, error) {
	kase, b, err := s.ownCaseBundle(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if err := b.ValidateValues(in.Body.Form); err != nil {
		return nil, err
	}
	answer := workflows.SupplementInput{TaskID: in.Body.TaskID, Applicant: kase.Applicant, Meta: meta(ctx)}
	for k, v := range in.Body.Form {
		answer.Fields = append(answer.Fields, k)
		if before := kase.Form[k]; !reflect.DeepEqual(before, v) {
			answer.Changes = append(answer.Changes, workflows.FieldChange{Key: k, Before: before, After: v})
		}
	}
	slices.Sort(answer.Fields)
	slices.SortFunc(answer.Changes, func(a, b workflows.FieldChange) int { return compare(a.Key, b.Key) })
	for _, id := range in.Body.Materials {
		i := slices.IndexFunc(kase.Materials, func(m haoban.CaseMaterial) bool { return m.ID == id })
		if i < 0 {
			return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.materials", "材料 %s 不属于本办件：请先上传到本办件", id)
		}
		answer.Materials = append(answer.Materials, kase.Materials[i].Code)
	}
	if !slices.ContainsFunc(kase.Tasks, func(t haoban.Task) bool { return t.ID == in.Body.TaskID }) {
		return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.task_id", "本办件没有这个审查任务")
	}
	err = s.update(ctx, kase.ID, workflows.UpdateSupplement, updateID(answer.Applicant, "supplement:"+in.ID, in.IdempotencyKey), answer)
	if err != nil {
		return nil, err
	}
	return s.taskOutput(ctx, in.Body.TaskID)
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// WithdrawRequest withdraws a case before it completes.
type WithdrawRequest struct {
	ID   string `path:"id" doc:"办件编号"`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"500" doc:"撤回原因"`
	}
}

func (s *Server) withdraw(ctx context.Context, in *WithdrawRequest) (*CaseOutput, error) {
	kase, err := s.ownCase(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if kase.Status.Closed() {
		return nil, haoban.Errorf(haoban.ECONFLICT, "办件已办结或已撤回，不能撤回")
	}
	err = s.update(ctx, kase.ID, workflows.UpdateWithdraw, "withdraw-"+kase.ID,
		workflows.WithdrawInput{Applicant: kase.Applicant, Reason: in.Body.Reason, Meta: meta(ctx)})
	if err != nil {
		return nil, err
	}
	c, err := s.Store.FindCase(ctx, kase.ID)
	if err != nil {
		return nil, err
	}
	return s.caseOutput(ctx, c)
}

// ReassignRequest hands a task to another reviewer of its department.
type ReassignRequest struct {
	ID   string `path:"id" doc:"审查任务编号"`
	Body struct {
		UserID string `json:"user_id" minLength:"1" doc:"接手的审查人员"`
	}
}

func (s *Server) reassign(ctx context.Context, in *ReassignRequest) (*TaskOutput, error) {
	task, user, err := s.actionableTask(ctx, in.ID, "reassign")
	if err != nil {
		return nil, err
	}
	to, err := s.Store.FindUser(ctx, in.Body.UserID)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND || (err == nil && !s.can(to, task.Department, "task", "decide")) {
		return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.user_id", "只能改派给本部门（%s）的审查人员", task.Department)
	} else if err != nil {
		return nil, err
	}
	err = s.update(ctx, task.CaseID, workflows.UpdateReassign, "",
		workflows.ReassignInput{TaskID: task.ID, By: user.ID, To: to.ID, Department: task.Department, Meta: meta(ctx)})
	if err != nil {
		return nil, err
	}
	return s.taskOutput(ctx, task.ID)
}

func (s *Server) release(ctx context.Context, in *TaskIDInput) (*TaskOutput, error) {
	task, user, err := s.actionableTask(ctx, in.ID, "release")
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, task.CaseID, workflows.UpdateRelease, "", workflows.ReleaseInput{TaskID: task.ID, By: user.ID,
		BySupervisor: user.HasRole(haoban.RoleSupervisor), Meta: meta(ctx)})
	if err != nil {
		return nil, err
	}
	return s.taskOutput(ctx, task.ID)
}
