package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// tellDepartment delivers note, in tx, to every enabled user holding one
// of roles in department, each under a key made of scope and the user, so
// that a retried reminder is delivered once.
func tellDepartment(ctx context.Context, tx pgx.Tx, department string, roles []string, note haoban.Notification, scope string, at time.Time) error {
	rows, err := tx.Query(ctx, `SELECT id FROM users WHERE roles && $1 AND department = $2 AND disabled_at IS NULL ORDER BY id`,
		roles, department)
	if err != nil {
		return fmt.Errorf("list staff of %s: %w", department, err)
	}
	users, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("list staff of %s: %w", department, err)
	}
	for _, u := range users {
		n := note
		n.UserID = u
		key := haoban.NoticeKey("", scope, u)
		if _, err := deliverNotice(ctx, tx, n.WithKey(key), key, false, at); err != nil {
			return err
		}
	}
	return nil
}
