package app_test

import (
	"context"
	"math"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// weightStore keeps the weights in memory and the audit entries written.
type weightStore struct {
	ws    []haoban.FigureWeight
	audit []haoban.AuditEntry
}

func (s *weightStore) OperationWeights(context.Context) ([]haoban.FigureWeight, error) {
	return append([]haoban.FigureWeight(nil), s.ws...), nil
}

func (s *weightStore) SaveOperationWeights(_ context.Context, ws []haoban.FigureWeight, meta haoban.AuditEntry) error {
	s.ws, s.audit = ws, append(s.audit, meta)
	return nil
}

// fakeBoard answers every query with the same view and keeps the last query.
type fakeBoard struct {
	view haoban.OperationsView
	q    haoban.FigureQuery
	by   string
}

func (b *fakeBoard) Dashboard(_ context.Context, _ app.Request, q haoban.FigureQuery, by string) (haoban.OperationsView, error) {
	b.q, b.by = q, by
	return b.view, nil
}

func fig(key string, value, target float64, higher bool, state haoban.FigureState) haoban.Figure {
	return haoban.Figure{Key: key, Name: key, Value: value, Target: target, Higher: higher, State: state}
}

func TestAttainment(t *testing.T) {
	for _, c := range []struct {
		name string
		f    haoban.Figure
		want float64
		ok   bool
	}{
		{"HigherBelowTarget", fig("first_pass", 0.45, 0.9, true, haoban.FigureOffTarget), 0.5, true},
		{"HigherAboveTargetCapped", fig("prefill", 0.95, 0.7, true, haoban.FigureOnTarget), 1, true},
		{"AtMostOverTarget", fig("apply_minutes", 40, 20, false, haoban.FigureOffTarget), 0.5, true},
		{"AtMostUnderTargetCapped", fig("apply_minutes", 10, 20, false, haoban.FigureOnTarget), 1, true},
		{"AtMostZeroMeetsIt", fig("apply_minutes", 0, 20, false, haoban.FigureOnTarget), 1, true},
		{"UnmeasuredLeftOut", fig("help_resolution", 0, 0.9, true, haoban.FigureUnmeasured), 0, false},
		{"NoTargetLeftOut", fig("x", 3, 0, true, haoban.FigureOnTarget), 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := app.Attainment(c.f)
			if ok != c.ok || math.Abs(got-c.want) > 1e-9 {
				t.Fatalf("attainment %v, %v; want %v, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

func TestScoreOf(t *testing.T) {
	figures := []haoban.Figure{
		fig("first_pass", 0.45, 0.9, true, haoban.FigureOffTarget),    // 0.5
		fig("apply_minutes", 10, 20, false, haoban.FigureOnTarget),    // 1
		fig("help_resolution", 0, 0.9, true, haoban.FigureUnmeasured), // left out
		fig("online", 0.85, 0.85, true, haoban.FigureOnTarget),        // weight 0: left out
		fig("on_time", 0.8, 1, true, haoban.FigureOffTarget),          // 0.8
	}
	weights := map[string]float64{"first_pass": 2, "apply_minutes": 1, "help_resolution": 5, "on_time": 1}
	s := app.ScoreOf("samr", "市场监督管理局", figures, weights)
	// (2×0.5 + 1×1 + 1×0.8) / (2+1+1) = 2.8/4 = 70.
	if !s.Measured || math.Abs(s.Score-70) > 1e-9 {
		t.Fatalf("score %+v, want 70", s)
	}
	if len(s.Parts) != 4 || s.Parts[2].Measured {
		t.Fatalf("parts %+v: want the four weighted figures, the unmeasured one marked", s.Parts)
	}
	t.Run("NothingMeasured", func(t *testing.T) {
		s := app.ScoreOf("fire", "消防", figures[2:3], weights)
		if s.Measured || s.Score != 0 {
			t.Fatalf("score %+v: nothing measured is no score, not 0", s)
		}
	})
}

func newScores(t *testing.T) (*app.OperationScores, *weightStore, *fakeBoard) {
	ws := &weightStore{ws: []haoban.FigureWeight{{Figure: "first_pass", Weight: 1, UpdatedBy: "system"},
		{Figure: "apply_minutes", Weight: 1, UpdatedBy: "system"}}}
	b := &fakeBoard{view: haoban.OperationsView{
		Figures: []haoban.Figure{fig("first_pass", 0.9, 0.9, true, haoban.FigureOnTarget), fig("apply_minutes", 10, 20, false, haoban.FigureOnTarget),
			fig("online", 0.5, 0.85, true, haoban.FigureOffTarget)},
		Rows: []haoban.FigureRow{
			{Key: "fire", Name: "消防救援支队", Figures: []haoban.Figure{fig("first_pass", 0.45, 0.9, true, haoban.FigureOffTarget),
				fig("apply_minutes", 10, 20, false, haoban.FigureOnTarget)}},
			{Key: "health", Name: "卫生健康委员会", Figures: []haoban.Figure{fig("first_pass", 0, 0.9, true, haoban.FigureUnmeasured)}},
			{Key: "samr", Name: "市场监督管理局", Figures: []haoban.Figure{fig("first_pass", 0.9, 0.9, true, haoban.FigureOnTarget),
				fig("apply_minutes", 40, 20, false, haoban.FigureOffTarget)}},
		}}}
	clock := haoban.FixedTime{T: time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)} // 1 April in Beijing
	return &app.OperationScores{Store: ws, Figures: b, Authz: authz(t), Time: clock}, ws, b
}

func TestOperationScoresMonth(t *testing.T) {
	o, _, b := newScores(t)
	sup := demoUser(t, "supervisor")
	board, err := o.Month(context.Background(), sup, "2026-02", "window")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 2, 1, 0, 0, 0, 0, haoban.Beijing)
	if !b.q.From.Equal(from) || !b.q.To.Equal(from.AddDate(0, 1, 0)) || b.by != "window" {
		t.Fatalf("asked %+v by %s, want February in Beijing by window", b.q, b.by)
	}
	// fire: (1×0.5 + 1×1)/2 = 75; samr: (1 + 0.5)/2 = 75; health unmeasured, last.
	if len(board.Rows) != 3 || board.Rows[2].Key != "health" || board.Rows[2].Measured ||
		math.Abs(board.Rows[0].Score-75) > 1e-9 || board.Rows[0].Name != "市场监督管理局" {
		t.Fatalf("rows %+v", board.Rows)
	}
	t.Run("ThisMonthInBeijing", func(t *testing.T) {
		if b, err := o.Month(context.Background(), sup, "", ""); err != nil || b.Month != "2026-04" {
			t.Fatalf("month %q, %v; want 2026-04", b.Month, err)
		}
	})
	t.Run("ErrBadMonth", func(t *testing.T) {
		_, err := o.Month(context.Background(), sup, "2026-13", "")
		if f := wantCode(t, err, haoban.EINVALID); f != "month" {
			t.Fatalf("field %q", f)
		}
	})
	t.Run("ErrReviewer", func(t *testing.T) {
		_, err := o.Month(context.Background(), demoUser(t, "reviewer-samr"), "", "")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
}

func TestOperationWeightsSave(t *testing.T) {
	o, ws, _ := newScores(t)
	ctx := context.Background()
	admin := demoUser(t, "admin")
	t.Run("ListsEveryFigure", func(t *testing.T) {
		got, names, err := o.Weights(ctx, admin)
		if err != nil || len(got) != 3 || got[2].Figure != "online" || got[2].Weight != 0 || names["online"] != "online" {
			t.Fatalf("weights %+v %v, %v", got, names, err)
		}
	})
	t.Run("ErrEveryProblemAtOnce", func(t *testing.T) {
		_, err := o.SaveWeights(ctx, admin, map[string]string{"first_pass": "-1", "apply_minutes": "abc", "nope": "1"})
		wantCode(t, err, haoban.EINVALID)
		if d := haoban.ErrorDetails(err); len(d) != 3 || d[0].Field != "weight-apply_minutes" {
			t.Fatalf("details %+v", d)
		}
	})
	t.Run("ErrAllZero", func(t *testing.T) {
		_, err := o.SaveWeights(ctx, admin, map[string]string{"first_pass": "0", "apply_minutes": "0", "online": "0"})
		if f := wantCode(t, err, haoban.EINVALID); f != "weight-first_pass" {
			t.Fatalf("field %q", f)
		}
	})
	t.Run("ErrSupervisor", func(t *testing.T) {
		_, err := o.SaveWeights(ctx, demoUser(t, "supervisor"), map[string]string{"first_pass": "2"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("SavedAndAudited", func(t *testing.T) {
		if _, err := o.SaveWeights(ctx, admin, map[string]string{"first_pass": "2", "apply_minutes": "0", "online": "1.5"}); err != nil {
			t.Fatal(err)
		}
		if len(ws.ws) != 3 || ws.ws[0].Weight != 2 || ws.ws[0].UpdatedBy != "admin" || ws.ws[2].Weight != 1.5 {
			t.Fatalf("saved %+v", ws.ws)
		}
		if len(ws.audit) != 1 || ws.audit[0].Action != "operations.weights" || ws.audit[0].Actor != "admin" {
			t.Fatalf("audit %+v", ws.audit)
		}
	})
}
