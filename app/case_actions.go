package app

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"haoban"
	"haoban/workflows"
)

// Supplement answers one department's supplement request.
type Supplement struct {
	TaskID    string         `json:"task_id" minLength:"1" maxLength:"200" doc:"要求补正的审查任务"`
	Form      map[string]any `json:"form,omitempty" doc:"补正的字段值"`
	Materials []string       `json:"materials,omitempty" maxItems:"50" doc:"补正的材料编号（先上传到办件）"`
}

// Supplement hands the applicant's answer to the task that asked for it,
// with what changed; the same idempotency key answers once.
func (s *Cases) Supplement(ctx context.Context, r Request, caseID, key string, in Supplement) (haoban.Task, error) {
	if err := validate(in, ""); err != nil {
		return haoban.Task{}, err
	}
	kase, b, err := s.Own(ctx, r, caseID)
	if err != nil {
		return haoban.Task{}, err
	}
	if err := b.ValidateValues(in.Form); err != nil {
		return haoban.Task{}, err
	}
	answer := workflows.SupplementInput{TaskID: in.TaskID, Applicant: kase.Applicant, Meta: r.meta()}
	for k, v := range in.Form {
		answer.Fields = append(answer.Fields, k)
		if before := kase.Form[k]; !reflect.DeepEqual(before, v) {
			answer.Changes = append(answer.Changes, workflows.FieldChange{Key: k, Before: before, After: v})
		}
	}
	slices.Sort(answer.Fields)
	slices.SortFunc(answer.Changes, func(a, b workflows.FieldChange) int { return strings.Compare(a.Key, b.Key) })
	for _, id := range in.Materials {
		i := slices.IndexFunc(kase.Materials, func(m haoban.CaseMaterial) bool { return m.ID == id })
		if i < 0 {
			return haoban.Task{}, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.materials", "材料 %s 不属于本办件：请先上传到本办件", id)
		}
		answer.Materials = append(answer.Materials, kase.Materials[i].Code)
	}
	if !slices.ContainsFunc(kase.Tasks, func(t haoban.Task) bool { return t.ID == in.TaskID }) {
		return haoban.Task{}, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.task_id", "本办件没有这个审查任务")
	}
	if err := s.Flow.Supplement(ctx, kase.ID, updateID(answer.Applicant, "supplement:"+caseID, key), answer); err != nil {
		return haoban.Task{}, err
	}
	return s.Store.FindTask(ctx, in.TaskID)
}

// Withdraw is the applicant's withdrawal of a case before it completes.
type Withdraw struct {
	Reason string `json:"reason" minLength:"1" maxLength:"500" doc:"撤回原因"`
}

// Withdraw withdraws the applicant's open case: its open tasks are cancelled.
func (s *Cases) Withdraw(ctx context.Context, r Request, caseID string, in Withdraw) (CaseView, error) {
	if err := validate(in, ""); err != nil {
		return CaseView{}, err
	}
	kase, _, err := s.Own(ctx, r, caseID)
	if err != nil {
		return CaseView{}, err
	}
	if kase.Status.Closed() {
		return CaseView{}, haoban.Errorf(haoban.ECONFLICT, "办件已办结或已撤回，不能撤回")
	}
	err = s.Flow.Withdraw(ctx, kase.ID, workflows.WithdrawInput{Applicant: kase.Applicant, Reason: in.Reason, Meta: r.meta()})
	if err != nil {
		return CaseView{}, err
	}
	c, err := s.Store.FindCase(ctx, kase.ID)
	if err != nil {
		return CaseView{}, err
	}
	return s.view(ctx, r, c)
}
