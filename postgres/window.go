package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// EnsureApplicant is the applicant account of the person with u's ID
// number: the one they already have, or u, created now (窗口代办, issue 19).
// Two counters creating the same person's account at once create one.
func (s *Store) EnsureApplicant(ctx context.Context, u haoban.User) (haoban.User, error) {
	var found haoban.User
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO users (id, name, roles, department, id_number)
			SELECT $1, $2, $3, $4, $5
			WHERE NOT EXISTS (SELECT 1 FROM users WHERE id_number = $5 AND $6 = ANY(roles))
			ON CONFLICT (id) DO NOTHING`,
			u.ID, u.Name, []string{haoban.RoleApplicant}, haoban.AnyDepartment, u.IDNumber, haoban.RoleApplicant); err != nil {
			return fmt.Errorf("create applicant: %w", err)
		}
		// The oldest account wins, so a person who signed up before keeps it.
		rows, err := tx.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id_number = $1 AND $2 = ANY(roles)
			ORDER BY created_at, id LIMIT 1`, u.IDNumber, haoban.RoleApplicant)
		if err != nil {
			return fmt.Errorf("find applicant: %w", err)
		}
		found, err = pgx.CollectExactlyOneRow(rows, scanUser)
		return translate(err, "申请人")
	})
	return found, err
}
