package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// Credential reads the user a token names and whether its ID is revoked.
func (s *Store) Credential(ctx context.Context, userID, jti string) (haoban.Credential, error) {
	var c haoban.Credential
	err := s.pool.QueryRow(ctx, `SELECT `+userColumns+`, tokens_valid_after,
			EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = $2)
		FROM users WHERE id = $1`, userID, jti).Scan(&c.User.ID, &c.User.Name, &c.User.Roles, &c.User.Department,
		&c.User.IDNumber, &c.User.Disabled, &c.User.Window, &c.ValidAfter, &c.Revoked)
	return c, translate(err, "用户")
}

// RevokeToken ends one token (signing out) until it would have expired;
// revoking it again changes nothing. Tokens past their expiry are
// forgotten on the way.
func (s *Store) RevokeToken(ctx context.Context, jti, userID string, expires, at time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO revoked_tokens (jti, user_id, expires_at, revoked_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (jti) DO NOTHING`, jti, userID, expires, at); err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM revoked_tokens WHERE expires_at < $1`, at); err != nil {
			return fmt.Errorf("forget expired tokens: %w", err)
		}
		return nil
	})
}

// SetUserDisabled disables a user, ending every token issued to them so
// far, or enables them again (their old tokens stay ended). Audited.
func (s *Store) SetUserDisabled(ctx context.Context, id string, disabled bool, reason string, meta haoban.AuditEntry) (haoban.User, error) {
	var u haoban.User
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var was bool
		if err := tx.QueryRow(ctx, `SELECT disabled_at IS NOT NULL FROM users WHERE id = $1 FOR UPDATE`, id).Scan(&was); err != nil {
			return translate(err, "用户")
		}
		q, args := `UPDATE users SET disabled_at = NULL WHERE id = $1`, []any{id}
		if disabled {
			q, args = `UPDATE users SET disabled_at = $2, tokens_valid_after = $2 WHERE id = $1`, []any{id, meta.At}
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("set user %s disabled: %w", id, err)
		}
		meta.Action, meta.Target = "user_enabled", id
		if disabled {
			meta.Action = "user_disabled"
		}
		meta.Before, meta.After = Summary(map[string]bool{"disabled": was}), Summary(map[string]any{"disabled": disabled, "reason": reason})
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("read user %s: %w", id, err)
		}
		u, err = pgx.CollectExactlyOneRow(rows, scanUser)
		return err
	})
	return u, err
}
