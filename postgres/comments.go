package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// AddComment records a comment and its audit entry, and tells the people
// it mentions (user IDs the caller may tell) in the same transaction.
func (s *Store) AddComment(ctx context.Context, c haoban.Comment, caseID string, mentioned []string, meta haoban.AuditEntry) (haoban.Comment, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO task_comments (task_id, author, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			c.TaskID, c.Author, c.Body, c.CreatedAt).Scan(&c.ID); err != nil {
			return fmt.Errorf("insert comment: %w", err)
		}
		meta.Action, meta.CaseID, meta.Target = "comment_added", caseID, c.TaskID
		meta.After = Summary(map[string]any{"comment": c.ID, "length": len([]rune(c.Body)), "mentioned": mentioned})
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		return enqueueMentions(ctx, tx, c, caseID, mentioned, s.publicURL)
	})
	return c, err
}

// ListComments returns a task's comments, oldest first.
func (s *Store) ListComments(ctx context.Context, taskID string) ([]haoban.Comment, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, task_id, author, body, created_at FROM task_comments WHERE task_id = $1 ORDER BY id`, taskID)
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	cs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[haoban.Comment])
	if cs == nil {
		cs = []haoban.Comment{}
	}
	return cs, err
}
