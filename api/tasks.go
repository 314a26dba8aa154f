package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/client"

	"haoban"
	"haoban/workflows"
)

// ListTasksInput filters the task inbox.
type ListTasksInput struct {
	Status string `query:"status" doc:"按状态筛选，可用逗号分隔多个：pending, open, claimed, awaiting_supplement, approved, rejected, cancelled"`
}

// TasksOutput lists tasks, the longest-open first.
type TasksOutput struct {
	Body struct {
		Tasks []haoban.Task `json:"tasks"`
	}
}

var taskStatuses = []haoban.TaskStatus{haoban.TaskPending, haoban.TaskOpen, haoban.TaskClaimed,
	haoban.TaskAwaitingSupplement, haoban.TaskApproved, haoban.TaskRejected, haoban.TaskCancelled}

func (s *Server) listTasks(ctx context.Context, in *ListTasksInput) (*TasksOutput, error) {
	user := userFrom(ctx)
	f := haoban.TaskFilter{Departments: s.departmentsOf(user)}
	if in.Status != "" {
		for _, st := range strings.Split(in.Status, ",") {
			status := haoban.TaskStatus(strings.TrimSpace(st))
			if !slices.Contains(taskStatuses, status) {
				return nil, haoban.FieldErrorf(haoban.EINVALID, "query.status", "未知的任务状态：%s", st)
			}
			f.Statuses = append(f.Statuses, status)
		}
	}
	tasks, err := s.Store.ListTasks(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &TasksOutput{}
	out.Body.Tasks = tasks
	if out.Body.Tasks == nil {
		out.Body.Tasks = []haoban.Task{}
	}
	return out, nil
}

// TaskIDInput names a task.
type TaskIDInput struct {
	ID string `path:"id" doc:"审查任务编号"`
}

// TaskOutput is a task as it stands after an action.
type TaskOutput struct {
	Body haoban.Task
}

// actionableTask loads a task and checks that the user may do act on it in
// the task's department.
func (s *Server) actionableTask(ctx context.Context, id, act string) (haoban.Task, haoban.User, error) {
	user := userFrom(ctx)
	task, err := s.Store.FindTask(ctx, id)
	if err != nil {
		return task, user, err
	}
	if !s.can(user, task.Department, "task", act) {
		return task, user, haoban.Errorf(haoban.EFORBIDDEN, "只能办理本部门的审查任务")
	}
	return task, user, nil
}

func (s *Server) claimTask(ctx context.Context, in *TaskIDInput) (*TaskOutput, error) {
	task, user, err := s.actionableTask(ctx, in.ID, "claim")
	if err != nil {
		return nil, err
	}
	err = s.update(ctx, task.CaseID, workflows.UpdateClaim, "",
		workflows.ClaimInput{TaskID: task.ID, Reviewer: user.ID, Department: user.Department, Meta: meta(ctx)})
	if err != nil {
		return nil, err
	}
	return s.taskOutput(ctx, task.ID)
}

// DecisionInput is a reviewer's decision on a claimed task.
type DecisionInput struct {
	ID             string `path:"id" doc:"审查任务编号"`
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200" doc:"重试时使用同一个键，决定只生效一次"`
	Body           struct {
		Decision haoban.Decision  `json:"decision" enum:"approve,reject,supplement" doc:"approve 准予，reject 不予，supplement 要求补正"`
		Comment  string           `json:"comment,omitempty" maxLength:"2000" doc:"审查意见；不予许可时必填"`
		Missing  []haoban.Missing `json:"missing,omitempty" doc:"要求补正时，一次性列明所有缺少或有误的字段与材料"`
	}
}

func (s *Server) decideTask(ctx context.Context, in *DecisionInput) (*TaskOutput, error) {
	task, user, err := s.actionableTask(ctx, in.ID, "decide")
	if err != nil {
		return nil, err
	}
	scope, hash := "decision:"+task.ID, hashJSON(in.Body)
	if stored, ok, err := s.Store.FindResponse(ctx, user.ID, scope, in.IdempotencyKey); err != nil {
		return nil, err
	} else if ok {
		return replay(stored, hash)
	}
	err = s.update(ctx, task.CaseID, workflows.UpdateDecide, updateID(user.ID, scope, in.IdempotencyKey),
		workflows.DecideInput{TaskID: task.ID, Reviewer: user.ID, Decision: in.Body.Decision, Comment: in.Body.Comment,
			Missing: in.Body.Missing, Meta: meta(ctx)})
	if err != nil {
		return nil, err
	}
	out, err := s.taskOutput(ctx, task.ID)
	if err != nil {
		return nil, err
	}
	body, _ := json.Marshal(out.Body)
	if err := s.Store.SaveResponse(ctx, user.ID, scope, in.IdempotencyKey,
		haoban.StoredResponse{RequestHash: hash, Status: 200, Body: body}); err != nil {
		return nil, err
	}
	return out, nil
}

// replay answers a retried decision with the response to the first one.
func replay(stored haoban.StoredResponse, hash string) (*TaskOutput, error) {
	if stored.RequestHash != hash {
		return nil, haoban.FieldErrorf(haoban.ECONFLICT, "Idempotency-Key", "该 Idempotency-Key 已用于另一个不同的决定")
	}
	out := &TaskOutput{}
	if err := json.Unmarshal(stored.Body, &out.Body); err != nil {
		return nil, err
	}
	return out, nil
}

// updateTimeout bounds how long a person waits for an update: with the
// Temporal service or every worker down it would wait for ever.
const updateTimeout = 20 * time.Second

// update runs a workflow update and waits until it completes, by which time
// its projection is written. An updateID lets Temporal deduplicate retries.
func (s *Server) update(ctx context.Context, caseID, name, updateID string, arg any) error {
	ctx, cancel := context.WithTimeout(ctx, updateTimeout)
	defer cancel()
	handle, err := s.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflows.CaseWorkflowID(caseID), UpdateName: name, UpdateID: updateID,
		Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = handle.Get(ctx, nil)
	}
	if ctx.Err() != nil {
		return haoban.Errorf(haoban.EUNAVAILABLE, "办理未能及时完成：流程服务繁忙或暂时不可用，请稍后重试（决定可用同一 Idempotency-Key 重试，只生效一次）")
	}
	return fromTemporal(err)
}

func (s *Server) taskOutput(ctx context.Context, id string) (*TaskOutput, error) {
	task, err := s.Store.FindTask(ctx, id)
	if err != nil {
		return nil, err
	}
	return &TaskOutput{Body: task}, nil
}

// updateID derives a bounded update ID from a user's idempotency key.
func updateID(user, scope, key string) string {
	sum := sha256.Sum256([]byte(user + "\x00" + scope + "\x00" + key))
	return "u-" + hex.EncodeToString(sum[:16])
}
