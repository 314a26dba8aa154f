package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// caseWhere selects the cases of a filter, all but its paging and its
// state: $1 applicant, $2 departments, $3 search text.
const caseWhere = `($1 = '' OR c.applicant = $1)
	AND ($2::text[] IS NULL OR EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.department = ANY($2)))
	AND ($3 = '' OR strpos(c.id::text, lower($3)) > 0 OR strpos(c.bundle_name, $3) > 0
		OR strpos(COALESCE(u.name, ''), $3) > 0 OR strpos(COALESCE(c.form->>'enterprise.name', ''), $3) > 0)`

// ListCases returns one page of matching cases, newest first, with their
// tasks: the cases after f.After, at most f.Limit (1 to MaxPageSize).
func (s *Store) ListCases(ctx context.Context, f haoban.CaseFilter) ([]haoban.Case, error) {
	limit := haoban.PageRequest{Limit: f.Limit}.Size()
	var afterAt, afterID any
	if f.After != nil {
		afterAt, afterID = f.After.SubmittedAt, f.After.ID
	}
	rows, err := s.pool.Query(ctx, `SELECT `+listColumns+` FROM cases c LEFT JOIN users u ON u.id = c.applicant
		WHERE `+caseWhere+` AND ($4 = '' OR c.status = $4)
		  AND ($5::timestamptz IS NULL OR (c.submitted_at, c.id) < ($5, $6::uuid))
		ORDER BY c.submitted_at DESC, c.id DESC LIMIT $7`,
		f.Applicant, f.Departments, f.Query, f.Status, afterAt, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	cases, err := pgx.CollectRows(rows, scanListed)
	if err != nil || len(cases) == 0 {
		return cases, err
	}
	ids := make([]string, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	tasks, err := s.ListTasks(ctx, haoban.TaskFilter{CaseIDs: ids})
	if err != nil {
		return nil, err
	}
	for i := range cases {
		for _, t := range tasks {
			if t.CaseID == cases[i].ID {
				cases[i].Tasks = append(cases[i].Tasks, t)
			}
		}
	}
	return cases, nil
}

// CountCases counts the cases of a filter per state, whatever f.Status
// and f.After say, so that a list shows its total and its filters' counts.
func (s *Store) CountCases(ctx context.Context, f haoban.CaseFilter) (map[haoban.CaseStatus]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.status, count(*)::int FROM cases c LEFT JOIN users u ON u.id = c.applicant
		WHERE `+caseWhere+` GROUP BY c.status`, f.Applicant, f.Departments, f.Query)
	if err != nil {
		return nil, fmt.Errorf("count cases: %w", err)
	}
	counts := map[haoban.CaseStatus]int{}
	var status haoban.CaseStatus
	var n int
	_, err = pgx.ForEachRow(rows, []any{&status, &n}, func() error {
		counts[status] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count cases: %w", err)
	}
	return counts, nil
}

const listColumns = `c.id::text, c.bundle, c.bundle_name, c.status, COALESCE(c.outcome, ''), c.applicant, COALESCE(u.name, ''),
	c.form, c.submitted_at, c.completed_at, c.budget_days`

func scanListed(r pgx.CollectableRow) (haoban.Case, error) {
	var c haoban.Case
	err := r.Scan(&c.ID, &c.Bundle, &c.BundleName, &c.Status, &c.Outcome, &c.Applicant, &c.ApplicantName, &c.Form,
		&c.SubmittedAt, &c.CompletedAt, &c.BudgetDays)
	return c, err
}
