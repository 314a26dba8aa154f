package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

const taskColumns = `id, case_id::text, item, item_name, department, status, assignee, comment, missing, opened_at, decided_at, budget_days, extended, pauses`

func scanTask(r pgx.CollectableRow) (haoban.Task, error) {
	var t haoban.Task
	err := r.Scan(&t.ID, &t.CaseID, &t.Item, &t.ItemName, &t.Department, &t.Status, &t.Assignee, &t.Comment, &t.Missing, &t.OpenedAt, &t.DecidedAt, &t.BudgetDays, &t.Extended, &t.Pauses)
	return t, err
}

// FindTask returns one task.
func (s *Store) FindTask(ctx context.Context, id string) (haoban.Task, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+taskColumns+` FROM tasks WHERE id = $1`, id)
	if err != nil {
		return haoban.Task{}, fmt.Errorf("find task %s: %w", id, err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, scanTask)
	return t, translate(err, "审查任务")
}

// ListTasks returns matching tasks, all of them: a case's in bundle order,
// otherwise the longest-open first. The inbox pages with InboxTasks.
func (s *Store) ListTasks(ctx context.Context, f haoban.TaskFilter) ([]haoban.Task, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.CaseIDs != nil {
		add("case_id::text = ANY($%d)", f.CaseIDs)
	}
	if f.Departments != nil {
		add("department = ANY($%d)", f.Departments)
	}
	if f.Statuses != nil {
		add("status = ANY($%d)", f.Statuses)
	}
	if f.Assignee != "" {
		add("assignee = $%d", f.Assignee)
	}
	sql := `SELECT ` + taskColumns + ` FROM tasks`
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	if f.CaseIDs != nil {
		sql += " ORDER BY case_id, position"
	} else {
		sql += " ORDER BY opened_at NULLS LAST, case_id, position"
	}
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	tasks, err := pgx.CollectRows(rows, scanTask)
	if err != nil {
		return nil, fmt.Errorf("scan tasks: %w", err)
	}
	return tasks, nil
}

// OpenTasks returns the tasks whose clocks run or are paused (open,
// claimed, awaiting a supplement), of one department or all.
func (s *Store) OpenTasks(ctx context.Context, dept string) ([]haoban.Task, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+taskColumns+` FROM tasks
		WHERE status IN ('open', 'claimed', 'awaiting_supplement') AND ($1 = '' OR department = $1)`, dept)
	if err != nil {
		return nil, fmt.Errorf("list open tasks: %w", err)
	}
	return pgx.CollectRows(rows, scanTask)
}

// DecidedTasks returns the tasks decided in [from, to), of one department or all.
func (s *Store) DecidedTasks(ctx context.Context, dept string, from, to time.Time) ([]haoban.Task, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+taskColumns+` FROM tasks
		WHERE decided_at >= $2 AND decided_at < $3 AND ($1 = '' OR department = $1)`, dept, from, to)
	if err != nil {
		return nil, fmt.Errorf("list decided tasks: %w", err)
	}
	return pgx.CollectRows(rows, scanTask)
}
