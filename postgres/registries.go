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
	err := s.pool.QueryRow(ctx, `SELECT r.id_number, r.name, r.sex, r.birth_date, r.phone, r.address, COALESCE(r.spouse_id, ''),
			COALESCE(s.name, ''), r.updated_at
		FROM residents r LEFT JOIN residents s ON s.id_number = r.spouse_id WHERE r.id_number = $1`, idNumber).
		Scan(&r.IDNumber, &r.Name, &r.Sex, &r.BirthDate, &r.Phone, &r.Address, &r.SpouseID, &r.SpouseName, &r.UpdatedAt)
	return r, translate(err, "人口信息")
}

// EnterprisesOf returns the enterprises whose legal representative is the person.
func (s *Store) EnterprisesOf(ctx context.Context, idNumber string) ([]haoban.Enterprise, error) {
	rows, err := s.pool.Query(ctx, `SELECT e.uscc, e.name, e.type, e.address, e.legal_rep_id, e.capital::float8, e.scope, e.shareholders,
			COALESCE((SELECT i.employees FROM insured_counts i WHERE i.uscc = e.uscc), 0), e.updated_at
		FROM enterprises e WHERE e.legal_rep_id = $1 ORDER BY e.uscc`, idNumber)
	if err != nil {
		return nil, fmt.Errorf("find enterprises: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.Enterprise, error) {
		var e haoban.Enterprise
		err := r.Scan(&e.USCC, &e.Name, &e.Type, &e.Address, &e.LegalRepID, &e.Capital, &e.Scope, &e.Shareholders, &e.Employees, &e.UpdatedAt)
		return e, err
	})
}

// UpsertResident and UpsertEnterprise write registry records (the demo's
// fixed applicants; the seeder writes the generated ones in bulk).
func (s *Store) UpsertResident(ctx context.Context, r haoban.Resident) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO residents (id_number, name, sex, birth_date, phone, address, spouse_id)
		VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, ''))
		ON CONFLICT (id_number) DO UPDATE SET name = EXCLUDED.name, sex = EXCLUDED.sex, birth_date = EXCLUDED.birth_date,
			phone = EXCLUDED.phone, address = EXCLUDED.address, spouse_id = EXCLUDED.spouse_id, updated_at = now()`,
		r.IDNumber, r.Name, r.Sex, r.BirthDate, r.Phone, r.Address, r.SpouseID)
	return err
}

// UpsertEnterprise writes one enterprise.
func (s *Store) UpsertEnterprise(ctx context.Context, e haoban.Enterprise) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO enterprises (uscc, name, type, address, legal_rep_id, capital, scope, shareholders)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (uscc) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, address = EXCLUDED.address,
			legal_rep_id = EXCLUDED.legal_rep_id, capital = EXCLUDED.capital, scope = EXCLUDED.scope,
			shareholders = EXCLUDED.shareholders, updated_at = now()`,
		e.USCC, e.Name, e.Type, e.Address, e.LegalRepID, e.Capital, e.Scope, e.Shareholders)
	if err != nil || e.Employees == 0 {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO insured_counts (uscc, employees) VALUES ($1, $2)
		ON CONFLICT (uscc) DO UPDATE SET employees = EXCLUDED.employees, updated_at = now()`, e.USCC, e.Employees)
	return err
}

// UpsertBirth, UpsertBuilding and UpsertDrainage write one record each (the
// demo's fixed applicants; the seeder writes the generated ones in bulk).
func (s *Store) UpsertBirth(ctx context.Context, b haoban.Birth) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO births (parent_id, child_sex, birth_time, hospital) VALUES ($1, $2, $3, $4)
		ON CONFLICT (parent_id, birth_time) DO UPDATE SET child_sex = EXCLUDED.child_sex, hospital = EXCLUDED.hospital`,
		b.ParentID, b.ChildSex, b.BirthTime, b.Hospital)
	return err
}

// UpsertBuilding writes one building record.
func (s *Store) UpsertBuilding(ctx context.Context, b haoban.Building) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO buildings (address, area, floors, max_occupancy, fire_facilities, exits)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (address) DO UPDATE SET area = EXCLUDED.area, floors = EXCLUDED.floors,
			max_occupancy = EXCLUDED.max_occupancy, fire_facilities = EXCLUDED.fire_facilities, exits = EXCLUDED.exits, updated_at = now()`,
		b.Address, b.Area, b.Floors, b.MaxOccupancy, b.FireFacilities, b.Exits)
	return err
}

// UpsertDrainage writes one drainage record.
func (s *Store) UpsertDrainage(ctx context.Context, d haoban.Drainage) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO drainage_records (address, volume, grease_trap) VALUES ($1, $2, $3)
		ON CONFLICT (address) DO UPDATE SET volume = EXCLUDED.volume, grease_trap = EXCLUDED.grease_trap, updated_at = now()`,
		d.Address, d.Volume, d.GreaseTrap)
	return err
}

// LatestBirth returns the newest birth record filed under a parent.
func (s *Store) LatestBirth(ctx context.Context, parentID string) (haoban.Birth, error) {
	var b haoban.Birth
	err := s.pool.QueryRow(ctx, `SELECT parent_id, child_sex, birth_time, hospital, updated_at FROM births
		WHERE parent_id = $1 ORDER BY birth_time DESC LIMIT 1`, parentID).Scan(&b.ParentID, &b.ChildSex, &b.BirthTime, &b.Hospital, &b.UpdatedAt)
	return b, translate(err, "出生信息")
}

// FindBuilding returns the building record of an address.
func (s *Store) FindBuilding(ctx context.Context, address string) (haoban.Building, error) {
	var b haoban.Building
	err := s.pool.QueryRow(ctx, `SELECT address, area::float8, floors, max_occupancy, fire_facilities, exits, updated_at
		FROM buildings WHERE address = $1`, address).Scan(&b.Address, &b.Area, &b.Floors, &b.MaxOccupancy, &b.FireFacilities, &b.Exits, &b.UpdatedAt)
	return b, translate(err, "建筑信息")
}

// FindDrainage returns the drainage record of an address.
func (s *Store) FindDrainage(ctx context.Context, address string) (haoban.Drainage, error) {
	var d haoban.Drainage
	err := s.pool.QueryRow(ctx, `SELECT address, volume::float8, grease_trap, updated_at FROM drainage_records WHERE address = $1`,
		address).Scan(&d.Address, &d.Volume, &d.GreaseTrap, &d.UpdatedAt)
	return d, translate(err, "排水信息")
}

// LatestForm returns the form of the applicant's newest case submitted
// before a time (any, when before is zero) with its submission time, for
// prefilling from previous cases.
func (s *Store) LatestForm(ctx context.Context, applicant string, before time.Time) (map[string]any, time.Time, error) {
	var form map[string]any
	var at time.Time
	var bound *time.Time
	if !before.IsZero() {
		bound = &before
	}
	err := s.pool.QueryRow(ctx, `SELECT form, submitted_at FROM cases WHERE applicant = $1 AND ($2::timestamptz IS NULL OR submitted_at < $2)
		ORDER BY submitted_at DESC LIMIT 1`, applicant, bound).Scan(&form, &at)
	if err == pgx.ErrNoRows {
		return nil, at, nil
	}
	return form, at, err
}

// SearchAddresses finds addresses like q (pg_trgm), the closest first.
func (s *Store) SearchAddresses(ctx context.Context, q string, limit int) ([]haoban.Address, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, address, district FROM addresses
		WHERE address % $1 OR address LIKE '%' || $1 || '%'
		ORDER BY similarity(address, $1) DESC, address LIMIT $2`, q, limit)
	if err != nil {
		return nil, fmt.Errorf("search addresses: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[haoban.Address])
}

// AddressIDs returns the library's IDs of the addresses it holds exactly.
func (s *Store) AddressIDs(ctx context.Context, addresses []string) (map[string]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT address, id FROM addresses WHERE address = ANY($1)`, addresses)
	if err != nil {
		return nil, fmt.Errorf("find address ids: %w", err)
	}
	out := map[string]int64{}
	var a string
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&a, &id}, func() error { out[a] = id; return nil })
	return out, err
}

// UpsertAddress adds an address to the standard address library.
func (s *Store) UpsertAddress(ctx context.Context, address, district string) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO addresses (address, district) VALUES ($1, $2) ON CONFLICT (address) DO NOTHING`,
		address, district)
	return err
}
