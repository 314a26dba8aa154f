package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// recordOperations keeps the "799" summary rows (migration 037) of a
// projection's case in step, in the projection's transaction: the case's
// fact row, recomputed from its rows and events, and the fact row of each
// task it decided.
func (s *Store) recordOperations(ctx context.Context, tx pgx.Tx, p haoban.Projection) error {
	if err := refreshCaseFacts(ctx, tx, p.CaseID); err != nil {
		return err
	}
	var decided []string
	for _, t := range p.Tasks {
		if t.DecidedAt != nil {
			decided = append(decided, t.ID)
		}
	}
	if len(decided) == 0 {
		return nil
	}
	return s.refreshTaskFacts(ctx, tx, decided)
}

// refreshCaseFacts recomputes one case's fact row. Only a changed row is
// written, so the daily counters (kept by triggers) and the dashboards
// watching its departments hear of real changes only.
func refreshCaseFacts(ctx context.Context, tx pgx.Tx, caseID string) error {
	rows, err := tx.Query(ctx, `WITH up AS (
			INSERT INTO operations_cases SELECT * FROM operations_case_fact($1)
			ON CONFLICT (case_id) DO UPDATE SET day = EXCLUDED.day, channel = EXCLUDED.channel,
				window_name = EXCLUDED.window_name, departments = EXCLUDED.departments, items = EXCLUDED.items,
				item_departments = EXCLUDED.item_departments, first = EXCLUDED.first, prefill_ratio = EXCLUDED.prefill_ratio,
				apply_seconds = EXCLUDED.apply_seconds, judged = EXCLUDED.judged, first_pass = EXCLUDED.first_pass
			WHERE ROW(operations_cases.*) IS DISTINCT FROM ROW(EXCLUDED.*)
			RETURNING departments)
		SELECT d FROM up, unnest(up.departments) d`, caseID)
	if err != nil {
		return fmt.Errorf("refresh case facts: %w", err)
	}
	depts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("refresh case facts: %w", err)
	}
	for _, d := range depts {
		if err := notifyOperations(ctx, tx, OperationsChange{Kind: "case", Department: d}); err != nil {
			return err
		}
	}
	return nil
}

// refreshTaskFacts writes whether each decided task met its promised
// limit, read from its clock against the calendar as the deadline
// statistics read it. A task in a year the calendar lacks is left out, as
// there; BackfillOperations adds it once the year is loaded.
func (s *Store) refreshTaskFacts(ctx context.Context, tx pgx.Tx, ids []string) error {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT `+taskColumns+` FROM tasks WHERE id = ANY($1) AND decided_at IS NOT NULL`, ids)
	if err != nil {
		return fmt.Errorf("read decided tasks: %w", err)
	}
	tasks, err := pgx.CollectRows(rows, scanTask)
	if err != nil {
		return fmt.Errorf("read decided tasks: %w", err)
	}
	var drop, decided, cases, days, depts, items []string
	var onTime []bool
	for _, t := range tasks {
		ck, ok := deadline.ForTask(t)
		if !ok { // cancelled: not a decision
			drop = append(drop, t.ID)
			continue
		}
		st, err := ck.Read(cal, *t.DecidedAt)
		if err != nil {
			continue
		}
		decided, cases, items, depts = append(decided, t.ID), append(cases, t.CaseID), append(items, t.Item), append(depts, t.Department)
		days = append(days, t.DecidedAt.In(calendar.Zone).Format(time.DateOnly))
		onTime = append(onTime, st.State == deadline.Met)
	}
	if len(drop) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM operations_tasks WHERE task_id = ANY($1)`, drop); err != nil {
			return fmt.Errorf("drop task facts: %w", err)
		}
	}
	// One statement for the lot: the backfill writes thousands at a time.
	rows, err = tx.Query(ctx, `INSERT INTO operations_tasks (task_id, case_id, day, department, item, channel, window_name, on_time)
			SELECT u.id, c.id, u.day, u.dept, u.item, c.channel, c.window_name, u.on_time
			FROM unnest($1::text[], $2::uuid[], $3::date[], $4::text[], $5::text[], $6::boolean[]) AS u(id, case_id, day, dept, item, on_time)
			JOIN cases c ON c.id = u.case_id
		ON CONFLICT (task_id) DO UPDATE SET day = EXCLUDED.day, on_time = EXCLUDED.on_time
		WHERE (operations_tasks.day, operations_tasks.on_time) IS DISTINCT FROM (EXCLUDED.day, EXCLUDED.on_time)
		RETURNING 'case', department, item`, decided, cases, days, depts, items, onTime)
	if err != nil {
		return fmt.Errorf("write task facts: %w", err)
	}
	changed, err := pgx.CollectRows(rows, pgx.RowToStructByPos[OperationsChange])
	if err != nil {
		return fmt.Errorf("write task facts: %w", err)
	}
	seen := map[OperationsChange]bool{}
	for _, c := range changed {
		if seen[c] {
			continue
		}
		seen[c] = true
		if err := notifyOperations(ctx, tx, c); err != nil {
			return err
		}
	}
	return nil
}

// BackfillOperations writes the fact rows of the tasks decided before the
// summary tables existed (or in a year the calendar lacked then): the
// migration fills the cases' rows, but a task's clock needs the calendar,
// which SQL does not read. Run after migrating; it finds nothing to do
// the second time.
func (s *Store) BackfillOperations(ctx context.Context) error {
	after := ""
	for {
		rows, err := s.pool.Query(ctx, `SELECT t.id FROM tasks t
			WHERE t.id > $2 AND t.decided_at IS NOT NULL AND t.opened_at IS NOT NULL AND t.status <> $1
				AND NOT EXISTS (SELECT 1 FROM operations_tasks o WHERE o.task_id = t.id)
			ORDER BY t.id LIMIT 5000`, string(haoban.TaskCancelled), after)
		if err != nil {
			return fmt.Errorf("tasks to backfill: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("tasks to backfill: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if err := s.inTx(ctx, func(tx pgx.Tx) error { return s.refreshTaskFacts(ctx, tx, ids) }); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}
