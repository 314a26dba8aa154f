package api

import (
	"context"

	"haoban"
	"haoban/app"
)

// The knowledge tasks (查遗补缺, issue 18): the gaps 小申 and the helpers
// found, for the owning department to fill within 5 working days.

// KnowledgeTasksInput asks for a department's tasks.
type KnowledgeTasksInput struct {
	Department string `query:"department" maxLength:"40" doc:"部门编码；不填为本部门（督办、管理员：全部部门）"`
}

// KnowledgeTasksOutput is a department's open tasks with their clocks,
// and those closed in the last 30 days.
type KnowledgeTasksOutput struct{ Body app.KnowledgeTaskList }

func (s *Server) knowledgeTasks(ctx context.Context, in *KnowledgeTasksInput) (*KnowledgeTasksOutput, error) {
	l, err := s.App.KnowledgeTasks.List(ctx, request(ctx), in.Department)
	return &KnowledgeTasksOutput{Body: l}, err
}

// CloseKnowledgeTaskInput closes a task with the entry written for it, or
// dismisses it with a reason.
type CloseKnowledgeTaskInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body app.KnowledgeTaskClose
}

// KnowledgeTaskOutput is a task as stored.
type KnowledgeTaskOutput struct{ Body haoban.KnowledgeTask }

func (s *Server) closeKnowledgeTask(ctx context.Context, in *CloseKnowledgeTaskInput) (*KnowledgeTaskOutput, error) {
	t, err := s.App.KnowledgeTasks.Close(ctx, request(ctx), in.ID, in.Body)
	return &KnowledgeTaskOutput{Body: t}, err
}
