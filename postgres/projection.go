package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// ApplyProjection writes a state change in one transaction, with the
// notices its facts give the applicant. Applying it again, or applying an
// older one after a newer one, changes nothing.
func (s *Store) ApplyProjection(ctx context.Context, p haoban.Projection) error {
	reads, err := s.noticeReads(ctx, p)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// Locking the case row orders concurrent writers of its timeline.
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM cases WHERE id = $1 FOR UPDATE`, p.CaseID).Scan(&status); err != nil {
			return translate(fmt.Errorf("lock case %s: %w", p.CaseID, err), "办件")
		}
		if len(p.FormPatch) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE cases SET form = form || $2 WHERE id = $1`, p.CaseID, p.FormPatch); err != nil {
				return fmt.Errorf("patch form: %w", err)
			}
		}
		before, err := taskStatuses(ctx, tx, p.Tasks)
		if err != nil {
			return err
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
		var written []haoban.NewEvent
		for _, e := range p.Events {
			inserted, err := insertEvent(ctx, tx, p.CaseID, p.At, e)
			if err != nil {
				return err
			} else if !inserted {
				break // written before: a retried projection, whose notices were queued with it
			}
			if err := appendAudit(ctx, tx, eventAudit(p, e, before)); err != nil {
				return err
			}
			written = append(written, e)
		}
		// The applicant's notices of these facts, and the reviewers' of the
		// tasks opened, in their transaction.
		if err := s.enqueueCaseNotices(ctx, tx, p, written, reads); err != nil {
			return err
		}
		if err := s.recordOperations(ctx, tx, p); err != nil { // the "799" summaries (operations.go)
			return err
		}
		return s.enqueueNewTasks(ctx, tx, p, written)
	})
}

// taskStatuses returns the stored status of each task about to change.
func taskStatuses(ctx context.Context, tx pgx.Tx, tasks []haoban.TaskRow) (map[string]string, error) {
	ids := make([]string, len(tasks))
	for i, t := range tasks {
		ids[i] = t.ID
	}
	out := map[string]string{}
	rows, err := tx.Query(ctx, `SELECT id, status FROM tasks WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("read task statuses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, status string
		if err := rows.Scan(&id, &status); err != nil {
			return nil, err
		}
		out[id] = status
	}
	return out, rows.Err()
}

// eventAudit makes the audit entry of a newly written event: its target is
// the task it concerns, or the case.
func eventAudit(p haoban.Projection, e haoban.NewEvent, before map[string]string) haoban.AuditEntry {
	role := e.Role
	if role == "" {
		role = "system"
	}
	a := haoban.AuditEntry{At: p.At, Actor: e.Actor, Role: role, Department: e.Department, Action: e.Type,
		CaseID: p.CaseID, Target: p.CaseID, After: Summary(e.Detail), RequestID: e.RequestID, ClientAddr: e.ClientAddr}
	if task, ok := e.Detail["task"].(string); ok {
		a.Target = task
		a.Before = Summary(map[string]string{"status": before[task]})
		for _, t := range p.Tasks {
			if t.ID == task {
				a.After = Summary(map[string]any{"status": t.Status, "assignee": t.Assignee, "detail": e.Detail})
			}
		}
	} else if p.Status != "" {
		a.After = Summary(map[string]any{"status": p.Status, "outcome": p.Outcome, "detail": e.Detail})
	}
	return a
}

func upsertTask(ctx context.Context, tx pgx.Tx, p haoban.Projection, t haoban.TaskRow) error {
	missing, pauses := t.Missing, t.Pauses
	if missing == nil {
		missing = []haoban.Missing{}
	}
	if pauses == nil {
		pauses = []haoban.Pause{}
	}
	// A zero budget comes from a workflow that predates deadlines: keep the
	// one recorded at submission.
	_, err := tx.Exec(ctx, `INSERT INTO tasks (id, case_id, item, item_name, department, status, assignee, comment,
			missing, version, opened_at, decided_at, updated_at, budget_days, extended, pauses)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, assignee = EXCLUDED.assignee, comment = EXCLUDED.comment,
			missing = EXCLUDED.missing, version = EXCLUDED.version, opened_at = EXCLUDED.opened_at,
			decided_at = EXCLUDED.decided_at, updated_at = EXCLUDED.updated_at,
			budget_days = CASE WHEN EXCLUDED.budget_days > 0 THEN EXCLUDED.budget_days ELSE tasks.budget_days END,
			extended = EXCLUDED.extended, pauses = EXCLUDED.pauses
		WHERE tasks.version < EXCLUDED.version`,
		t.ID, p.CaseID, t.Item, t.ItemName, t.Department, t.Status, t.Assignee, t.Comment,
		missing, t.Version, t.OpenedAt, t.DecidedAt, p.At, t.BudgetDays, t.Extended, pauses)
	if err != nil {
		return fmt.Errorf("upsert task %s: %w", t.ID, err)
	}
	return nil
}

// insertEvent appends an event unless its key is already there, and says
// whether it did.
func insertEvent(ctx context.Context, tx pgx.Tx, caseID string, at time.Time, e haoban.NewEvent) (bool, error) {
	if e.Detail == nil {
		e.Detail = map[string]any{}
	}
	var seq int64
	err := tx.QueryRow(ctx, `INSERT INTO events (case_id, seq, key, type, at, actor, detail)
		SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM events WHERE case_id = $1
		ON CONFLICT (case_id, key) DO NOTHING RETURNING seq`, caseID, e.Key, e.Type, at, e.Actor, e.Detail).Scan(&seq)
	if err == pgx.ErrNoRows {
		return false, nil // written before: a retried projection
	} else if err != nil {
		return false, fmt.Errorf("insert event %s: %w", e.Key, err)
	}
	ev := haoban.Event{Seq: seq, Type: e.Type, At: at, Actor: e.Actor, Detail: e.Detail}
	return true, notifyEvent(ctx, tx, caseID, ev)
}
