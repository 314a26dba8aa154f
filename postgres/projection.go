package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// Projection is one state change of a case as the workflow saw it.
type Projection struct {
	CaseID  string
	At      time.Time
	Status  haoban.CaseStatus // empty: unchanged
	Outcome haoban.Outcome
	Tasks   []TaskRow
	Events  []NewEvent
}

// TaskRow is a task at a version; a row is only ever replaced by a newer one.
type TaskRow struct {
	haoban.Task
	Version int
}

// NewEvent is a timeline event to append; Key is unique within the case.
type NewEvent struct {
	Key    string
	Type   string
	Actor  string
	Detail map[string]any
}

// ApplyProjection writes a state change in one transaction. Applying it
// again, or applying an older one after a newer one, changes nothing.
func (s *Store) ApplyProjection(ctx context.Context, p Projection) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// Locking the case row orders concurrent writers of its timeline.
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM cases WHERE id = $1 FOR UPDATE`, p.CaseID).Scan(&status); err != nil {
			return translate(fmt.Errorf("lock case %s: %w", p.CaseID, err), "办件")
		}
		if p.Status != "" {
			var completed *time.Time
			if p.Status == haoban.CaseCompleted {
				completed = &p.At
			}
			if _, err := tx.Exec(ctx, `UPDATE cases SET status = $2, outcome = NULLIF($3, ''), completed_at = COALESCE(completed_at, $4)
				WHERE id = $1`, p.CaseID, p.Status, p.Outcome, completed); err != nil {
				return fmt.Errorf("update case: %w", err)
			}
		}
		for _, t := range p.Tasks {
			if err := upsertTask(ctx, tx, p, t); err != nil {
				return err
			}
		}
		for _, e := range p.Events {
			if err := insertEvent(ctx, tx, p.CaseID, p.At, e); err != nil {
				return err
			}
		}
		return nil
	})
}

func upsertTask(ctx context.Context, tx pgx.Tx, p Projection, t TaskRow) error {
	_, err := tx.Exec(ctx, `INSERT INTO tasks (id, case_id, item, item_name, department, status, assignee, comment,
			version, opened_at, decided_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, assignee = EXCLUDED.assignee, comment = EXCLUDED.comment,
			version = EXCLUDED.version, opened_at = EXCLUDED.opened_at, decided_at = EXCLUDED.decided_at, updated_at = EXCLUDED.updated_at
		WHERE tasks.version < EXCLUDED.version`,
		t.ID, p.CaseID, t.Item, t.ItemName, t.Department, t.Status, t.Assignee, t.Comment,
		t.Version, t.OpenedAt, t.DecidedAt, p.At)
	if err != nil {
		return fmt.Errorf("upsert task %s: %w", t.ID, err)
	}
	return nil
}

func insertEvent(ctx context.Context, tx pgx.Tx, caseID string, at time.Time, e NewEvent) error {
	if e.Detail == nil {
		e.Detail = map[string]any{}
	}
	_, err := tx.Exec(ctx, `INSERT INTO events (case_id, seq, key, type, at, actor, detail)
		SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM events WHERE case_id = $1
		ON CONFLICT (case_id, key) DO NOTHING`, caseID, e.Key, e.Type, at, e.Actor, e.Detail)
	if err != nil {
		return fmt.Errorf("insert event %s: %w", e.Key, err)
	}
	return nil
}
