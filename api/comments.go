package api

import (
	"context"

	"haoban"
)

// CommentsOutput lists a task's internal comments.
type CommentsOutput struct {
	Body struct {
		Comments []haoban.Comment `json:"comments"`
	}
}

func (s *Server) listComments(ctx context.Context, in *TaskIDInput) (*CommentsOutput, error) {
	task, _, err := s.actionableTask(ctx, in.ID, "comment")
	if err != nil {
		return nil, err
	}
	cs, err := s.Store.ListComments(ctx, task.ID)
	if err != nil {
		return nil, err
	}
	out := &CommentsOutput{}
	out.Body.Comments = cs
	return out, nil
}

// AddCommentInput is an internal comment on a task.
type AddCommentInput struct {
	ID   string `path:"id" doc:"审查任务编号"`
	Body struct {
		Body string `json:"body" minLength:"1" maxLength:"2000" doc:"内部意见，申请人看不到"`
	}
}

// CommentOutput is the comment as stored.
type CommentOutput struct {
	Body haoban.Comment
}

func (s *Server) addComment(ctx context.Context, in *AddCommentInput) (*CommentOutput, error) {
	task, user, err := s.actionableTask(ctx, in.ID, "comment")
	if err != nil {
		return nil, err
	}
	c, err := s.Store.AddComment(ctx, haoban.Comment{TaskID: task.ID, Author: user.ID, Body: in.Body.Body,
		CreatedAt: s.now().UTC()}, task.CaseID, s.auditEntry(ctx, task.CaseID))
	if err != nil {
		return nil, err
	}
	return &CommentOutput{Body: c}, nil
}

// AuditOutput is a case's audit trail.
type AuditOutput struct {
	Body struct {
		Entries []haoban.AuditEntry `json:"entries"`
	}
}

// caseAudit shows the audit trail to staff who may read the case: its
// departments' reviewers, supervisors and admins; never to applicants.
func (s *Server) caseAudit(ctx context.Context, in *CaseIDInput) (*AuditOutput, error) {
	c, err := s.Store.FindCase(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	user, allowed := userFrom(ctx), false
	for _, t := range c.Tasks {
		allowed = allowed || s.can(user, t.Department, "audit", "read")
	}
	if !allowed {
		return nil, haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	entries, err := s.Store.CaseAudit(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := &AuditOutput{}
	out.Body.Entries = entries
	return out, nil
}
