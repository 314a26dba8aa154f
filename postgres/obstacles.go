package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/notices"
)

// 办不成事 (issue 19): reports of what a person could not get done, as
// tickets for a department with their steps.

const obstacleColumns = `id, key, token, body, item, bundle, case_id, draft_id, department, reporter, name, mobile,
	filed_at, status, accepted_at, resolved_at, reopened_at, answer, change_kind, change_ref, change_version`

func scanObstacle(r pgx.CollectableRow) (haoban.Obstacle, error) {
	var o haoban.Obstacle
	err := r.Scan(&o.ID, &o.Key, &o.Token, &o.Text, &o.Item, &o.Bundle, &o.CaseID, &o.DraftID, &o.Department, &o.Reporter,
		&o.Name, &o.Mobile, &o.FiledAt, &o.Status, &o.AcceptedAt, &o.ResolvedAt, &o.ReopenedAt, &o.Answer, &o.ChangeKind,
		&o.ChangeRef, &o.ChangeVersion)
	return o, err
}

// FileObstacle records a report once per key with its first step and
// audit entry; a report recorded before under that key is returned as it is.
func (s *Store) FileObstacle(ctx context.Context, o haoban.Obstacle, meta haoban.AuditEntry) (haoban.Obstacle, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO obstacles (id, key, token, body, item, bundle, case_id, draft_id, department,
			reporter, name, mobile, filed_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'received')
			ON CONFLICT (key) DO NOTHING`, o.ID, o.Key, o.Token, o.Text, o.Item, o.Bundle, o.CaseID, o.DraftID, o.Department,
			o.Reporter, o.Name, o.Mobile, o.FiledAt)
		if err != nil {
			return fmt.Errorf("file obstacle: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return nil // filed before: a retry
		}
		if err := insertObstacleStep(ctx, tx, o.ID, o.Steps[0]); err != nil {
			return err
		}
		meta.After = obstacleSummary(o)
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		return notifyOperations(ctx, tx, OperationsChange{Kind: "obstacle", Department: o.Department, Item: o.Item})
	})
	if err != nil {
		return haoban.Obstacle{}, err
	}
	var id string
	if err := s.pool.QueryRow(ctx, `SELECT id FROM obstacles WHERE key = $1`, o.Key).Scan(&id); err != nil {
		return haoban.Obstacle{}, fmt.Errorf("read obstacle: %w", err)
	}
	return s.FindObstacle(ctx, id)
}

func insertObstacleStep(ctx context.Context, tx pgx.Tx, id string, st haoban.ObstacleStep) error {
	_, err := tx.Exec(ctx, `INSERT INTO obstacle_steps (obstacle, seq, at, kind, actor, body, change_kind, change_ref, change_version)
		SELECT $1, COALESCE(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8 FROM obstacle_steps WHERE obstacle = $1`,
		id, st.At, st.Kind, st.Actor, st.Text, st.ChangeKind, st.ChangeRef, st.ChangeVersion)
	if err != nil {
		return fmt.Errorf("record obstacle step: %w", err)
	}
	return nil
}

func obstacleSummary(o haoban.Obstacle) string {
	b, _ := json.Marshal(map[string]any{"status": o.Status, "department": o.Department, "item": o.Item,
		"change_kind": o.ChangeKind, "change_ref": o.ChangeRef, "change_version": o.ChangeVersion})
	return string(b)
}

// FindObstacle reads one report with its steps.
func (s *Store) FindObstacle(ctx context.Context, id string) (haoban.Obstacle, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+obstacleColumns+` FROM obstacles WHERE id = $1`, id)
	if err != nil {
		return haoban.Obstacle{}, fmt.Errorf("find obstacle %s: %w", id, err)
	}
	o, err := pgx.CollectExactlyOneRow(rows, scanObstacle)
	if err != nil {
		return o, translate(err, "办不成事反映")
	}
	rows, err = s.pool.Query(ctx, `SELECT at, kind, actor, body, change_kind, change_ref, change_version FROM obstacle_steps
		WHERE obstacle = $1 ORDER BY seq`, id)
	if err != nil {
		return o, fmt.Errorf("list obstacle steps %s: %w", id, err)
	}
	o.Steps, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.ObstacleStep, error) {
		var st haoban.ObstacleStep
		err := r.Scan(&st.At, &st.Kind, &st.Actor, &st.Text, &st.ChangeKind, &st.ChangeRef, &st.ChangeVersion)
		return st, err
	})
	return o, err
}

// Obstacles lists the reports f selects, newest first, without steps.
func (s *Store) Obstacles(ctx context.Context, f haoban.ObstacleFilter) ([]haoban.Obstacle, error) {
	var from, to *time.Time
	if !f.From.IsZero() {
		from = &f.From
	}
	if !f.To.IsZero() {
		to = &f.To
	}
	rows, err := s.pool.Query(ctx, `SELECT `+obstacleColumns+` FROM obstacles
		WHERE ($1 = '' OR department = $1) AND ($2 = '' OR reporter = $2) AND ($3 = '' OR item = $3)
		AND ($4::timestamptz IS NULL OR filed_at >= $4) AND ($5::timestamptz IS NULL OR filed_at < $5)
		AND (NOT $6 OR status NOT IN ('resolved', 'answered'))
		ORDER BY filed_at DESC, id`, f.Department, f.Reporter, f.Item, from, to, f.OpenOnly)
	if err != nil {
		return nil, fmt.Errorf("list obstacles: %w", err)
	}
	return pgx.CollectRows(rows, scanObstacle)
}

// StepObstacle writes o's new state and its step if it is still in one of
// the statuses from, and tells the person in the same transaction: in the
// app (and their chosen channels) for a reporter, by SMS for an anonymous
// person. A report no longer in those statuses is ECONFLICT.
func (s *Store) StepObstacle(ctx context.Context, o haoban.Obstacle, from []haoban.ObstacleStatus, step haoban.ObstacleStep,
	note haoban.Notification, meta haoban.AuditEntry) (haoban.Obstacle, error) {
	statuses := make([]string, len(from))
	for i, st := range from {
		statuses[i] = string(st)
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var before string
		err := tx.QueryRow(ctx, `SELECT status FROM obstacles WHERE id = $1 FOR UPDATE`, o.ID).Scan(&before)
		if errors.Is(err, pgx.ErrNoRows) {
			return haoban.Errorf(haoban.ENOTFOUND, "没有找到这条办不成事反映")
		} else if err != nil {
			return fmt.Errorf("lock obstacle %s: %w", o.ID, err)
		}
		if !slices.Contains(statuses, before) {
			return haoban.Errorf(haoban.ECONFLICT, "这条反映已经由他人处理，请刷新后查看")
		}
		_, err = tx.Exec(ctx, `UPDATE obstacles SET status = $2, accepted_at = $3, resolved_at = $4, reopened_at = $5,
			answer = $6, change_kind = $7, change_ref = $8, change_version = $9,
			resolve_reminded_at = CASE WHEN $2 = 'reopened' THEN NULL ELSE resolve_reminded_at END WHERE id = $1`,
			o.ID, o.Status, o.AcceptedAt, o.ResolvedAt, o.ReopenedAt, o.Answer, o.ChangeKind, o.ChangeRef, o.ChangeVersion)
		if err != nil {
			return fmt.Errorf("update obstacle %s: %w", o.ID, err)
		}
		if err := insertObstacleStep(ctx, tx, o.ID, step); err != nil {
			return err
		}
		meta.Department = o.Department
		meta.Before, meta.After = fmt.Sprintf(`{"status":%q}`, before), obstacleSummary(o)
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		if err := tellObstacle(ctx, tx, o, step, note); err != nil {
			return err
		}
		return notifyOperations(ctx, tx, OperationsChange{Kind: "obstacle", Department: o.Department, Item: o.Item})
	})
	if err != nil {
		return haoban.Obstacle{}, err
	}
	return s.FindObstacle(ctx, o.ID)
}

// tellObstacle tells the person of a step they did not take themselves.
func tellObstacle(ctx context.Context, tx pgx.Tx, o haoban.Obstacle, step haoban.ObstacleStep, note haoban.Notification) error {
	fact := fmt.Sprintf("obstacle:%s:%s:%d", o.ID, step.Kind, step.At.UnixNano())
	if o.Reporter != "" {
		note.UserID = o.Reporter
		key := haoban.NoticeKey("", fact, o.Reporter)
		_, err := deliverNotice(ctx, tx, note.WithKey(key), key, false, step.At)
		return err
	}
	// An anonymous person is reached at the mobile number they gave; the
	// outbox row names no user.
	key := haoban.NoticeKey("", fact, o.Mobile)
	_, err := enqueueNotices(ctx, tx, []haoban.OutboxNotice{{Key: key, Channel: haoban.ChannelSMS, Address: o.Mobile,
		Kind: note.Kind, Subject: note.Title, Body: note.Body, NextAttemptAt: notices.SMSDue(step.At, false)}}, step.At)
	return err
}

// RemindObstacle marks one of an open report's clocks ("accept" or
// "resolve") reminded and delivers note to every user holding one of
// roles in department, in one transaction; false, and nothing delivered,
// when it was reminded before.
func (s *Store) RemindObstacle(ctx context.Context, id, clock, department string, roles []string, note haoban.Notification, at time.Time) (bool, error) {
	column := map[string]string{"accept": "accept_reminded_at", "resolve": "resolve_reminded_at"}[clock]
	if column == "" {
		return false, fmt.Errorf("remind obstacle %s: unknown clock %q", id, clock)
	}
	sent := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE obstacles SET `+column+` = $2 WHERE id = $1 AND `+column+` IS NULL
			AND status NOT IN ('resolved', 'answered')`, id, at)
		if err != nil {
			return fmt.Errorf("remind obstacle %s: %w", id, err)
		} else if tag.RowsAffected() == 0 {
			return nil
		}
		if err := tellDepartment(ctx, tx, department, roles, note, "obstacle:"+id+":"+clock+":"+at.Format(time.RFC3339Nano), at); err != nil {
			return err
		}
		sent = true
		return nil
	})
	return sent, err
}
