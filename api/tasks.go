package api

import (
	"context"

	"haoban"
	"haoban/app"
)

// ListTasksInput filters the task inbox and picks a page of it.
type ListTasksInput struct {
	Status string `query:"status" maxLength:"200" doc:"按状态筛选，可用逗号分隔多个：pending, open, claimed, awaiting_supplement, approved, rejected, cancelled"`
	Show   string `query:"show" enum:"mine,unclaimed,returned," doc:"mine：我办理的；unclaimed：待认领；returned：补正后退回的；空：全部"`
	Query  string `query:"q" maxLength:"100" doc:"按办件编号、事项、一件事、申请人或企业名称搜索"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50，至多 200"`
	Cursor string `query:"cursor" maxLength:"500" doc:"上一页返回的 next_cursor；空为第一页"`
}

// TasksOutput is one page of the inbox, the longest open first, with the
// total matching and the counts of the views.
type TasksOutput struct {
	Body app.InboxPage
}

func (s *Server) listTasks(ctx context.Context, in *ListTasksInput) (*TasksOutput, error) {
	page, err := s.App.Tasks.Inbox(ctx, request(ctx), app.InboxQuery{Status: in.Status, Show: in.Show, Query: in.Query,
		Page: haoban.PageRequest{Limit: in.Limit, Cursor: in.Cursor}})
	return &TasksOutput{Body: page}, err
}

// TaskIDInput names a task.
type TaskIDInput struct {
	ID string `path:"id" maxLength:"200" doc:"审查任务编号"`
}

func (s *Server) claimTask(ctx context.Context, in *TaskIDInput) (*TaskOutput, error) {
	t, err := s.App.Tasks.Claim(ctx, request(ctx), in.ID)
	return &TaskOutput{Body: t}, err
}

// DecisionInput is a reviewer's decision on a claimed task.
type DecisionInput struct {
	ID             string `path:"id" maxLength:"200" doc:"审查任务编号"`
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200" doc:"重试时使用同一个键，决定只生效一次"`
	Body           app.Decision
}

func (s *Server) decideTask(ctx context.Context, in *DecisionInput) (*TaskOutput, error) {
	t, err := s.App.Tasks.Decide(ctx, request(ctx), in.ID, in.IdempotencyKey, in.Body)
	return &TaskOutput{Body: t}, err
}

// ReassignRequest hands a task to another reviewer of its department.
type ReassignRequest struct {
	ID   string `path:"id" maxLength:"200" doc:"审查任务编号"`
	Body app.Reassign
}

func (s *Server) reassign(ctx context.Context, in *ReassignRequest) (*TaskOutput, error) {
	t, err := s.App.Tasks.Reassign(ctx, request(ctx), in.ID, in.Body)
	return &TaskOutput{Body: t}, err
}

func (s *Server) release(ctx context.Context, in *TaskIDInput) (*TaskOutput, error) {
	t, err := s.App.Tasks.Release(ctx, request(ctx), in.ID)
	return &TaskOutput{Body: t}, err
}

// CommentsOutput lists a task's internal comments.
type CommentsOutput struct {
	Body struct {
		Comments []haoban.Comment `json:"comments"`
	}
}

func (s *Server) listComments(ctx context.Context, in *TaskIDInput) (*CommentsOutput, error) {
	cs, err := s.App.Tasks.Comments(ctx, request(ctx), in.ID)
	out := &CommentsOutput{}
	out.Body.Comments = cs
	return out, err
}

// AddCommentInput is an internal comment on a task.
type AddCommentInput struct {
	ID   string `path:"id" maxLength:"200" doc:"审查任务编号"`
	Body app.NewComment
}

// CommentOutput is the comment as stored.
type CommentOutput struct {
	Body haoban.Comment
}

func (s *Server) addComment(ctx context.Context, in *AddCommentInput) (*CommentOutput, error) {
	c, err := s.App.Tasks.AddComment(ctx, request(ctx), in.ID, in.Body)
	return &CommentOutput{Body: c}, err
}

// RiskOutput is a task's risk.
type RiskOutput struct {
	Body app.Risk
}

func (s *Server) taskRisk(ctx context.Context, in *TaskIDInput) (*RiskOutput, error) {
	r, err := s.App.Risks.OfTask(ctx, request(ctx), in.ID)
	return &RiskOutput{Body: r}, err
}

// NotificationsOutput is a page of the signed-in user's inbox, newest first.
type NotificationsOutput struct {
	Body app.NoteList
}

func (s *Server) notifications(ctx context.Context, in *app.NoteQuery) (*NotificationsOutput, error) {
	list, err := s.App.Inbox.List(ctx, request(ctx), *in)
	return &NotificationsOutput{Body: list}, err
}

// NotificationIDInput names one of the user's notifications.
type NotificationIDInput struct {
	ID int64 `path:"id"`
}

func (s *Server) markRead(ctx context.Context, in *NotificationIDInput) (*struct{}, error) {
	return nil, s.App.Inbox.MarkRead(ctx, request(ctx), in.ID)
}
