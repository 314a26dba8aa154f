package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// PersonFactsPage reads the facts of up to limit residents whose ID
// number sorts after after, in order: a keyset page of the population for
// a matching run, with the same facts PersonFacts reads of one person.
// The joined table is bounded by the cursor too: the planner merges the
// two keys in order, and without the bound it reads the joined table from
// its start for every page, which made a million residents' run quadratic.
func (s *Store) PersonFactsPage(ctx context.Context, after string, limit int) ([]haoban.PersonFacts, error) {
	rows, err := s.pool.Query(ctx, `SELECT r.id_number, r.name, r.sex, r.birth_date, r.phone, r.address,
			(SELECT max(b.birth_time) FROM births b WHERE b.parent_id = r.id_number),
			l.kind, l.certified_on, l.valid_to
		FROM residents r LEFT JOIN low_income_certifications l ON l.id_number = r.id_number AND l.id_number > $1
		WHERE r.id_number > $1 ORDER BY r.id_number LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("person facts page: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (haoban.PersonFacts, error) {
		var f haoban.PersonFacts
		var birth, certified, validTo *time.Time
		var kind *string
		r := &f.Resident
		err := row.Scan(&r.IDNumber, &r.Name, &r.Sex, &r.BirthDate, &r.Phone, &r.Address, &birth, &kind, &certified, &validTo)
		if birth != nil {
			f.LatestBirth = *birth
		}
		if kind != nil {
			f.LowIncome = &haoban.LowIncome{IDNumber: r.IDNumber, Kind: *kind, CertifiedOn: *certified, ValidTo: *validTo}
		}
		return f, err
	})
}

// EnterpriseFactsPage is PersonFactsPage for enterprises, keyed by credit
// code; the cursor bounds the join to the insured counts as well (the
// select list ends in the join's condition).
func (s *Store) EnterpriseFactsPage(ctx context.Context, after string, limit int) ([]haoban.EnterpriseFacts, error) {
	rows, err := s.pool.Query(ctx, enterpriseFactsSQL+` AND i.uscc > $1 WHERE e.uscc > $1 ORDER BY e.uscc LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("enterprise facts page: %w", err)
	}
	return pgx.CollectRows(rows, scanEnterpriseFacts)
}

// StartPolicyRun records a run before its workflow starts.
func (s *Store) StartPolicyRun(ctx context.Context, r haoban.PolicyRun) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO policy_runs (run_id, policy, version, period, started_at)
		VALUES ($1, $2, $3, $4, $5)`, r.ID, r.Policy, r.Version, r.Period, r.StartedAt)
	return translate(err, "匹配批次")
}

// RecordMatchPage inserts a page's matches and moves the run's cursor
// from after to next in one transaction. A page done before (a retried
// activity) finds the cursor moved and changes nothing; a beneficiary
// matched in the period by an earlier run is skipped. It returns how many
// matches are new. finished marks the run's last page.
func (s *Store) RecordMatchPage(ctx context.Context, runID, after, next string, read int, ms []haoban.PolicyMatch, finished time.Time) (int, error) {
	inserted := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var done *time.Time
		if !finished.IsZero() {
			done = &finished
		}
		tag, err := tx.Exec(ctx, `UPDATE policy_runs SET cursor = $3, read = read + $4,
				finished_at = COALESCE($5, finished_at) WHERE run_id = $1 AND cursor = $2`, runID, after, next, read, done)
		if err != nil {
			return fmt.Errorf("move run cursor: %w", err)
		}
		if tag.RowsAffected() == 0 || len(ms) == 0 {
			return nil // done before, or nothing to add
		}
		// One statement for the page: a round trip per match would cost
		// more than deciding it.
		n := len(ms)
		versions, amounts := make([]int, n), make([]float64, n)
		keys, kinds, names, runs := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		policies, periods := make([]string, n), make([]string, n)
		facts, at := make([]map[string]any, n), make([]time.Time, n)
		for i, m := range ms {
			policies[i], versions[i], periods[i], keys[i], kinds[i] = m.Policy, m.Version, m.Period, m.Beneficiary, string(m.Kind)
			names[i], amounts[i], facts[i], at[i], runs[i] = m.Name, m.Amount, m.Facts, m.MatchedAt, m.RunID
		}
		tag, err = tx.Exec(ctx, `INSERT INTO policy_matches (policy, version, period, beneficiary, kind, name, amount,
				facts, matched_at, run_id)
			SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
				$8::jsonb[], $9::timestamptz[], $10::text[])
			ON CONFLICT (policy, period, beneficiary) DO NOTHING`,
			policies, versions, periods, keys, kinds, names, amounts, facts, at, runs)
		if err != nil {
			return fmt.Errorf("insert matches: %w", err)
		}
		inserted = int(tag.RowsAffected())
		_, err = tx.Exec(ctx, `UPDATE policy_runs SET matched = matched + $2 WHERE run_id = $1`, runID, inserted)
		return err
	})
	return inserted, err
}

// FindPolicyRun reads one run.
func (s *Store) FindPolicyRun(ctx context.Context, runID string) (haoban.PolicyRun, error) {
	var r haoban.PolicyRun
	var finished *time.Time
	err := s.pool.QueryRow(ctx, `SELECT run_id, policy, version, period, started_at, finished_at, cursor, read, matched
		FROM policy_runs WHERE run_id = $1`, runID).
		Scan(&r.ID, &r.Policy, &r.Version, &r.Period, &r.StartedAt, &finished, &r.Cursor, &r.Read, &r.Matched)
	if finished != nil {
		r.FinishedAt = *finished
	}
	return r, translate(err, "匹配批次")
}

// ListPolicyMatches returns a page of a policy's matches, by beneficiary
// within period.
func (s *Store) ListPolicyMatches(ctx context.Context, policy string, page haoban.PageRequest) ([]haoban.PolicyMatch, string, error) {
	var key [2]string
	if page.Cursor != "" {
		if err := haoban.DecodeCursor(page.Cursor, &key); err != nil {
			return nil, "", err
		}
	}
	limit := page.Size()
	rows, err := s.pool.Query(ctx, `SELECT policy, version, period, beneficiary, kind, name, amount::float8, facts, matched_at, run_id
		FROM policy_matches WHERE policy = $1 AND (period, beneficiary) > ($2, $3)
		ORDER BY period, beneficiary LIMIT $4`, policy, key[0], key[1], limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list matches: %w", err)
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.PolicyMatch, error) {
		var m haoban.PolicyMatch
		err := r.Scan(&m.Policy, &m.Version, &m.Period, &m.Beneficiary, &m.Kind, &m.Name, &m.Amount, &m.Facts, &m.MatchedAt, &m.RunID)
		return m, err
	})
	if err != nil || len(ms) <= limit {
		return ms, "", err
	}
	ms = ms[:limit]
	last := ms[limit-1]
	return ms, haoban.EncodeCursor([2]string{last.Period, last.Beneficiary}), nil
}
