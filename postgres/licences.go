package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

const licenceColumns = `id::text, type, number, holder, holder_name, fields, valid_from, valid_to, status, version,
	issued_by, issued_at, updated_at`

func scanLicence(r pgx.CollectableRow) (haoban.Licence, error) {
	var l haoban.Licence
	err := r.Scan(&l.ID, &l.Type, &l.Number, &l.Holder, &l.HolderName, &l.Fields, &l.ValidFrom, &l.ValidTo, &l.Status,
		&l.Version, &l.IssuedBy, &l.IssuedAt, &l.UpdatedAt)
	return l, err
}

// LicencesOf returns every licence of the holders, newest first.
func (s *Store) LicencesOf(ctx context.Context, holders []string) ([]haoban.Licence, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+licenceColumns+` FROM licences WHERE holder = ANY($1)
		ORDER BY issued_at DESC, number`, holders)
	if err != nil {
		return nil, fmt.Errorf("find licences: %w", err)
	}
	return pgx.CollectRows(rows, scanLicence)
}

// UpsertLicence writes a licence by its number (the demo's licences held
// before Haoban; issuance writes its own in the sealing step).
func (s *Store) UpsertLicence(ctx context.Context, l haoban.Licence) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO licences (id, type, number, holder, holder_name, fields, valid_from, valid_to,
			status, version, issued_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (number) DO UPDATE SET fields = EXCLUDED.fields, holder_name = EXCLUDED.holder_name,
			valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, status = EXCLUDED.status, updated_at = now()`,
		l.ID, l.Type, l.Number, l.Holder, l.HolderName, l.Fields, l.ValidFrom, l.ValidTo, l.Status, l.Version, l.IssuedBy)
	if err != nil {
		return fmt.Errorf("upsert licence %s: %w", l.Number, err)
	}
	return nil
}
