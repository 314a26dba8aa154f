package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// The knowledge tasks (查遗补缺, issue 18): gaps in the knowledge base
// that a department must fill within 5 working days.

const knowledgeTaskColumns = `id, key, source, question, answer, department, bundle, item, conversation,
	opened_at, due_at, status, closed_at, closed_by, entry, reason`

func scanKnowledgeTask(r pgx.CollectableRow) (haoban.KnowledgeTask, error) {
	var t haoban.KnowledgeTask
	err := r.Scan(&t.ID, &t.Key, &t.Source, &t.Question, &t.Answer, &t.Department, &t.Bundle, &t.Item, &t.Conversation,
		&t.OpenedAt, &t.DueAt, &t.Status, &t.ClosedAt, &t.ClosedBy, &t.Entry, &t.Reason)
	return t, err
}

// OpenKnowledgeTask records a task once per key, with its audit entry; a
// task recorded before under that key is returned as it is.
func (s *Store) OpenKnowledgeTask(ctx context.Context, t haoban.KnowledgeTask, meta haoban.AuditEntry) (haoban.KnowledgeTask, error) {
	var out haoban.KnowledgeTask
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO knowledge_tasks (id, key, source, question, answer, department, bundle, item,
			conversation, opened_at, due_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open')
			ON CONFLICT (key) DO NOTHING`, t.ID, t.Key, t.Source, t.Question, t.Answer, t.Department, t.Bundle, t.Item,
			t.Conversation, t.OpenedAt, t.DueAt)
		if err != nil {
			return fmt.Errorf("open knowledge task: %w", err)
		}
		if tag.RowsAffected() == 1 {
			meta.After = knowledgeTaskSummary(t)
			if err := appendAudit(ctx, tx, meta); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, `SELECT `+knowledgeTaskColumns+` FROM knowledge_tasks WHERE key = $1`, t.Key)
		if err != nil {
			return fmt.Errorf("read knowledge task: %w", err)
		}
		out, err = pgx.CollectExactlyOneRow(rows, scanKnowledgeTask)
		return translate(err, "知识库待补任务")
	})
	return out, err
}

func knowledgeTaskSummary(t haoban.KnowledgeTask) string {
	b, _ := json.Marshal(map[string]any{"status": t.Status, "department": t.Department, "entry": t.Entry, "reason": t.Reason,
		"source": t.Source})
	return string(b)
}

// FindKnowledgeTask reads one task.
func (s *Store) FindKnowledgeTask(ctx context.Context, id string) (haoban.KnowledgeTask, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+knowledgeTaskColumns+` FROM knowledge_tasks WHERE id = $1`, id)
	if err != nil {
		return haoban.KnowledgeTask{}, fmt.Errorf("find knowledge task %s: %w", id, err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, scanKnowledgeTask)
	return t, translate(err, "知识库待补任务")
}

// KnowledgeTasks lists a department's tasks ("": every department's): the
// open ones, oldest first, then those closed since since, newest first.
func (s *Store) KnowledgeTasks(ctx context.Context, department string, since time.Time) ([]haoban.KnowledgeTask, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+knowledgeTaskColumns+` FROM knowledge_tasks
		WHERE ($1 = '' OR department = $1) AND (status = 'open' OR closed_at >= $2)
		ORDER BY status <> 'open', CASE WHEN status = 'open' THEN opened_at END, closed_at DESC, id`, department, since)
	if err != nil {
		return nil, fmt.Errorf("list knowledge tasks: %w", err)
	}
	return pgx.CollectRows(rows, scanKnowledgeTask)
}

// CloseKnowledgeTask closes an open task as t says, with its audit entry;
// a task no longer open is ECONFLICT.
func (s *Store) CloseKnowledgeTask(ctx context.Context, t haoban.KnowledgeTask, meta haoban.AuditEntry) (haoban.KnowledgeTask, error) {
	var out haoban.KnowledgeTask
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE knowledge_tasks SET status = $2, entry = $3, reason = $4, closed_at = $5, closed_by = $6
			WHERE id = $1 AND status = 'open' RETURNING `+knowledgeTaskColumns, t.ID, t.Status, t.Entry, t.Reason, t.ClosedAt, t.ClosedBy)
		if err != nil {
			return fmt.Errorf("close knowledge task %s: %w", t.ID, err)
		}
		out, err = pgx.CollectExactlyOneRow(rows, scanKnowledgeTask)
		if errors.Is(err, pgx.ErrNoRows) {
			return haoban.Errorf(haoban.ECONFLICT, "这项任务已经处理过了")
		} else if err != nil {
			return fmt.Errorf("close knowledge task %s: %w", t.ID, err)
		}
		meta.Before, meta.After = `{"status":"open"}`, knowledgeTaskSummary(out)
		return appendAudit(ctx, tx, meta)
	})
	return out, err
}

// RemindKnowledgeTask marks an open task reminded and delivers note to
// every user holding one of roles in department, in one transaction;
// false, and nothing delivered, when it was reminded before or is closed.
func (s *Store) RemindKnowledgeTask(ctx context.Context, id, department string, roles []string, note haoban.Notification, at time.Time) (bool, error) {
	sent := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE knowledge_tasks SET reminded_at = $2 WHERE id = $1 AND status = 'open' AND reminded_at IS NULL`, id, at)
		if err != nil {
			return fmt.Errorf("remind knowledge task %s: %w", id, err)
		} else if tag.RowsAffected() == 0 {
			return nil
		}
		if err := tellDepartment(ctx, tx, department, roles, note, "knowledge_task:"+id, at); err != nil {
			return err
		}
		sent = true
		return nil
	})
	return sent, err
}

// KnowledgeEntryExists reports whether the knowledge base holds the entry.
func (s *Store) KnowledgeEntryExists(ctx context.Context, id string) (bool, error) {
	var ok bool
	// Compared as text: the ID comes from a form and need not be a UUID.
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM knowledge_entries WHERE id::text = lower($1))`, id).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("find knowledge entry %s: %w", id, err)
	}
	return ok, nil
}

// OwnerOfItem is the department of an item in the catalogue.
func (s *Store) OwnerOfItem(ctx context.Context, item string) (string, error) {
	var dept string
	err := s.pool.QueryRow(ctx, `SELECT department FROM items WHERE code = $1`, item).Scan(&dept)
	return dept, translate(err, "事项")
}

// OwnerOfBundle is the department that leads a bundle in its newest
// published version.
func (s *Store) OwnerOfBundle(ctx context.Context, bundle string) (string, error) {
	var dept string
	err := s.pool.QueryRow(ctx, `SELECT COALESCE(body->>'lead', '') FROM catalogue_versions
		WHERE bundle = $1 AND state = 'published' ORDER BY version DESC LIMIT 1`, bundle).Scan(&dept)
	return dept, translate(err, "一件事")
}

// UpcomingVersions lists the published catalogue and policy versions
// taking effect in (from, to], the soonest first.
func (s *Store) UpcomingVersions(ctx context.Context, from, to time.Time) ([]haoban.UpcomingVersion, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT 'bundle', bundle, COALESCE(body->>'name', bundle), COALESCE(body->>'lead', ''), version, effective_from
		FROM catalogue_versions WHERE state = 'published' AND effective_from > $1 AND effective_from <= $2
		UNION ALL
		SELECT 'policy', policy, COALESCE(body->>'name', policy), COALESCE(body->>'department', ''), version, effective_from
		FROM policy_versions WHERE state = 'published' AND effective_from > $1 AND effective_from <= $2
		ORDER BY 6, 1, 2`, from, to)
	if err != nil {
		return nil, fmt.Errorf("list upcoming versions: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.UpcomingVersion, error) {
		var v haoban.UpcomingVersion
		err := r.Scan(&v.Kind, &v.Ref, &v.Name, &v.Department, &v.Version, &v.EffectiveFrom)
		return v, err
	})
}
