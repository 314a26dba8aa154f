package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// infinity sorts the tasks not yet open after every open one.
var infinity = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// inboxFrom joins each task to its case and applicant; returned says the
// applicant has answered a supplement request of the task.
const inboxFrom = ` FROM tasks t JOIN cases c ON c.id = t.case_id LEFT JOIN users u ON u.id = c.applicant
	CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM events e WHERE e.case_id = t.case_id
		AND e.type = 'supplement_received' AND e.detail->>'task' = t.id) AS returned) r`

// inboxWhere: $1 departments, $2 search text.
const inboxWhere = ` WHERE ($1::text[] IS NULL OR t.department = ANY($1))
	AND ($2 = '' OR strpos(c.id::text, lower($2)) > 0 OR strpos(t.item_name, $2) > 0 OR strpos(c.bundle_name, $2) > 0
		OR strpos(COALESCE(u.name, ''), $2) > 0 OR strpos(COALESCE(c.form->>'enterprise.name', ''), $2) > 0)`

const inboxColumns = `t.id, t.case_id::text, t.item, t.item_name, t.department, t.status, t.assignee, t.comment, t.missing,
	t.opened_at, t.decided_at, t.budget_days, t.extended, t.pauses,
	c.bundle_name, c.applicant, COALESCE(u.name, ''), COALESCE(c.form->>'enterprise.name', ''), c.submitted_at, r.returned`

func scanInboxTask(row pgx.CollectableRow) (haoban.InboxTask, error) {
	var t haoban.InboxTask
	err := row.Scan(&t.ID, &t.CaseID, &t.Item, &t.ItemName, &t.Department, &t.Status, &t.Assignee, &t.Comment, &t.Missing,
		&t.OpenedAt, &t.DecidedAt, &t.BudgetDays, &t.Extended, &t.Pauses,
		&t.Case.BundleName, &t.Case.Applicant, &t.Case.ApplicantName, &t.Case.Enterprise, &t.Case.SubmittedAt, &t.Returned)
	t.Case.ID = t.CaseID
	return t, err
}

// InboxTasks returns one page of an inbox, longest open first (the tasks
// not open yet last): the tasks after f.After, at most f.Limit (the
// caller bounds it);
// and how many match f in all.
func (s *Store) InboxTasks(ctx context.Context, f haoban.InboxFilter) ([]haoban.InboxTask, int, error) {
	var statuses []string
	for _, st := range f.Statuses {
		statuses = append(statuses, string(st))
	}
	afterAt, afterID := time.Time{}, ""
	if f.After != nil {
		afterAt, afterID = infinity, f.After.ID
		if f.After.OpenedAt != nil {
			afterAt = *f.After.OpenedAt
		}
	}
	where := inboxWhere + ` AND ($3::text[] IS NULL OR t.status = ANY($3)) AND ($4 = '' OR t.assignee = $4)
		AND (NOT $5 OR t.status = 'open') AND (NOT $6 OR (t.status = 'claimed' AND r.returned))`
	args := []any{f.Departments, f.Query, statuses, f.Assignee, f.Unclaimed, f.Returned}
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*)::int`+inboxFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count inbox: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+inboxColumns+inboxFrom+where+`
		AND ($7 = '' OR (COALESCE(t.opened_at, $9), t.id) > ($8, $7))
		ORDER BY COALESCE(t.opened_at, $9), t.id LIMIT $10`,
		append(args, afterID, afterAt, infinity, max(f.Limit, 1))...)
	if err != nil {
		return nil, 0, fmt.Errorf("list inbox: %w", err)
	}
	tasks, err := pgx.CollectRows(rows, scanInboxTask)
	if err != nil {
		return nil, 0, fmt.Errorf("scan inbox: %w", err)
	}
	return tasks, total, nil
}

// CountInbox counts the work in progress of an inbox's departments, matching
// its search, for the inbox's filters; who counts as "mine" is assignee.
func (s *Store) CountInbox(ctx context.Context, f haoban.InboxFilter, assignee string) (haoban.InboxCounts, error) {
	var n haoban.InboxCounts
	err := s.pool.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE t.status IN ('open', 'claimed', 'awaiting_supplement'))::int,
			count(*) FILTER (WHERE t.status IN ('claimed', 'awaiting_supplement') AND t.assignee = $3)::int,
			count(*) FILTER (WHERE t.status = 'open')::int,
			count(*) FILTER (WHERE t.status = 'claimed' AND r.returned)::int,
			count(*) FILTER (WHERE t.status = 'awaiting_supplement')::int`+inboxFrom+inboxWhere,
		f.Departments, f.Query, assignee).Scan(&n.Open, &n.Mine, &n.Unclaimed, &n.Returned, &n.Supplement)
	if err != nil {
		return n, fmt.Errorf("count inbox: %w", err)
	}
	return n, nil
}

// CaseSummaries returns what lists show of the given cases, by case ID.
func (s *Store) CaseSummaries(ctx context.Context, ids []string) (map[string]haoban.CaseSummary, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.id::text, c.bundle_name, c.applicant, COALESCE(u.name, ''),
			COALESCE(c.form->>'enterprise.name', ''), c.submitted_at
		FROM cases c LEFT JOIN users u ON u.id = c.applicant WHERE c.id::text = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("case summaries: %w", err)
	}
	out := map[string]haoban.CaseSummary{}
	var c haoban.CaseSummary
	_, err = pgx.ForEachRow(rows, []any{&c.ID, &c.BundleName, &c.Applicant, &c.ApplicantName, &c.Enterprise, &c.SubmittedAt}, func() error {
		out[c.ID] = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("case summaries: %w", err)
	}
	return out, nil
}

// DepartmentNames names every department by its code.
func (s *Store) DepartmentNames(ctx context.Context) (map[string]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT code, name FROM departments`)
	if err != nil {
		return nil, fmt.Errorf("department names: %w", err)
	}
	out := map[string]string{}
	var code, name string
	_, err = pgx.ForEachRow(rows, []any{&code, &name}, func() error {
		out[code] = name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("department names: %w", err)
	}
	return out, nil
}
