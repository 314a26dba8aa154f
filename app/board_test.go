package app_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

func TestBoard(t *testing.T) {
	ctx := context.Background()
	t.Run("CasesNamesReviewersAndCounts", func(t *testing.T) {
		sv, s, _ := supervision(t)
		c := s.cases["c1"]
		c.Form = map[string]any{"enterprise.name": "上海好味餐饮有限公司"}
		s.cases["c1"] = c
		b, err := sv.Board(ctx, "all", "samr", haoban.PageRequest{})
		wantCode(t, err, "")
		if len(b.Tasks) != 1 || b.Tasks[0].Case.Subject() != "上海好味餐饮有限公司" || b.Tasks[0].DepartmentName != "市场监督管理局" {
			t.Fatalf("tasks %+v", b.Tasks)
		}
		if b.Counts["all"] != 1 || len(b.Departments) != 1 || b.Departments[0].Name != "市场监督管理局" || b.Departments[0].Count != 1 {
			t.Fatalf("counts %v, departments %+v", b.Counts, b.Departments)
		}
		reviewers := b.Reviewers["samr"]
		if len(reviewers) < 2 || reviewers[0].Name == reviewers[0].ID {
			t.Fatalf("reviewers %+v: want samr's reviewers by name", reviewers)
		}
		for _, p := range reviewers {
			if s.users[p.ID].Department != "samr" {
				t.Fatalf("%s of %s offered for a samr task", p.ID, s.users[p.ID].Department)
			}
		}
		if none, _ := sv.Board(ctx, "all", "fire", haoban.PageRequest{}); len(none.Tasks) != 0 {
			t.Fatalf("fire's board shows %+v", none.Tasks)
		}
	})
	t.Run("EveryPageOnceLeastTimeFirst", func(t *testing.T) {
		sv, s, _ := supervision(t)
		for i := range 5 {
			id := fmt.Sprint("p", i)
			c := s.restaurantCase(id)
			opened := clock.T.AddDate(0, 0, -7*(i%3)) // ties on the days left, broken by ID
			c.Tasks[0].OpenedAt = &opened
			s.cases[id] = c
		}
		seen, last := map[string]int{}, math.MinInt
		page := haoban.PageRequest{Limit: 2}
		for n := 0; ; n++ {
			b, err := sv.Board(ctx, "all", "samr", page)
			if err != nil || n > 5 || b.Total != 6 {
				t.Fatalf("page %d: total %d, %v", n, b.Total, err)
			}
			for _, task := range b.Tasks {
				seen[task.ID]++
				if task.Clock.Remaining < last {
					t.Fatalf("not the least time first: %d after %d", task.Clock.Remaining, last)
				}
				last = task.Clock.Remaining
			}
			if b.NextCursor == "" {
				break
			}
			page.Cursor = b.NextCursor
		}
		if len(seen) != 6 {
			t.Fatalf("seen %v, want the six samr tasks", seen)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("%s seen %d times", id, n)
			}
		}
	})
	t.Run("ErrUnknownView", func(t *testing.T) {
		sv, _, _ := supervision(t)
		_, err := sv.Board(ctx, "late", "", haoban.PageRequest{})
		wantCode(t, err, haoban.EINVALID)
	})
	t.Run("ErrSuspendWithoutNote", func(t *testing.T) {
		sv, s, f := supervision(t)
		_, err := sv.Suspend(ctx, as(t, s, "supervisor"), "c1.business-licence", app.Suspension{Reason: "expert_review", Note: " "})
		wantCode(t, err, haoban.EUNPROCESSABLE)
		if len(f.calls) != 0 {
			t.Fatalf("the workflow was asked: %v", f.calls)
		}
	})
}

// decided is the store with tasks decided in the period.
type decided struct {
	*store
	tasks []haoban.Task
}

func (d decided) DecidedTasks(context.Context, string, time.Time, time.Time) ([]haoban.Task, error) {
	return d.tasks, nil
}

// The average time a department took counts hours: decisions taken the day
// a task opened used part of a day, not nothing (it read 0.0 everywhere).
func TestAverageUsedDays(t *testing.T) {
	sv, s, _ := supervision(t)
	at := func(day, hour int) *time.Time {
		v := time.Date(2026, 3, day, hour, 0, 0, 0, haoban.Beijing)
		return &v
	}
	sv.Store = decided{s, []haoban.Task{
		// Tuesday 9:00 to 15:00: a quarter of a day.
		{ID: "a", Department: "samr", Status: haoban.TaskApproved, BudgetDays: 5, OpenedAt: at(3, 9), DecidedAt: at(3, 15)},
		// Friday 18:00 to Monday 12:00: the weekend does not count, so 6 + 12 hours.
		{ID: "b", Department: "samr", Status: haoban.TaskApproved, BudgetDays: 5, OpenedAt: at(27, 18), DecidedAt: at(30, 12)},
		// Monday 8:00 to Tuesday 8:00 with six hours waiting for the applicant.
		{ID: "c", Department: "fire", Status: haoban.TaskRejected, BudgetDays: 5, OpenedAt: at(2, 8), DecidedAt: at(3, 8),
			Pauses: []haoban.Pause{{Reason: "supplement", From: *at(2, 10), To: at(2, 16)}}},
	}}
	st, err := sv.DeadlineStats(context.Background(), "2026-03-01", "2026-03-31", "")
	wantCode(t, err, "")
	want := map[string]float64{"samr": (0.25 + 0.75) / 2, "fire": 0.75}
	for _, d := range st.Departments {
		if math.Abs(d.AvgUsedDays-want[d.Department]) > 1e-9 || d.Name == d.Department {
			t.Errorf("%s (%s): average %.4f days, want %.4f", d.Department, d.Name, d.AvgUsedDays, want[d.Department])
		}
	}
	if len(st.Departments) != 2 {
		t.Fatalf("departments %+v", st.Departments)
	}
}
