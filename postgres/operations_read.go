package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/calendar"
)

// Every figure query takes the same parameters: $1 and $2 the period's
// Beijing dates [from, to), $3 the department and $4 the item ("": all).

// The daily rows of q's scope, at one level: an item's rows, a
// department's, or the whole city's.
const operationsLevel = `(CASE WHEN $4 <> '' THEN item = $4 AND ($3 = '' OR department = $3)
	WHEN $3 <> '' THEN department = $3 AND item = '' ELSE department = '' AND item = '' END)`

const operationsSums = `COALESCE(sum(cases), 0)::int, COALESCE(sum(online), 0)::int, COALESCE(sum(prefilled), 0)::int,
	COALESCE(sum(prefill_sum), 0)::float8, COALESCE(sum(judged), 0)::int, COALESCE(sum(first_pass), 0)::int,
	COALESCE(sum(applied), 0)::int, COALESCE(sum(apply_seconds), 0)::float8, COALESCE(sum(decided), 0)::int,
	COALESCE(sum(on_time), 0)::int`

// operationsGroups are, per breakdown, the key of a row, the daily rows it
// adds, and the fact rows (with the key's column) its p90 is read from.
var operationsGroups = map[string]struct{ key, daily, facts, factKey, name string }{
	"department": {key: "department",
		daily:   `department <> '' AND ($3 = '' OR department = $3) AND (CASE WHEN $4 <> '' THEN item = $4 ELSE item = '' END)`,
		facts:   `operations_cases f, unnest(f.departments) k WHERE ($3 = '' OR k = $3) AND ($4 = '' OR $4 = ANY(f.items))`,
		factKey: "k", name: `COALESCE((SELECT name FROM departments WHERE code = g.key), '')`},
	"item": {key: "item",
		daily:   `item <> '' AND ($3 = '' OR department = $3) AND ($4 = '' OR item = $4)`,
		facts:   `operations_cases f, unnest(f.items, f.item_departments) u(k, dep) WHERE ($3 = '' OR dep = $3) AND ($4 = '' OR k = $4)`,
		factKey: "k", name: `COALESCE((SELECT name FROM items WHERE code = g.key), '')`},
	"window": {key: "window_name",
		daily:   operationsLevel + ` AND channel = 'window'`,
		facts:   `operations_cases f WHERE f.channel = 'window' AND ($3 = '' OR $3 = ANY(f.departments)) AND ($4 = '' OR $4 = ANY(f.items))`,
		factKey: "f.window_name", name: `g.key`},
}

// figureDays is q's period as the Beijing dates [from, to) the summary
// rows are kept by.
func figureDays(q haoban.FigureQuery) (string, string) {
	from := q.From.In(calendar.Zone)
	to := q.To.In(calendar.Zone)
	if to.Hour() != 0 || to.Minute() != 0 || to.Second() != 0 || to.Nanosecond() != 0 {
		to = to.AddDate(0, 0, 1) // a period ending within a day takes the whole day
	}
	return from.Format(time.DateOnly), to.Format(time.DateOnly)
}

// CaseFigureCounts reads the case figures' counters over q from the
// summary tables: the first row is the whole of q, then one per
// department, item or window (by; "": none), by name.
func (s *Store) CaseFigureCounts(ctx context.Context, q haoban.FigureQuery, by string) ([]haoban.CaseFigureCounts, error) {
	from, to := figureDays(q)
	args := []any{from, to, q.Department, q.Item}
	b := &pgx.Batch{}
	b.Queue(`SELECT '', '', `+operationsSums+` FROM operations_daily WHERE day >= $1 AND day < $2 AND `+operationsLevel, args...)
	b.Queue(`SELECT COALESCE(percentile_cont(0.9) WITHIN GROUP (ORDER BY apply_seconds), 0) FROM operations_cases
		WHERE apply_seconds IS NOT NULL AND day >= $1 AND day < $2 AND ($3 = '' OR $3 = ANY(departments))
			AND ($4 = '' OR $4 = ANY(items))`, args...)
	g, grouped := operationsGroups[by]
	if grouped {
		b.Queue(`SELECT g.key, `+g.name+`, g.* FROM (SELECT `+g.key+` AS key, `+operationsSums+` FROM operations_daily
			WHERE day >= $1 AND day < $2 AND `+g.daily+` GROUP BY 1) g`, args...)
		b.Queue(`SELECT `+g.factKey+`, percentile_cont(0.9) WITHIN GROUP (ORDER BY f.apply_seconds) FROM `+g.facts+`
			AND f.apply_seconds IS NOT NULL AND f.day >= $1 AND f.day < $2 GROUP BY 1`, args...)
	}
	res := s.pool.SendBatch(ctx, b)
	defer res.Close()
	rows, err := res.Query()
	if err != nil {
		return nil, fmt.Errorf("figure counts: %w", err)
	}
	total, err := pgx.CollectExactlyOneRow(rows, func(r pgx.CollectableRow) (haoban.CaseFigureCounts, error) {
		return scanFigureCounts(r)
	})
	if err != nil {
		return nil, fmt.Errorf("figure counts: %w", err)
	}
	if err := res.QueryRow().Scan(&total.ApplyP90); err != nil {
		return nil, fmt.Errorf("figure p90: %w", err)
	}
	out := []haoban.CaseFigureCounts{total}
	if !grouped {
		return out, nil
	}
	if rows, err = res.Query(); err != nil {
		return nil, fmt.Errorf("figure counts by %s: %w", by, err)
	}
	groups, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.CaseFigureCounts, error) {
		var again string // the subquery's key
		return scanFigureCounts(r, &again)
	})
	if err != nil {
		return nil, fmt.Errorf("figure counts by %s: %w", by, err)
	}
	if rows, err = res.Query(); err != nil {
		return nil, fmt.Errorf("figure p90 by %s: %w", by, err)
	}
	p90 := map[string]float64{}
	var key string
	var v float64
	if _, err := pgx.ForEachRow(rows, []any{&key, &v}, func() error { p90[key] = v; return nil }); err != nil {
		return nil, fmt.Errorf("figure p90 by %s: %w", by, err)
	}
	for i := range groups {
		groups[i].ApplyP90 = p90[groups[i].Key]
		if groups[i].Name == "" {
			groups[i].Name = "（未登记名称）"
		}
	}
	slices.SortFunc(groups, func(a, b haoban.CaseFigureCounts) int {
		return strings.Compare(a.Name+"\x00"+a.Key, b.Name+"\x00"+b.Key)
	})
	return append(out, groups...), nil
}

func scanFigureCounts(r pgx.CollectableRow, extra ...any) (haoban.CaseFigureCounts, error) {
	var c haoban.CaseFigureCounts
	dest := []any{&c.Key, &c.Name}
	dest = append(dest, extra...)
	dest = append(dest, &c.Cases, &c.Online, &c.Prefilled, &c.PrefillSum, &c.Judged, &c.FirstPass, &c.Applied,
		&c.ApplySeconds, &c.Decided, &c.OnTime)
	return c, r.Scan(dest...)
}
