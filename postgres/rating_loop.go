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

// A bad rating's loop: the rectification (整改) and the appeal (申诉).

const rectificationColumns = `id, rating, department, named, opened_at, due_at, status, called_back_at, called_back_by,
	reached, found, fixed_at, fixed_by, fix, answered_at, satisfied, answer`

func scanRectification(r pgx.CollectableRow) (haoban.Rectification, error) {
	var rc haoban.Rectification
	err := r.Scan(&rc.ID, &rc.Rating, &rc.Department, &rc.Named, &rc.OpenedAt, &rc.DueAt, &rc.Status, &rc.CalledBackAt,
		&rc.CalledBackBy, &rc.Reached, &rc.Found, &rc.FixedAt, &rc.FixedBy, &rc.Fix, &rc.AnsweredAt, &rc.Satisfied, &rc.Answer)
	return rc, err
}

func rectificationSummary(rc haoban.Rectification) string {
	b, _ := json.Marshal(map[string]any{"status": rc.Status, "department": rc.Department, "reached": rc.Reached,
		"satisfied": rc.Satisfied})
	return string(b)
}

func (s *Store) oneRectification(ctx context.Context, where, arg string) (haoban.Rectification, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+rectificationColumns+` FROM rectifications WHERE `+where+` = $1`, arg)
	if err != nil {
		return haoban.Rectification{}, fmt.Errorf("find rectification %s: %w", arg, err)
	}
	rc, err := pgx.CollectExactlyOneRow(rows, scanRectification)
	return rc, translate(err, "整改任务")
}

// FindRectification reads one rectification.
func (s *Store) FindRectification(ctx context.Context, id string) (haoban.Rectification, error) {
	return s.oneRectification(ctx, "id", id)
}

// RectificationOf is a rating's rectification.
func (s *Store) RectificationOf(ctx context.Context, rating string) (haoban.Rectification, error) {
	return s.oneRectification(ctx, "rating", rating)
}

// Rectifications lists a department's ("": all) unfixed rectifications,
// oldest first, then those fixed or answered since since, newest first.
func (s *Store) Rectifications(ctx context.Context, department string, since time.Time) ([]haoban.Rectification, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+rectificationColumns+` FROM rectifications
		WHERE ($1 = '' OR department = $1) AND (fixed_at IS NULL OR fixed_at >= $2 OR answered_at >= $2)
		ORDER BY fixed_at IS NOT NULL, CASE WHEN fixed_at IS NULL THEN opened_at END, fixed_at DESC, id`, department, since)
	if err != nil {
		return nil, fmt.Errorf("list rectifications: %w", err)
	}
	return pgx.CollectRows(rows, scanRectification)
}

// AdvanceRectification writes rc's next step if it still stands at from,
// delivers note to the rater, audits it and announces it, in one
// transaction; another step written first is ECONFLICT.
func (s *Store) AdvanceRectification(ctx context.Context, rc haoban.Rectification, from haoban.RectificationStatus, note *haoban.Notification, meta haoban.AuditEntry) (haoban.Rectification, error) {
	var out haoban.Rectification
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE rectifications SET status = $3, called_back_at = $4, called_back_by = $5, reached = $6,
			found = $7, fixed_at = $8, fixed_by = $9, fix = $10, answered_at = $11, satisfied = $12, answer = $13
			WHERE id = $1 AND status = $2 RETURNING `+rectificationColumns, rc.ID, from, rc.Status, rc.CalledBackAt,
			rc.CalledBackBy, rc.Reached, rc.Found, rc.FixedAt, rc.FixedBy, rc.Fix, rc.AnsweredAt, rc.Satisfied, rc.Answer)
		if err != nil {
			return fmt.Errorf("advance rectification %s: %w", rc.ID, err)
		}
		out, err = pgx.CollectExactlyOneRow(rows, scanRectification)
		if errors.Is(err, pgx.ErrNoRows) {
			return haoban.Errorf(haoban.ECONFLICT, "这项整改已经有人处理过这一步了，请刷新后查看")
		} else if err != nil {
			return fmt.Errorf("advance rectification %s: %w", rc.ID, err)
		}
		meta.Before, meta.After = fmt.Sprintf(`{"status":%q}`, from), rectificationSummary(out)
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		if note != nil && note.UserID != "" {
			key := haoban.NoticeKey(note.CaseID, "rectification:"+rc.ID+":"+string(rc.Status), note.UserID)
			if _, err := deliverNotice(ctx, tx, note.WithKey(key), key, false, meta.At); err != nil {
				return err
			}
		}
		return notifyOperations(ctx, tx, OperationsChange{Kind: "rectification", Department: rc.Department})
	})
	return out, err
}

// RemindRectification marks an unfixed rectification reminded and
// delivers note to every user holding one of roles in department, once.
func (s *Store) RemindRectification(ctx context.Context, id, department string, roles []string, note haoban.Notification, at time.Time) (bool, error) {
	sent := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE rectifications SET reminded_at = $2 WHERE id = $1 AND fixed_at IS NULL AND reminded_at IS NULL`, id, at)
		if err != nil {
			return fmt.Errorf("remind rectification %s: %w", id, err)
		} else if tag.RowsAffected() == 0 {
			return nil
		}
		if err := tellDepartment(ctx, tx, department, roles, note, "rectification:"+id, at); err != nil {
			return err
		}
		sent = true
		return nil
	})
	return sent, err
}

const appealColumns = `id, rating, department, reason, evidence, filed_by, filed_at, status, decided_by, decided_at, decision`

func scanAppeal(r pgx.CollectableRow) (haoban.Appeal, error) {
	var a haoban.Appeal
	err := r.Scan(&a.ID, &a.Rating, &a.Department, &a.Reason, &a.Evidence, &a.FiledBy, &a.FiledAt, &a.Status, &a.DecidedBy,
		&a.DecidedAt, &a.Decision)
	return a, err
}

func (s *Store) oneAppeal(ctx context.Context, where, arg string) (haoban.Appeal, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+appealColumns+` FROM rating_appeals WHERE `+where+` = $1`, arg)
	if err != nil {
		return haoban.Appeal{}, fmt.Errorf("find appeal %s: %w", arg, err)
	}
	a, err := pgx.CollectExactlyOneRow(rows, scanAppeal)
	return a, translate(err, "申诉")
}

// FindAppeal reads one appeal; AppealOf a rating's.
func (s *Store) FindAppeal(ctx context.Context, id string) (haoban.Appeal, error) {
	return s.oneAppeal(ctx, "id", id)
}

// AppealOf reads a rating's appeal.
func (s *Store) AppealOf(ctx context.Context, rating string) (haoban.Appeal, error) {
	return s.oneAppeal(ctx, "rating", rating)
}

// FileAppeal records an appeal, one per rating: the same one filed again
// is returned as it is, any other is ECONFLICT.
func (s *Store) FileAppeal(ctx context.Context, a haoban.Appeal, meta haoban.AuditEntry) (haoban.Appeal, error) {
	var out haoban.Appeal
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO rating_appeals (id, rating, department, reason, evidence, filed_by, filed_at, status)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') ON CONFLICT (rating) DO NOTHING`,
			a.ID, a.Rating, a.Department, a.Reason, a.Evidence, a.FiledBy, a.FiledAt)
		if err != nil {
			return fmt.Errorf("file appeal: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT `+appealColumns+` FROM rating_appeals WHERE rating = $1`, a.Rating)
		if err != nil {
			return fmt.Errorf("read appeal: %w", err)
		}
		if out, err = pgx.CollectExactlyOneRow(rows, scanAppeal); err != nil {
			return fmt.Errorf("read appeal: %w", err)
		}
		if tag.RowsAffected() == 0 {
			if out.Reason == a.Reason && out.Evidence == a.Evidence && out.FiledBy == a.FiledBy {
				return nil // a retry
			}
			return haoban.Errorf(haoban.ECONFLICT, "这条评价已经申诉过了（%s），每条评价只能申诉一次", out.Status.Name())
		}
		meta.After = fmt.Sprintf(`{"status":"pending","department":%q}`, a.Department)
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		return notifyOperations(ctx, tx, OperationsChange{Kind: "appeal", Department: a.Department})
	})
	return out, err
}

// Appeals lists a department's ("": all) appeals of a status ("": all):
// the oldest pending first, then the newest decided.
func (s *Store) Appeals(ctx context.Context, department string, status haoban.AppealStatus) ([]haoban.Appeal, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+appealColumns+` FROM rating_appeals
		WHERE ($1 = '' OR department = $1) AND ($2 = '' OR status = $2)
		ORDER BY status <> 'pending', CASE WHEN status = 'pending' THEN filed_at END, decided_at DESC, id LIMIT 500`,
		department, status)
	if err != nil {
		return nil, fmt.Errorf("list appeals: %w", err)
	}
	return pgx.CollectRows(rows, scanAppeal)
}

// DecideAppeal writes a pending appeal's decision and, when upheld,
// excludes its rating from the figures (the row stays), with the audit
// entries and the NOTIFY, in one transaction.
func (s *Store) DecideAppeal(ctx context.Context, a haoban.Appeal, meta haoban.AuditEntry) (haoban.Appeal, error) {
	var out haoban.Appeal
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE rating_appeals SET status = $2, decided_by = $3, decided_at = $4, decision = $5
			WHERE id = $1 AND status = 'pending' RETURNING `+appealColumns, a.ID, a.Status, a.DecidedBy, a.DecidedAt, a.Decision)
		if err != nil {
			return fmt.Errorf("decide appeal %s: %w", a.ID, err)
		}
		out, err = pgx.CollectExactlyOneRow(rows, scanAppeal)
		if errors.Is(err, pgx.ErrNoRows) {
			return haoban.Errorf(haoban.ECONFLICT, "这项申诉已经裁定过了")
		} else if err != nil {
			return fmt.Errorf("decide appeal %s: %w", a.ID, err)
		}
		meta.Before, meta.After = `{"status":"pending"}`, fmt.Sprintf(`{"status":%q}`, out.Status)
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		if out.Status == haoban.AppealUpheld {
			var item string
			if err := tx.QueryRow(ctx, `UPDATE ratings SET excluded = true WHERE id = $1 RETURNING item`, out.Rating).Scan(&item); err != nil {
				return fmt.Errorf("exclude rating %s: %w", out.Rating, err)
			}
			ex := meta
			ex.Action, ex.Target, ex.Before, ex.After = "rating.exclude", "rating:"+out.Rating, `{"excluded":false}`, `{"excluded":true}`
			if err := appendAudit(ctx, tx, ex); err != nil {
				return err
			}
			if err := notifyOperations(ctx, tx, OperationsChange{Kind: "rating", Department: out.Department, Item: item}); err != nil {
				return err
			}
		}
		return notifyOperations(ctx, tx, OperationsChange{Kind: "appeal", Department: out.Department})
	})
	return out, err
}
