package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// opsStore is the summary tables: counters per scope, as given.
type opsStore struct {
	counts map[string][]haoban.CaseFigureCounts // by "" / department / item / window
	got    []haoban.FigureQuery
}

func (s *opsStore) CaseFigureCounts(_ context.Context, q haoban.FigureQuery, by string) ([]haoban.CaseFigureCounts, error) {
	s.got = append(s.got, q)
	rows := s.counts[by]
	if by == "" {
		rows = s.counts["department"][:1]
	}
	return rows, nil
}

func (s *opsStore) FigureCases(_ context.Context, key string, _ haoban.FigureQuery, _ string, _ int) ([]haoban.FigureCase, string, int, error) {
	return []haoban.FigureCase{{Ref: "case-1", Kind: "case", Why: key}}, "", 1, nil
}

// opsRatings gives each department its own ratings.
type opsRatings map[string]haoban.RatingFigures

func (r opsRatings) Figures(_ context.Context, q haoban.FigureQuery) (haoban.RatingFigures, error) {
	return r[q.Department], nil
}

func (r opsRatings) Drill(context.Context, haoban.FigureQuery, string, int) ([]haoban.FigureCase, string, int, error) {
	return []haoban.FigureCase{{Ref: "rating-1", Kind: "rating"}}, "", 1, nil
}

type opsHelp struct{}

func (opsHelp) Stats(_ context.Context, _ app.Request, from, to time.Time) (haoban.HelpStats, error) {
	return haoban.HelpStats{From: from, To: to,
		Total:       haoban.HelpStatsRow{Ended: 10, Resolved: 9, Answered: 8, WithinTarget: 0.75},
		Departments: []haoban.HelpStatsRow{{Key: "health", Ended: 4, Resolved: 2, Answered: 4, WithinTarget: 1}}}, nil
}

var (
	opsBoss      = haoban.User{ID: "boss", Roles: []string{haoban.RoleSupervisor}, Department: haoban.AnyDepartment}
	opsAdmin     = haoban.User{ID: "admin", Roles: []string{haoban.RoleAdmin}, Department: haoban.AnyDepartment}
	opsHealthSup = haoban.User{ID: "health-boss", Roles: []string{haoban.RoleSupervisor}, Department: "health"}
)

func operations(t *testing.T) (*app.Operations, *opsStore) {
	city := haoban.CaseFigureCounts{Cases: 20, Online: 17, Prefilled: 10, PrefillSum: 6.6, Judged: 10, FirstPass: 9,
		Applied: 8, ApplySeconds: 8 * 21 * 60, ApplyP90: 30 * 60, Decided: 4, OnTime: 4}
	health := haoban.CaseFigureCounts{Key: "health", Name: "卫生健康委员会", Cases: 5, Online: 2, Judged: 0}
	s := &opsStore{counts: map[string][]haoban.CaseFigureCounts{"department": {city, health}}}
	return &app.Operations{Store: s, Authz: authz(t), Time: haoban.FixedTime{T: tuesday}}, s
}

func TestOperationsQuery(t *testing.T) {
	o, _ := operations(t)
	q, err := o.Query("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	// This month to today, Tuesday 3 March, inclusive.
	if !q.From.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, haoban.Beijing)) || !q.To.Equal(time.Date(2026, 3, 4, 0, 0, 0, 0, haoban.Beijing)) {
		t.Fatalf("default period %v – %v", q.From, q.To)
	}
	if q, err = o.Query("2026-02-01", "2026-02-28", "health", ""); err != nil || !q.To.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, haoban.Beijing)) || q.Department != "health" {
		t.Fatalf("February: %+v (%v)", q, err)
	}
	t.Run("ErrBadDate", func(t *testing.T) {
		_, err := o.Query("2026-02-31", "", "", "")
		if wantCode(t, err, haoban.EINVALID) != "from" {
			t.Fatalf("field of %v", err)
		}
	})
	t.Run("ErrEndBeforeStart", func(t *testing.T) {
		_, err := o.Query("2026-03-02", "2026-03-01", "", "")
		if wantCode(t, err, haoban.EINVALID) != "to" {
			t.Fatalf("field of %v", err)
		}
	})
}

func TestOperationsDashboard(t *testing.T) {
	ctx := context.Background()
	o, s := operations(t)
	q, _ := o.Query("", "", "", "")
	t.Run("UnmeasuredWithoutSources", func(t *testing.T) {
		v, err := o.Dashboard(ctx, req(opsBoss), q, "")
		if err != nil {
			t.Fatal(err)
		}
		f := figureMap(v.Figures)
		if len(v.Figures) != len(app.FigureKeys) || v.Figures[0].Key != app.FigurePrefill || v.By != app.ByDepartment {
			t.Fatalf("figures %+v", v.Figures)
		}
		for _, k := range []string{app.FigureHelpResolution, app.FigureHelpFirstMinute, app.FigureAssistant, app.FigureRatingGood,
			app.FigureRectification, app.FigureObstaclesOnTime} {
			if f[k].State != haoban.FigureUnmeasured || f[k].Definition == "" {
				t.Errorf("%s without a source: %+v", k, f[k])
			}
		}
		// 6.6 over 10: 66%, 4 points under 70%: near. 9 of 10 first time:
		// on 90%. 21 minutes: within 10% of 20, near. 17 of 20 online: 85%.
		want := map[string]struct {
			v float64
			s haoban.FigureState
		}{app.FigurePrefill: {0.66, haoban.FigureNearTarget}, app.FigureFirstPass: {0.9, haoban.FigureOnTarget},
			app.FigureApplyMinutes: {21, haoban.FigureNearTarget}, app.FigureOnTime: {1, haoban.FigureOnTarget},
			app.FigureOnline: {0.85, haoban.FigureOnTarget}}
		for k, w := range want {
			if got := f[k]; got.Value < w.v-1e-9 || got.Value > w.v+1e-9 || got.State != w.s {
				t.Errorf("%s = %v %s, want %v %s", k, got.Value, got.State, w.v, w.s)
			}
		}
		if p90 := f[app.FigureApplyMinutes].P90; p90 == nil || *p90 != 30 {
			t.Errorf("p90 %v, want 30 minutes", p90)
		}
		// The health row: no judged case is unmeasured, never 0%.
		row := figureMap(v.Rows[0].Figures)
		if v.Rows[0].Name != "卫生健康委员会" || row[app.FigureFirstPass].State != haoban.FigureUnmeasured ||
			row[app.FigureOnline].State != haoban.FigureOffTarget {
			t.Errorf("health row %+v", v.Rows[0])
		}
	})
	t.Run("WithSources", func(t *testing.T) {
		o.Ratings = opsRatings{"": {Total: 10, Levels: [5]int{1, 1, 0, 3, 5}, Bad: 2, Rectified: 1},
			"health": {Total: 2, Levels: [5]int{0, 0, 0, 0, 2}}}
		o.Help = opsHelp{}
		defer func() { o.Ratings, o.Help = nil, nil }()
		v, err := o.Dashboard(ctx, req(opsAdmin), q, "")
		if err != nil {
			t.Fatal(err)
		}
		f := figureMap(v.Figures)
		if g := f[app.FigureRatingGood]; g.Value != 0.8 || g.State != haoban.FigureOffTarget || v.Ratings == nil || v.Ratings.Total != 10 {
			t.Errorf("good ratings %+v", g)
		}
		if r := f[app.FigureRectification]; r.Value != 0.5 || r.Denominator != 2 {
			t.Errorf("rectification %+v", r)
		}
		if h := f[app.FigureHelpFirstMinute]; h.Numerator != 6 || h.Denominator != 8 {
			t.Errorf("first minute %+v", h)
		}
		row := figureMap(v.Rows[0].Figures)
		if row[app.FigureRatingGood].Value != 1 || row[app.FigureHelpResolution].Value != 0.5 || row[app.FigureAssistant].State != haoban.FigureUnmeasured {
			t.Errorf("health row %+v", row)
		}
	})
	t.Run("DepartmentSupervisorSeesOwn", func(t *testing.T) {
		if _, err := o.Dashboard(ctx, req(opsHealthSup), q, ""); err != nil {
			t.Fatal(err)
		}
		if got := s.got[len(s.got)-1]; got.Department != "health" {
			t.Fatalf("scope %+v, want health's", got)
		}
	})
	t.Run("ErrOtherDepartment", func(t *testing.T) {
		other := q
		other.Department = "police"
		_, err := o.Dashboard(ctx, req(opsHealthSup), other, "")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrNotStaff", func(t *testing.T) {
		for _, u := range []haoban.User{
			{ID: "zhang-wei", Roles: []string{haoban.RoleApplicant}, Department: haoban.AnyDepartment},
			{ID: "rev", Roles: []string{haoban.RoleReviewer}, Department: "health"},
		} {
			_, err := o.Dashboard(ctx, req(u), q, "")
			wantCode(t, err, haoban.EFORBIDDEN)
			_, err = o.Drill(ctx, req(u), app.FigureFirstPass, q, "", 10)
			wantCode(t, err, haoban.EFORBIDDEN)
		}
	})
	t.Run("ErrBadBreakdown", func(t *testing.T) {
		_, err := o.Dashboard(ctx, req(opsBoss), q, "helper")
		if wantCode(t, err, haoban.EINVALID) != "by" {
			t.Fatal(err)
		}
	})
}

func TestOperationsDrill(t *testing.T) {
	ctx := context.Background()
	o, _ := operations(t)
	o.Ratings = opsRatings{"": {Total: 1, Levels: [5]int{1}, Bad: 1}}
	q, _ := o.Query("", "", "", "")
	page, err := o.Drill(ctx, req(opsBoss), app.FigureFirstPass, q, "", 0)
	if err != nil || len(page.Cases) != 1 || page.Cases[0].Why != app.FigureFirstPass || page.Figure.Name != "首办成功率" {
		t.Fatalf("first pass drill-down %+v (%v)", page, err)
	}
	if page, err = o.Drill(ctx, req(opsBoss), app.FigureRectification, q, "", 10); err != nil || page.Cases[0].Kind != "rating" {
		t.Fatalf("rectification drill-down %+v (%v)", page, err)
	}
	_, err = o.Drill(ctx, req(opsBoss), app.FigureHelpResolution, q, "", 10)
	wantCode(t, err, haoban.EINVALID)
	_, err = o.Drill(ctx, req(opsBoss), "no-such", q, "", 10)
	wantCode(t, err, haoban.ENOTFOUND)
}

func figureMap(fs []haoban.Figure) map[string]haoban.Figure {
	m := map[string]haoban.Figure{}
	for _, f := range fs {
		m[f.Key] = f
	}
	return m
}
