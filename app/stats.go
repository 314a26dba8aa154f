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
	Name        string  `json:"department_name"`
	Decided     int     `json:"decided"`
	OnTime      int     `json:"on_time"`
	OnTimeRate  float64 `json:"on_time_rate"`  // 承诺时限办结率
	AvgUsedDays float64 `json:"avg_used_days"` // working days, to the hour

	Extensions int `json:"extensions"`
	OverdueNow int `json:"overdue_now"`
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
	used := map[string]float64{}
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
		days, err := usedDays(cal, ck)
		if err != nil {
			return DeadlineStats{}, err
		}
		used[t.Department] += days
	}
	for _, t := range open {
		if ck, ok := deadline.ForTask(t); ok {
			if st, err := ck.Read(cal, today); err == nil && st.State == deadline.Overdue {
				get(t.Department).OverdueNow++
			}
		}
	}
	names, err := ReadNames(ctx, s.Tasks.Store)
	if err != nil {
		return DeadlineStats{}, err
	}
	out := DeadlineStats{From: start.Format(time.DateOnly), To: end.Format(time.DateOnly), Departments: []DepartmentStats{}}
	for _, d := range byDept {
		d.Name = names.Department(d.Department)
		if d.Decided > 0 {
			d.OnTimeRate = float64(d.OnTime) / float64(d.Decided)
			d.AvgUsedDays = used[d.Department] / float64(d.Decided)
		}
		out.Departments = append(out.Departments, *d)
	}
	slices.SortFunc(out.Departments, func(a, b DepartmentStats) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// usedDays is the working time a stopped clock ran, pauses left out, in
// days of 24 hours on working days. The legal count (whole working days,
// the first not counted) makes every decision taken the day a task opened
// 0, so an average of it reads 0.0 where reviewers took hours: the time
// spent is measured to the hour instead.
func usedDays(cal *calendar.Calendar, ck deadline.Clock) (float64, error) {
	end := *ck.StoppedAt
	var ran time.Duration
	start := ck.Start.In(calendar.Zone)
	for d := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, calendar.Zone); d.Before(end); d = d.AddDate(0, 0, 1) {
		work, err := cal.IsWorkingDay(d)
		if err != nil {
			return 0, err
		}
		if !work {
			continue
		}
		from, to := later(d, ck.Start), earlier(d.AddDate(0, 0, 1), end)
		span := to.Sub(from)
		for _, p := range ck.Pauses {
			pauseEnd := end
			if p.To != nil {
				pauseEnd = *p.To
			}
			if overlap := earlier(to, pauseEnd).Sub(later(from, p.From)); overlap > 0 {
				span -= overlap
			}
		}
		ran += max(span, 0)
	}
	return ran.Hours() / 24, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
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
