package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// DepartmentStats are one department's deadline figures for a period.
type DepartmentStats struct {
	Department  string  `json:"department"`
	Decided     int     `json:"decided"`
	OnTime      int     `json:"on_time"`
	OnTimeRate  float64 `json:"on_time_rate"` // 承诺时限办结率
	AvgUsedDays float64 `json:"avg_used_days"`
	Extensions  int     `json:"extensions"`
	OverdueNow  int     `json:"overdue_now"`
}

// DeadlineStats are the departments' figures for a period.
type DeadlineStats struct {
	From        string            `json:"from"`
	To          string            `json:"to"`
	Departments []DepartmentStats `json:"departments"`
}

// DeadlineStats reads every task decided in the period (from and to are
// dates, inclusive; empty: this month up to today) and every open one,
// against the calendar, for one department or all ("").
func (s *Supervision) DeadlineStats(ctx context.Context, from, to, department string) (DeadlineStats, error) {
	today := now(s.Time).In(calendar.Zone)
	start, err := parseDay(from, time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, calendar.Zone), "query.from")
	if err != nil {
		return DeadlineStats{}, err
	}
	end, err := parseDay(to, today, "query.to")
	if err != nil {
		return DeadlineStats{}, err
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return DeadlineStats{}, err
	}
	decided, err := s.Store.DecidedTasks(ctx, department, start, calendar.EndOfDay(end))
	if err != nil {
		return DeadlineStats{}, err
	}
	open, err := s.Store.OpenTasks(ctx, department)
	if err != nil {
		return DeadlineStats{}, err
	}
	byDept := map[string]*DepartmentStats{}
	get := func(d string) *DepartmentStats {
		if byDept[d] == nil {
			byDept[d] = &DepartmentStats{Department: d}
		}
		return byDept[d]
	}
	used := map[string]int{}
	for _, t := range decided {
		ck, ok := deadline.ForTask(t)
		if !ok {
			continue
		}
		st, err := ck.Read(cal, *t.DecidedAt)
		if err != nil {
			continue // a year without data: counted once loaded
		}
		d := get(t.Department)
		d.Decided++
		if st.State == deadline.Met {
			d.OnTime++
		}
		if t.Extended {
			d.Extensions++
		}
		used[t.Department] += st.Used
	}
	for _, t := range open {
		if ck, ok := deadline.ForTask(t); ok {
			if st, err := ck.Read(cal, today); err == nil && st.State == deadline.Overdue {
				get(t.Department).OverdueNow++
			}
		}
	}
	out := DeadlineStats{From: start.Format(time.DateOnly), To: end.Format(time.DateOnly), Departments: []DepartmentStats{}}
	for _, d := range byDept {
		if d.Decided > 0 {
			d.OnTimeRate = float64(d.OnTime) / float64(d.Decided)
			d.AvgUsedDays = float64(used[d.Department]) / float64(d.Decided)
		}
		out.Departments = append(out.Departments, *d)
	}
	slices.SortFunc(out.Departments, func(a, b DepartmentStats) int { return strings.Compare(a.Department, b.Department) })
	return out, nil
}

func parseDay(s string, def time.Time, field string) (time.Time, error) {
	if s == "" {
		return def, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, calendar.Zone)
	if err != nil {
		return t, haoban.FieldErrorf(haoban.EINVALID, field, "日期格式应为 2026-01-31")
	}
	return t, nil
}

// PrefillFigures are the prefill ratios per bundle and overall.
type PrefillFigures struct {
	Overall haoban.PrefillStats   `json:"overall"`
	Bundles []haoban.PrefillStats `json:"bundles"`
}

// PrefillStats reads the prefill ratios recorded at submission.
func (s *Supervision) PrefillStats(ctx context.Context) (PrefillFigures, error) {
	rows, err := s.Store.PrefillStatsByBundle(ctx)
	out := PrefillFigures{Bundles: []haoban.PrefillStats{}}
	for _, r := range rows {
		if r.Bundle == "" {
			out.Overall = r
		} else {
			out.Bundles = append(out.Bundles, r)
		}
	}
	return out, err
}
