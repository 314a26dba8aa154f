package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"haoban"
	"haoban/calendar"
	"haoban/workflows"
)

// TaskStore is what the review use cases read and write.
type TaskStore interface {
	FindTask(ctx context.Context, id string) (haoban.Task, error)
	InboxTasks(ctx context.Context, f haoban.InboxFilter) ([]haoban.InboxTask, int, error)
	CountInbox(ctx context.Context, f haoban.InboxFilter, assignee string) (haoban.InboxCounts, error)
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	NameStore
	FindUser(ctx context.Context, id string) (haoban.User, error)
	FindResponse(ctx context.Context, user, scope, key string) (haoban.StoredResponse, bool, error)
	SaveResponse(ctx context.Context, user, scope, key string, r haoban.StoredResponse) error
	ListComments(ctx context.Context, taskID string) ([]haoban.Comment, error)
	AddComment(ctx context.Context, c haoban.Comment, caseID string, mentioned []string, meta haoban.AuditEntry) (haoban.Comment, error)
}

// Tasks are a department's reviews: its inbox, claiming, deciding, handing
// over, and the internal comments.
type Tasks struct {
	Store TaskStore
	Flow  CaseFlow
	Authz Authorizer
	Time  haoban.TimeSource
}

// Actionable loads a task and checks that the user may do act on it in
// the task's department.
func (s *Tasks) Actionable(ctx context.Context, r Request, id, act string) (haoban.Task, error) {
	task, err := s.Store.FindTask(ctx, id)
	if err != nil {
		return task, err
	}
	if !can(s.Authz, r.User, task.Department, "task", act) {
		return task, haoban.Errorf(haoban.EFORBIDDEN, "只能办理本部门的审查任务")
	}
	return task, nil
}

// Claim assigns an open task of the reviewer's department to them.
func (s *Tasks) Claim(ctx context.Context, r Request, id string) (haoban.Task, error) {
	task, err := s.Actionable(ctx, r, id, "claim")
	if err != nil {
		return task, err
	}
	err = s.Flow.Claim(ctx, task.CaseID, workflows.ClaimInput{TaskID: task.ID, Reviewer: r.User.ID,
		Department: r.User.Department, Meta: r.meta()})
	if err != nil {
		return task, err
	}
	return s.Store.FindTask(ctx, task.ID)
}

// Decision is a reviewer's decision on a claimed task.
type Decision struct {
	Decision haoban.Decision  `json:"decision" enum:"approve,reject,supplement" doc:"approve 准予，reject 不予，supplement 要求补正"`
	Comment  string           `json:"comment,omitempty" maxLength:"2000" doc:"审查意见；不予许可时必填"`
	Missing  []haoban.Missing `json:"missing,omitempty" maxItems:"100" doc:"要求补正时，一次性列明所有缺少或有误的字段与材料"`
}

// Decide records the decision once: a retry with the same idempotency key
// answers what the first one did; the key with another decision is refused.
func (s *Tasks) Decide(ctx context.Context, r Request, id, key string, in Decision) (haoban.Task, error) {
	if err := checkDecision(in); err != nil {
		return haoban.Task{}, err
	}
	task, err := s.Actionable(ctx, r, id, "decide")
	if err != nil {
		return task, err
	}
	scope, hash := "decision:"+task.ID, hashJSON(in)
	if stored, ok, err := s.Store.FindResponse(ctx, r.User.ID, scope, key); err != nil {
		return task, err
	} else if ok {
		return replay(stored, hash)
	}
	err = s.Flow.Decide(ctx, task.CaseID, updateID(r.User.ID, scope, key),
		workflows.DecideInput{TaskID: task.ID, Reviewer: r.User.ID, Decision: in.Decision, Comment: in.Comment,
			Missing: in.Missing, Meta: r.meta()})
	if err != nil {
		return task, err
	}
	decided, err := s.Store.FindTask(ctx, task.ID)
	if err != nil {
		return decided, err
	}
	body, _ := json.Marshal(decided)
	return decided, s.Store.SaveResponse(ctx, r.User.ID, scope, key, haoban.StoredResponse{RequestHash: hash, Status: 200, Body: body})
}

// checkDecision refuses an incomplete decision before the workflow sees
// it, naming the control to fix, so that a page shows the error there.
func checkDecision(in Decision) error {
	switch {
	case in.Decision == "":
		return haoban.FieldErrorf(haoban.EINVALID, "body.decision", "请选择决定：准予、不予或要求补正")
	case in.Decision == haoban.DecisionReject && strings.TrimSpace(in.Comment) == "":
		return haoban.FieldErrorf(haoban.EINVALID, "body.comment", "不予许可必须说明理由")
	case in.Decision == haoban.DecisionSupplement && len(in.Missing) == 0:
		return haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.missing", "要求补正时请勾选需要补正的字段或材料，并逐项说明原因")
	}
	for i, m := range in.Missing {
		if strings.TrimSpace(m.Reason) == "" {
			return haoban.FieldErrorf(haoban.EUNPROCESSABLE, fmt.Sprintf("body.missing[%d].reason", i), "请说明每项需要补正的原因")
		}
	}
	return validate(in, "")
}

// replay answers a retried decision with the answer to the first one.
func replay(stored haoban.StoredResponse, hash string) (haoban.Task, error) {
	if stored.RequestHash != hash {
		return haoban.Task{}, haoban.FieldErrorf(haoban.ECONFLICT, "Idempotency-Key", "该 Idempotency-Key 已用于另一个不同的决定")
	}
	var t haoban.Task
	err := json.Unmarshal(stored.Body, &t)
	return t, err
}

// Reassign names who takes a task over.
type Reassign struct {
	UserID string `json:"user_id" minLength:"1" maxLength:"100" doc:"接手的审查人员"`
}

// Reassign hands a task to another reviewer of its department.
func (s *Tasks) Reassign(ctx context.Context, r Request, id string, in Reassign) (haoban.Task, error) {
	if err := validate(in, ""); err != nil {
		return haoban.Task{}, err
	}
	task, err := s.Actionable(ctx, r, id, "reassign")
	if err != nil {
		return task, err
	}
	to, err := s.Store.FindUser(ctx, in.UserID)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND || (err == nil && !can(s.Authz, to, task.Department, "task", "decide")) {
		return task, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.user_id", "只能改派给本部门（%s）的审查人员", task.Department)
	} else if err != nil {
		return task, err
	}
	err = s.Flow.Reassign(ctx, task.CaseID, workflows.ReassignInput{TaskID: task.ID, By: r.User.ID, To: to.ID,
		Department: task.Department, Meta: r.meta()})
	if err != nil {
		return task, err
	}
	return s.Store.FindTask(ctx, task.ID)
}

// Release returns a claimed task to its department's pool.
func (s *Tasks) Release(ctx context.Context, r Request, id string) (haoban.Task, error) {
	task, err := s.Actionable(ctx, r, id, "release")
	if err != nil {
		return task, err
	}
	err = s.Flow.Release(ctx, task.CaseID, workflows.ReleaseInput{TaskID: task.ID, By: r.User.ID,
		BySupervisor: r.User.HasRole(haoban.RoleSupervisor), Meta: r.meta()})
	if err != nil {
		return task, err
	}
	return s.Store.FindTask(ctx, task.ID)
}

// Comments are a task's internal notes, for its department's staff.
func (s *Tasks) Comments(ctx context.Context, r Request, id string) ([]haoban.Comment, error) {
	task, err := s.Actionable(ctx, r, id, "comment")
	if err != nil {
		return nil, err
	}
	return s.Store.ListComments(ctx, task.ID)
}

// NewComment is an internal note on a task.
type NewComment struct {
	Body string `json:"body" minLength:"1" maxLength:"2000" doc:"内部意见，申请人看不到"`
}

// AddComment records an internal note, audited, and tells the colleagues
// it mentions (@显示名 or @user-id) who may read the task.
func (s *Tasks) AddComment(ctx context.Context, r Request, id string, in NewComment) (haoban.Comment, error) {
	in.Body = strings.TrimSpace(in.Body)
	if err := validate(in, ""); err != nil {
		return haoban.Comment{}, err
	}
	task, err := s.Actionable(ctx, r, id, "comment")
	if err != nil {
		return haoban.Comment{}, err
	}
	mentioned, err := s.mentioned(ctx, r, task, in.Body)
	if err != nil {
		return haoban.Comment{}, err
	}
	at := now(s.Time).UTC()
	return s.Store.AddComment(ctx, haoban.Comment{TaskID: task.ID, Author: r.User.ID, Body: in.Body, CreatedAt: at},
		task.CaseID, mentioned, r.audit(task.CaseID, at))
}
