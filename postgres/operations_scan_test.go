package postgres_test

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/deadline"
	"haoban/postgres"
)

// rawFigureCounts computes the case figures' counters over q straight from
// the raw tables (cases, drafts, events, tasks), as the figures are
// defined, without the summary tables: what the summaries must equal, and
// what the benchmark measures them against. by is "" or "department".
func rawFigureCounts(ctx context.Context, s *postgres.Store, q haoban.FigureQuery, by string) ([]haoban.CaseFigureCounts, error) {
	key := `''`
	if by == "department" {
		key = `k.department`
	}
	rows, err := s.Pool().Query(ctx, `WITH c AS (
			SELECT c.id, c.channel, c.prefill_ratio,
				c.draft_id IS NULL OR NOT EXISTS (SELECT 1 FROM cases p WHERE p.draft_id = c.draft_id
					AND (p.submitted_at, p.id) < (c.submitted_at, c.id)) AS first,
				extract(epoch FROM c.submitted_at - d.created_at)::float8 AS apply,
				EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.type = 'task_opened') AS opened,
				EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.type = 'not_accepted') AS refused,
				EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.type = 'supplement_requested') AS supplement
			FROM cases c LEFT JOIN drafts d ON d.id = c.draft_id
			WHERE c.submitted_at >= $1 AND c.submitted_at < $2
				AND ($3 = '' OR EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.department = $3))),
		k AS (SELECT DISTINCT c.*, t.department FROM c JOIN tasks t ON t.case_id = c.id WHERE $3 = '' OR t.department = $3)
		SELECT `+key+`, count(*)::int, count(*) FILTER (WHERE channel <> 'window')::int,
			count(prefill_ratio)::int, COALESCE(sum(prefill_ratio::float8), 0),
			count(*) FILTER (WHERE first AND (opened OR refused))::int,
			count(*) FILTER (WHERE first AND opened AND NOT refused AND NOT supplement)::int,
			count(apply) FILTER (WHERE first)::int, COALESCE(sum(apply) FILTER (WHERE first), 0),
			COALESCE(percentile_cont(0.9) WITHIN GROUP (ORDER BY apply) FILTER (WHERE first), 0)
		FROM `+map[bool]string{true: "k", false: "c"}[by == "department"]+` k GROUP BY 1`,
		q.From, q.To, q.Department)
	if err != nil {
		return nil, err
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.CaseFigureCounts, error) {
		var c haoban.CaseFigureCounts
		return c, r.Scan(&c.Key, &c.Cases, &c.Online, &c.Prefilled, &c.PrefillSum, &c.Judged, &c.FirstPass, &c.Applied,
			&c.ApplySeconds, &c.ApplyP90)
	})
	if err != nil {
		return nil, err
	}
	byKey := map[string]haoban.CaseFigureCounts{"": {}}
	for _, c := range got {
		byKey[c.Key] = c
	}
	// The tasks decided in the period, read against the calendar as the
	// deadline statistics read them.
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	tasks, err := s.DecidedTasks(ctx, q.Department, q.From, q.To)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		ck, ok := deadline.ForTask(t)
		if !ok {
			continue
		}
		st, err := ck.Read(cal, *t.DecidedAt)
		if err != nil {
			continue
		}
		k := ""
		if by == "department" {
			k = t.Department
		}
		c := byKey[k]
		c.Key = k
		c.Decided++
		if st.State == deadline.Met {
			c.OnTime++
		}
		byKey[k] = c
	}
	out := []haoban.CaseFigureCounts{byKey[""]}
	if by != "department" {
		return out, nil
	}
	// The whole scope's row counts each case once.
	whole, err := rawFigureCounts(ctx, s, q, "")
	if err != nil {
		return nil, err
	}
	out[0] = whole[0]
	names, err := s.DepartmentNames(ctx)
	if err != nil {
		return nil, err
	}
	for k, c := range byKey {
		if k != "" {
			c.Name = names[k]
			out = append(out, c)
		}
	}
	slices.SortFunc(out[1:], func(a, b haoban.CaseFigureCounts) int {
		return strings.Compare(a.Name+"\x00"+a.Key, b.Name+"\x00"+b.Key)
	})
	return out, nil
}
