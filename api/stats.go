package api

import (
	"context"
	"slices"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/clock"
)

// StatsInput picks the period and department.
type StatsInput struct {
	From       string `query:"from" doc:"起始日期（含），如 2026-01-01；默认本月 1 日"`
	To         string `query:"to" doc:"截止日期（含）；默认今天"`
	Department string `query:"department" doc:"部门编码；空为全部"`
}

// DepartmentStats are one department's deadline figures for the period.
type DepartmentStats struct {
	Department  string  `json:"department"`
	Decided     int     `json:"decided"`
	OnTime      int     `json:"on_time"`
	OnTimeRate  float64 `json:"on_time_rate"` // 承诺时限办结率
	AvgUsedDays float64 `json:"avg_used_days"`
	Extensions  int     `json:"extensions"`
	OverdueNow  int     `json:"overdue_now"`
}

// StatsOutput lists the departments' figures.
type StatsOutput struct {
	Body struct {
		From        string            `json:"from"`
		To          string            `json:"to"`
		Departments []DepartmentStats `json:"departments"`
	}
}

func (s *Server) deadlineStats(ctx context.Context, in *StatsInput) (*StatsOutput, error) {
	now := s.now().In(calendar.Zone)
	from, err := parseDay(in.From, time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, calendar.Zone), "query.from")
	if err != nil {
		return nil, err
	}
	to, err := parseDay(in.To, now, "query.to")
	if err != nil {
		return nil, err
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	decided, err := s.Store.DecidedTasks(ctx, in.Department, from, calendar.EndOfDay(to))
	if err != nil {
		return nil, err
	}
	open, err := s.Store.OpenTasks(ctx, in.Department)
	if err != nil {
		return nil, err
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
		ck, ok := clock.ForTask(t)
		if !ok {
			continue
		}
		st, err := ck.Read(cal, *t.DecidedAt)
		if err != nil {
			continue // a year without data: counted once loaded
		}
		d := get(t.Department)
		d.Decided++
		if st.State == clock.Met {
			d.OnTime++
		}
		if t.Extended {
			d.Extensions++
		}
		used[t.Department] += st.Used
	}
	for _, t := range open {
		if ck, ok := clock.ForTask(t); ok {
			if st, err := ck.Read(cal, now); err == nil && st.State == clock.Overdue {
				get(t.Department).OverdueNow++
			}
		}
	}
	out := &StatsOutput{}
	out.Body.From, out.Body.To = from.Format(time.DateOnly), to.Format(time.DateOnly)
	out.Body.Departments = []DepartmentStats{}
	for _, d := range byDept {
		if d.Decided > 0 {
			d.OnTimeRate = float64(d.OnTime) / float64(d.Decided)
			d.AvgUsedDays = float64(used[d.Department]) / float64(d.Decided)
		}
		out.Body.Departments = append(out.Body.Departments, *d)
	}
	slices.SortFunc(out.Body.Departments, func(a, b DepartmentStats) int { return compare(a.Department, b.Department) })
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
