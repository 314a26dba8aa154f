package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// Notifications returns a page of a user's notifications, newest first:
// those older than before (0: from the newest), at most limit, and how
// many the filter holds in all.
func (s *Store) Notifications(ctx context.Context, userID string, unreadOnly bool, before int64, limit int) ([]haoban.Notification, int, error) {
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)`,
		userID, unreadOnly).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count notifications: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT id, user_id, kind, title, body, COALESCE(case_id::text, ''), COALESCE(task_id, ''),
			created_at, read_at
		FROM notifications WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL) AND ($3 = 0 OR id < $3)
		ORDER BY id DESC LIMIT $4`, userID, unreadOnly, before, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list notifications: %w", err)
	}
	ns, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.Notification, error) {
		var n haoban.Notification
		err := r.Scan(&n.ID, &n.UserID, &n.Kind, &n.Title, &n.Body, &n.CaseID, &n.TaskID, &n.CreatedAt, &n.ReadAt)
		return n, err
	})
	if ns == nil {
		ns = []haoban.Notification{}
	}
	return ns, total, err
}

// MarkRead marks one of the user's notifications read, and with it the
// same notice on the external channels (送达: read in the app); marking
// again is harmless.
func (s *Store) MarkRead(ctx context.Context, userID string, id int64, at time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var key string
		var read time.Time
		err := tx.QueryRow(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2
			RETURNING notice_key, read_at`, id, userID, at).Scan(&key, &read)
		if err == pgx.ErrNoRows {
			return haoban.Errorf(haoban.ENOTFOUND, "通知不存在")
		} else if err != nil {
			return fmt.Errorf("mark notification read: %w", err)
		}
		if key == "" {
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE outbox SET read_at = $3 WHERE key = $1 AND user_id = $2 AND read_at IS NULL`, key, userID, read)
		if err != nil {
			return fmt.Errorf("mark notice read: %w", err)
		}
		return nil
	})
}

// UsersWithRole returns the users holding role in dept, or in every
// department (the supervisors), in ID order.
func (s *Store) UsersWithRole(ctx context.Context, role, dept string) ([]haoban.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users WHERE $1 = ANY(roles) AND (department = $2 OR department = '*') AND disabled_at IS NULL
		ORDER BY id`, role, dept)
	if err != nil {
		return nil, fmt.Errorf("list %s users: %w", role, err)
	}
	return pgx.CollectRows(rows, scanUser)
}

// Deliver writes notifications and, when ev is given, the timeline event
// and audit entry of what caused them, in one transaction. Each new
// notification is also queued in the outbox for every external channel its
// recipient has an address for and keeps on for the kind (an SMS held
// through the quiet hours). Delivering the same keys again changes
// nothing.
func (s *Store) Deliver(ctx context.Context, notes []haoban.Notification, caseID string, at time.Time, ev *haoban.NewEvent) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, n := range notes {
			key := haoban.NoticeKey(n.CaseID, n.Kind+":"+n.Key(), n.UserID)
			if _, err := deliverNotice(ctx, tx, n, key, false, at); err != nil {
				return err
			}
		}
		if ev == nil {
			return nil
		}
		if _, err := tx.Exec(ctx, `SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, caseID); err != nil {
			return fmt.Errorf("lock case: %w", err)
		}
		inserted, err := insertEvent(ctx, tx, caseID, at, *ev)
		if err != nil || !inserted {
			return err
		}
		return appendAudit(ctx, tx, eventAudit(haoban.Projection{CaseID: caseID, At: at}, *ev, nil))
	})
}

// CaseNotifications returns a person's in-app notifications of a case,
// oldest first, with when each was read: the in-app part of the case's
// delivery record (送达).
func (s *Store) CaseNotifications(ctx context.Context, caseID, userID string) ([]haoban.Notification, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, user_id, kind, title, body, COALESCE(case_id::text, ''), COALESCE(task_id, ''),
			created_at, read_at
		FROM notifications WHERE case_id = $1::uuid AND user_id = $2 ORDER BY id`, caseID, userID)
	if err != nil {
		return nil, fmt.Errorf("list case notifications: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.Notification, error) {
		var n haoban.Notification
		err := r.Scan(&n.ID, &n.UserID, &n.Kind, &n.Title, &n.Body, &n.CaseID, &n.TaskID, &n.CreatedAt, &n.ReadAt)
		return n, err
	})
}
