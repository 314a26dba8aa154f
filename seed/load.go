package seed

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Sizes says how much to generate.
type Sizes struct {
	Residents   int
	Enterprises int
}

// DevSizes are the registries `make dev` loads: big enough to search,
// quick to generate.
var DevSizes = Sizes{Residents: 20000, Enterprises: 4000}

// Load writes the first Residents residents, Enterprises enterprises and
// the address library. Loading again adds what is missing and changes
// nothing else, so a larger run extends a smaller one.
func Load(ctx context.Context, pool *pgxpool.Pool, n Sizes) error {
	if n.Residents < 1 || n.Enterprises < 0 {
		return fmt.Errorf("seed needs at least one resident")
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit
	for _, step := range []struct {
		table, columns string
		rows           int
		row            func(i int) []any
	}{
		{"addresses", "address, district", AddressCount, func(i int) []any { return []any{NthAddress(i), DistrictOf(i)} }},
		{"buildings", "address, area, floors, max_occupancy, fire_facilities, exits", AddressCount, func(i int) []any {
			area, floors, occupancy, fire, exits := NthBuilding(i)
			return []any{NthAddress(i), area, floors, occupancy, fire, exits}
		}},
		{"drainage_records", "address, volume, grease_trap", AddressCount, func(i int) []any {
			volume, trap := NthDrainage(i)
			return []any{NthAddress(i), volume, trap}
		}},
		{"residents", "id_number, name, sex, birth_date, phone, address, spouse_id", n.Residents, func(i int) []any {
			r := NthResident(i)
			var spouse *string
			if j, ok := SpouseOf(i, n.Residents); ok {
				id := NthResident(j).IDNumber
				spouse = &id
			}
			return []any{r.IDNumber, r.Name, r.Sex, r.BirthDate, r.Phone, r.Address, spouse}
		}},
		{"births", "parent_id, child_sex, birth_time, hospital", n.Residents, func(i int) []any {
			if !HasBirth(i, n.Residents) {
				return nil
			}
			sex, at, hospital := NthBirth(i)
			return []any{NthResident(i).IDNumber, sex, at, hospital}
		}},
		{"low_income_certifications", "id_number, kind, certified_on, valid_to", n.Residents, func(i int) []any {
			if !HasLowIncome(i) {
				return nil
			}
			l := NthLowIncome(i)
			return []any{l.IDNumber, l.Kind, l.CertifiedOn, l.ValidTo}
		}},
		{"enterprises", "uscc, name, type, address, legal_rep_id, capital, scope, shareholders, established_on", n.Enterprises, func(j int) []any {
			e := NthEnterprise(j, n.Residents)
			return []any{e.USCC, e.Name, e.Type, e.Address, e.LegalRepID, e.Capital, e.Scope, e.Shareholders, NthEstablished(j)}
		}},
		{"insured_counts", "uscc, employees, new_this_year", n.Enterprises, func(j int) []any {
			e := NthEnterprise(j, n.Residents)
			return []any{e.USCC, e.Employees, NthNewInsured(j, e.Employees)}
		}},
		{"credit_records", "subject, level, reason, listed_on", n.Residents + n.Enterprises, func(i int) []any {
			kind, subject := "resident", ""
			if i >= n.Residents {
				kind, i = "enterprise", i-n.Residents
				subject = NthEnterprise(i, n.Residents).USCC
			} else {
				subject = NthResident(i).IDNumber
			}
			reason, listed, ok := NthCreditRecord(kind, i)
			if !ok {
				return nil
			}
			return []any{subject, "严重失信", reason, listed}
		}},
	} {
		if err := copyNew(ctx, tx, step.table, step.columns, step.rows, step.row); err != nil {
			return fmt.Errorf("seed %s: %w", step.table, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	// Fresh statistics, or the planner treats million-row tables as empty
	// until autovacuum comes by, and joins them by scanning.
	_, err = conn.Exec(ctx, `ANALYZE addresses, buildings, drainage_records, residents, births, low_income_certifications, enterprises, insured_counts, credit_records`)
	return err
}

// copyNew streams rows into a temporary table with COPY, then adds those
// the table lacks.
func copyNew(ctx context.Context, tx pgx.Tx, table, columns string, n int, row func(int) []any) error {
	tmp := "seed_" + table
	if _, err := tx.Exec(ctx, fmt.Sprintf(`CREATE TEMP TABLE %s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DROP`, tmp, table)); err != nil {
		return err
	}
	cols := splitColumns(columns)
	i := 0
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{tmp}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		for i < n {
			i++
			if r := row(i - 1); r != nil { // nil: no row for this index
				return r, nil
			}
		}
		return nil, nil
	})); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM %s ON CONFLICT DO NOTHING`, table, columns, columns, tmp))
	return err
}

func splitColumns(s string) []string {
	cols := strings.Split(s, ",")
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	return cols
}
