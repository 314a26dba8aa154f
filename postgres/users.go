package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// UpsertUsers inserts users or updates their names and roles.
func (s *Store) UpsertUsers(ctx context.Context, users []haoban.User) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, u := range users {
			if _, err := tx.Exec(ctx, `INSERT INTO users (id, name, roles, department, id_number, window_name)
				VALUES ($1, $2, $3, $4, NULLIF($5, ''), $6)
				ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles,
					department = EXCLUDED.department, id_number = EXCLUDED.id_number, window_name = EXCLUDED.window_name`,
				u.ID, u.Name, u.Roles, u.Department, u.IDNumber, u.Window); err != nil {
				return fmt.Errorf("upsert user %s: %w", u.ID, err)
			}
		}
		return nil
	})
}

const userColumns = `id, name, roles, department, COALESCE(id_number, ''), disabled_at IS NOT NULL, window_name`

func scanUser(r pgx.CollectableRow) (haoban.User, error) {
	var u haoban.User
	err := r.Scan(&u.ID, &u.Name, &u.Roles, &u.Department, &u.IDNumber, &u.Disabled, &u.Window)
	return u, err
}

// ListUsers returns every user in ID order.
func (s *Store) ListUsers(ctx context.Context) ([]haoban.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	users, err := pgx.CollectRows(rows, scanUser)
	if err != nil {
		return nil, fmt.Errorf("scan users: %w", err)
	}
	return users, nil
}

// FindUser returns one user.
func (s *Store) FindUser(ctx context.Context, id string) (haoban.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
	if err != nil {
		return haoban.User{}, fmt.Errorf("find user %s: %w", id, err)
	}
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	return u, translate(err, "用户")
}
