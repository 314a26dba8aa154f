package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// The case figures' drill-downs: which fact rows make up each figure,
// whether a row counts toward its numerator, and why, in words. Every
// list takes the figure queries' $1–$4, the keyset ($5 the day, $6
// the row's ID) and the limit ($7); each count $1–$4.
var figureDrills = map[string]struct{ from, in, why, value string }{
	"prefill": {from: `f.prefill_ratio IS NOT NULL`, in: `true`,
		why: `'预填 ' || round(f.prefill_ratio * 100) || '%'`, value: `f.prefill_ratio`},
	"first_pass": {from: `f.judged`, in: `f.first_pass`,
		why: `CASE WHEN f.first_pass THEN '首次提交即受理，未要求补正'
			WHEN EXISTS (SELECT 1 FROM events v WHERE v.case_id = f.case_id AND v.type = 'not_accepted') THEN '首次提交不予受理'
			ELSE '受理后被要求补正' END`, value: `0`},
	"apply_minutes": {from: `f.apply_seconds IS NOT NULL`, in: `f.apply_seconds <= 1200`,
		why: `'申请用时 ' || round((f.apply_seconds / 60)::numeric, 1) || ' 分钟'`, value: `f.apply_seconds / 60`},
	"online": {from: `true`, in: `f.channel <> 'window'`,
		why:   `CASE f.channel WHEN 'window' THEN '窗口代为录入：' || f.window_name WHEN 'mobile' THEN '移动端提交' ELSE '网上提交' END`,
		value: `0`},
}

// FigureCases lists the cases behind one case figure over q, by day, a
// page at a time (cursor "": the first page), with their total.
func (s *Store) FigureCases(ctx context.Context, key string, q haoban.FigureQuery, cursor string, limit int) ([]haoban.FigureCase, string, int, error) {
	from, to := figureDays(q)
	afterDay, afterID := from, ""
	if cursor != "" {
		day, id, ok := strings.Cut(cursor, "/")
		if _, err := time.Parse(time.DateOnly, day); !ok || err != nil {
			return nil, "", 0, haoban.FieldErrorf(haoban.EINVALID, "cursor", "翻页位置无效，请从第一页重新查看")
		}
		afterDay, afterID = day, id
	}
	args := []any{from, to, q.Department, q.Item, afterDay, afterID, limit + 1}
	var list, count string
	if key == "on_time" {
		list = `SELECT o.day, o.task_id, c.id::text, c.bundle_name || '：' || t.item_name, COALESCE(d.name, ''), t.decided_at, o.on_time,
				CASE WHEN o.on_time THEN '在承诺时限内办结' ELSE '超过承诺时限办结' END, 0::float8
			FROM operations_tasks o JOIN tasks t ON t.id = o.task_id JOIN cases c ON c.id = o.case_id
			LEFT JOIN departments d ON d.code = o.department
			WHERE o.day >= $1 AND o.day < $2 AND ($3 = '' OR o.department = $3) AND ($4 = '' OR o.item = $4)
				AND (o.day, o.task_id) > ($5::date, $6) ORDER BY o.day, o.task_id LIMIT $7`
		count = `SELECT count(*) FROM operations_tasks o WHERE o.day >= $1 AND o.day < $2
			AND ($3 = '' OR o.department = $3) AND ($4 = '' OR o.item = $4)`
	} else {
		d, ok := figureDrills[key]
		if !ok {
			return nil, "", 0, haoban.FieldErrorf(haoban.ENOTFOUND, "figure", "这项指标不能按办件查看")
		}
		scope := `f.day >= $1 AND f.day < $2 AND ($3 = '' OR $3 = ANY(f.departments)) AND ($4 = '' OR $4 = ANY(f.items)) AND ` + d.from
		list = `SELECT f.day, f.case_id::text, f.case_id::text, c.bundle_name,
				array_to_string(ARRAY(SELECT n.name FROM departments n WHERE n.code = ANY(f.departments) ORDER BY n.name), '、'),
				c.submitted_at, ` + d.in + `, ` + d.why + `, (` + d.value + `)::float8
			FROM operations_cases f JOIN cases c ON c.id = f.case_id
			WHERE ` + scope + ` AND (f.day, f.case_id::text) > ($5::date, $6) ORDER BY f.day, f.case_id::text LIMIT $7`
		count = `SELECT count(*) FROM operations_cases f WHERE ` + scope
	}
	rows, err := s.pool.Query(ctx, list, args...)
	if err != nil {
		return nil, "", 0, fmt.Errorf("figure cases: %w", err)
	}
	var keys []string // each row's keyset position
	cases, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.FigureCase, error) {
		var c haoban.FigureCase
		var day time.Time
		var id string
		err := r.Scan(&day, &id, &c.Ref, &c.Title, &c.DepartmentName, &c.At, &c.In, &c.Why, &c.Value)
		c.Kind = "case"
		keys = append(keys, day.Format(time.DateOnly)+"/"+id)
		return c, err
	})
	if err != nil {
		return nil, "", 0, fmt.Errorf("figure cases: %w", err)
	}
	next := ""
	if len(cases) > limit {
		cases = cases[:limit]
		next = keys[limit-1]
	}
	var total int
	if err := s.pool.QueryRow(ctx, count, args[:4]...).Scan(&total); err != nil {
		return nil, "", 0, fmt.Errorf("count figure cases: %w", err)
	}
	return cases, next, total, nil
}
