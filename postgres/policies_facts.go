package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// PersonFacts reads what the registries hold of one person for the
// policies, in one round trip: the population record, the newest birth
// filed under them and their low-income certification.
func (s *Store) PersonFacts(ctx context.Context, idNumber string) (haoban.PersonFacts, error) {
	var f haoban.PersonFacts
	var birth, certified, validTo *time.Time
	var kind *string
	r := &f.Resident
	err := s.pool.QueryRow(ctx, `SELECT r.id_number, r.name, r.sex, r.birth_date, r.phone, r.address,
			(SELECT max(b.birth_time) FROM births b WHERE b.parent_id = r.id_number),
			l.kind, l.certified_on, l.valid_to
		FROM residents r LEFT JOIN low_income_certifications l ON l.id_number = r.id_number
		WHERE r.id_number = $1`, idNumber).
		Scan(&r.IDNumber, &r.Name, &r.Sex, &r.BirthDate, &r.Phone, &r.Address, &birth, &kind, &certified, &validTo)
	if err != nil {
		return f, translate(err, "人口信息")
	}
	if birth != nil {
		f.LatestBirth = *birth
	}
	if kind != nil {
		f.LowIncome = &haoban.LowIncome{IDNumber: idNumber, Kind: *kind, CertifiedOn: *certified, ValidTo: *validTo}
	}
	return f, nil
}

// EnterpriseFactsOf reads the registries' facts of the enterprises whose
// legal representative the person is.
func (s *Store) EnterpriseFactsOf(ctx context.Context, idNumber string) ([]haoban.EnterpriseFacts, error) {
	rows, err := s.pool.Query(ctx, enterpriseFactsSQL+` WHERE e.legal_rep_id = $1 ORDER BY e.uscc`, idNumber)
	if err != nil {
		return nil, fmt.Errorf("enterprise facts: %w", err)
	}
	return pgx.CollectRows(rows, scanEnterpriseFacts)
}

// enterpriseFactsSQL reads an enterprise with its insured counts. It ends
// in the join's condition, which EnterpriseFactsPage extends.
const enterpriseFactsSQL = `SELECT e.uscc, e.name, e.type, e.address, e.legal_rep_id, e.capital::float8, e.scope,
		e.shareholders, COALESCE(i.employees, 0), COALESCE(i.new_this_year, 0), e.established_on
	FROM enterprises e LEFT JOIN insured_counts i ON i.uscc = e.uscc`

func scanEnterpriseFacts(r pgx.CollectableRow) (haoban.EnterpriseFacts, error) {
	var f haoban.EnterpriseFacts
	var established *time.Time
	e := &f.Enterprise
	err := r.Scan(&e.USCC, &e.Name, &e.Type, &e.Address, &e.LegalRepID, &e.Capital, &e.Scope, &e.Shareholders,
		&e.Employees, &f.NewInsured, &established)
	if established != nil {
		f.Established = *established
	}
	return f, err
}

// UpsertLowIncome writes a low-income certification (the demo's; the
// seeder writes the generated ones in bulk).
func (s *Store) UpsertLowIncome(ctx context.Context, l haoban.LowIncome) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO low_income_certifications (id_number, kind, certified_on, valid_to)
		VALUES ($1, $2, $3, $4) ON CONFLICT (id_number) DO UPDATE SET kind = EXCLUDED.kind,
			certified_on = EXCLUDED.certified_on, valid_to = EXCLUDED.valid_to, updated_at = now()`,
		l.IDNumber, l.Kind, l.CertifiedOn, l.ValidTo)
	return err
}

// UpsertEnterpriseFacts writes an enterprise's date of establishment and
// this year's new contributors, after UpsertEnterprise wrote the record.
func (s *Store) UpsertEnterpriseFacts(ctx context.Context, f haoban.EnterpriseFacts) error {
	var established *time.Time
	if !f.Established.IsZero() {
		established = &f.Established
	}
	if _, err := s.pool.Exec(ctx, `UPDATE enterprises SET established_on = $2 WHERE uscc = $1`, f.Enterprise.USCC, established); err != nil {
		return fmt.Errorf("enterprise established: %w", err)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO insured_counts (uscc, employees, new_this_year) VALUES ($1, $2, $3)
		ON CONFLICT (uscc) DO UPDATE SET employees = EXCLUDED.employees, new_this_year = EXCLUDED.new_this_year, updated_at = now()`,
		f.Enterprise.USCC, f.Enterprise.Employees, f.NewInsured)
	return err
}
