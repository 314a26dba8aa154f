package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// FindResident returns the registry's record of an ID number.
func (s *Store) FindResident(ctx context.Context, idNumber string) (haoban.Resident, error) {
	var r haoban.Resident
	err := s.pool.QueryRow(ctx, `SELECT id_number, name, sex, birth_date, phone, address, updated_at
		FROM residents WHERE id_number = $1`, idNumber).Scan(&r.IDNumber, &r.Name, &r.Sex, &r.BirthDate, &r.Phone, &r.Address, &r.UpdatedAt)
	return r, translate(err, "人口信息")
}

// EnterprisesOf returns the enterprises whose legal representative is the person.
func (s *Store) EnterprisesOf(ctx context.Context, idNumber string) ([]haoban.Enterprise, error) {
	rows, err := s.pool.Query(ctx, `SELECT uscc, name, type, address, legal_rep_id, capital::float8, scope, updated_at
		FROM enterprises WHERE legal_rep_id = $1 ORDER BY uscc`, idNumber)
	if err != nil {
		return nil, fmt.Errorf("find enterprises: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.Enterprise, error) {
		var e haoban.Enterprise
		err := r.Scan(&e.USCC, &e.Name, &e.Type, &e.Address, &e.LegalRepID, &e.Capital, &e.Scope, &e.UpdatedAt)
		return e, err
	})
}

// UpsertResident and UpsertEnterprise write registry records (the demo's
// fixed applicants; the seeder writes the generated ones in bulk).
func (s *Store) UpsertResident(ctx context.Context, r haoban.Resident) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO residents (id_number, name, sex, birth_date, phone, address) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (id_number) DO UPDATE SET name = EXCLUDED.name, sex = EXCLUDED.sex, birth_date = EXCLUDED.birth_date,
			phone = EXCLUDED.phone, address = EXCLUDED.address, updated_at = now()`, r.IDNumber, r.Name, r.Sex, r.BirthDate, r.Phone, r.Address)
	return err
}

// UpsertEnterprise writes one enterprise.
func (s *Store) UpsertEnterprise(ctx context.Context, e haoban.Enterprise) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO enterprises (uscc, name, type, address, legal_rep_id, capital, scope) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (uscc) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, address = EXCLUDED.address,
			legal_rep_id = EXCLUDED.legal_rep_id, capital = EXCLUDED.capital, scope = EXCLUDED.scope, updated_at = now()`,
		e.USCC, e.Name, e.Type, e.Address, e.LegalRepID, e.Capital, e.Scope)
	return err
}

// LatestForm returns the form of the applicant's newest case with its
// submission time, for prefilling from previous cases.
func (s *Store) LatestForm(ctx context.Context, applicant string) (map[string]any, time.Time, error) {
	var form map[string]any
	var at time.Time
	err := s.pool.QueryRow(ctx, `SELECT form, submitted_at FROM cases WHERE applicant = $1 ORDER BY submitted_at DESC LIMIT 1`,
		applicant).Scan(&form, &at)
	if err == pgx.ErrNoRows {
		return nil, at, nil
	}
	return form, at, err
}

// Address is one entry of the standard address library.
type Address struct {
	ID       int64  `json:"id"`
	Address  string `json:"address"`
	District string `json:"district"`
}

// SearchAddresses finds addresses like q (pg_trgm), the closest first.
func (s *Store) SearchAddresses(ctx context.Context, q string, limit int) ([]Address, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, address, district FROM addresses
		WHERE address % $1 OR address LIKE '%' || $1 || '%'
		ORDER BY similarity(address, $1) DESC, address LIMIT $2`, q, limit)
	if err != nil {
		return nil, fmt.Errorf("search addresses: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Address])
}
