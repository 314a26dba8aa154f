package app

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"haoban"
)

// OperationWeightStore keeps the evaluation's published weights
// (postgres.Store).
type OperationWeightStore interface {
	// OperationWeights lists the weights by figure key.
	OperationWeights(ctx context.Context) ([]haoban.FigureWeight, error)
	// SaveOperationWeights replaces the weights and audits the change, in
	// one transaction.
	SaveOperationWeights(ctx context.Context, ws []haoban.FigureWeight, meta haoban.AuditEntry) error
}

// FigureBoard computes the "799" figures (Operations).
type FigureBoard interface {
	Dashboard(ctx context.Context, r Request, q haoban.FigureQuery, by string) (haoban.OperationsView, error)
}

// OperationScores is the departments' and windows' monthly evaluation
// (部门考评): the figures combined with the weights an admin publishes.
type OperationScores struct {
	Store   OperationWeightStore
	Figures FigureBoard
	Authz   Authorizer
	Time    haoban.TimeSource
}

// Attainment is how far a measured figure reached its target, from 0 to
// 1: min(value/target, 1) when higher is better, min(target/value, 1) for
// a figure that must stay at or below its target (a value of 0 then meets
// it). false: the figure is unmeasured, or has no target to reach.
func Attainment(f haoban.Figure) (float64, bool) {
	if f.State == haoban.FigureUnmeasured || f.Target <= 0 || f.Value < 0 || math.IsNaN(f.Value) {
		return 0, false
	}
	if f.Higher {
		return math.Min(f.Value/f.Target, 1), true
	}
	if f.Value == 0 {
		return 1, true
	}
	return math.Min(f.Target/f.Value, 1), true
}

// ScoreOf combines figures with weights: 100 × Σ weight × attainment /
// Σ weight over the measured figures with a weight. A figure that is not
// measured leaves the score, so that a department is neither rewarded nor
// punished for what nobody could measure.
func ScoreOf(key, name string, figures []haoban.Figure, weights map[string]float64) haoban.Score {
	s := haoban.Score{Key: key, Name: name}
	var sum, total float64
	for _, f := range figures {
		w := weights[f.Key]
		if w <= 0 {
			continue
		}
		a, ok := Attainment(f)
		s.Parts = append(s.Parts, haoban.ScorePart{Figure: f.Key, Name: f.Name, Weight: w, Value: f.Value, Target: f.Target,
			Unit: f.Unit, Attainment: a, Measured: ok})
		if ok {
			sum += w * a
			total += w
		}
	}
	if total > 0 {
		s.Score, s.Measured = 100*sum/total, true
	}
	return s
}

// Month scores each department (by "department") or each window (by
// "window") over the month ("YYYY-MM", Beijing time; "" this month).
func (o *OperationScores) Month(ctx context.Context, r Request, month, by string) (haoban.ScoreBoard, error) {
	if !can(o.Authz, r.User, r.User.Department, "operations", "read") {
		return haoban.ScoreBoard{}, haoban.Errorf(haoban.EFORBIDDEN, "只有督办和管理员可以查看部门考评")
	}
	if by == "" {
		by = "department"
	}
	if by != "department" && by != "window" {
		return haoban.ScoreBoard{}, haoban.FieldErrorf(haoban.EINVALID, "by", "请选择按部门或按窗口考评")
	}
	from, err := ParseMonth(month, now(o.Time))
	if err != nil {
		return haoban.ScoreBoard{}, err
	}
	ws, err := o.Store.OperationWeights(ctx)
	if err != nil {
		return haoban.ScoreBoard{}, err
	}
	weights := map[string]float64{}
	for _, w := range ws {
		weights[w.Figure] = w.Weight
	}
	q := haoban.FigureQuery{From: from, To: from.AddDate(0, 1, 0)}
	v, err := o.Figures.Dashboard(ctx, r, q, by)
	if err != nil {
		return haoban.ScoreBoard{}, err
	}
	b := haoban.ScoreBoard{Month: from.Format("2006-01"), By: by, Weights: ws}
	for _, row := range v.Rows {
		b.Rows = append(b.Rows, ScoreOf(row.Key, row.Name, row.Figures, weights))
	}
	// Best first; the unmeasured last, by name.
	slices.SortStableFunc(b.Rows, func(x, y haoban.Score) int {
		if x.Measured != y.Measured {
			if x.Measured {
				return -1
			}
			return 1
		}
		if x.Score != y.Score {
			if x.Score > y.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Name, y.Name)
	})
	return b, nil
}

// ParseMonth reads "YYYY-MM" as the first instant of that month in
// Beijing; "" is the month of now.
func ParseMonth(month string, now time.Time) (time.Time, error) {
	month = strings.TrimSpace(month)
	if month == "" {
		n := now.In(haoban.Beijing)
		return time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, haoban.Beijing), nil
	}
	t, err := time.ParseInLocation("2006-01", month, haoban.Beijing)
	if err != nil {
		return time.Time{}, haoban.FieldErrorf(haoban.EINVALID, "month", "月份应写作 2026-03 这样的年-月")
	}
	return t, nil
}

// Weights lists the published weights, one per figure the dashboard
// computes (0 for a figure no weight was published for), with the
// figures' names.
func (o *OperationScores) Weights(ctx context.Context, r Request) ([]haoban.FigureWeight, map[string]string, error) {
	if !can(o.Authz, r.User, r.User.Department, "operations", "read") {
		return nil, nil, haoban.Errorf(haoban.EFORBIDDEN, "只有督办和管理员可以查看考评权重")
	}
	ws, err := o.Store.OperationWeights(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	from, _ := ParseMonth("", now(o.Time))
	v, err := o.Figures.Dashboard(ctx, r, haoban.FigureQuery{From: from, To: from.AddDate(0, 1, 0)}, "department")
	if err != nil {
		return nil, nil, err
	}
	for _, f := range v.Figures {
		names[f.Key] = f.Name
		if !slices.ContainsFunc(ws, func(w haoban.FigureWeight) bool { return w.Figure == f.Key }) {
			ws = append(ws, haoban.FigureWeight{Figure: f.Key})
		}
	}
	return ws, names, nil
}

// SaveWeights publishes the weights as typed, by figure key: each a
// number ≥ 0, at least one above 0. Every problem is reported at once, on
// the field "weight-<figure>".
func (o *OperationScores) SaveWeights(ctx context.Context, r Request, typed map[string]string) ([]haoban.FigureWeight, error) {
	if !can(o.Authz, r.User, r.User.Department, "operations", "weigh") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有管理员可以修改考评权重")
	}
	current, names, err := o.Weights(ctx, r)
	if err != nil {
		return nil, err
	}
	at := now(o.Time).UTC()
	var details []haoban.ErrorDetail
	var out []haoban.FigureWeight
	positive := false
	for _, w := range current {
		s, ok := typed[w.Figure]
		if !ok {
			out = append(out, w)
			positive = positive || w.Weight > 0
			continue
		}
		name := cmpName(names[w.Figure], w.Figure)
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		switch {
		case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
			details = append(details, haoban.ErrorDetail{Field: "weight-" + w.Figure, Message: fmt.Sprintf("「%s」的权重应是一个数", name)})
			continue
		case v < 0:
			details = append(details, haoban.ErrorDetail{Field: "weight-" + w.Figure, Message: fmt.Sprintf("「%s」的权重不能小于 0", name)})
			continue
		case v > 1000:
			details = append(details, haoban.ErrorDetail{Field: "weight-" + w.Figure, Message: fmt.Sprintf("「%s」的权重不能大于 1000", name)})
			continue
		}
		positive = positive || v > 0
		out = append(out, haoban.FigureWeight{Figure: w.Figure, Weight: v, UpdatedBy: r.User.ID, UpdatedAt: at})
	}
	for k := range typed {
		if !slices.ContainsFunc(current, func(w haoban.FigureWeight) bool { return w.Figure == k }) {
			details = append(details, haoban.ErrorDetail{Field: "weight-" + k, Message: "没有这项指标"})
		}
	}
	if len(details) == 0 && !positive && len(out) > 0 {
		details = append(details, haoban.ErrorDetail{Field: "weight-" + out[0].Figure, Message: "至少一项指标的权重应大于 0"})
	}
	if len(details) > 0 {
		slices.SortFunc(details, func(a, b haoban.ErrorDetail) int { return strings.Compare(a.Field, b.Field) })
		return nil, &haoban.Error{Code: haoban.EINVALID, Field: details[0].Field,
			Message: fmt.Sprintf("有 %d 处权重填写有误，尚未保存", len(details)), Details: details}
	}
	before, _ := json.Marshal(current)
	after, _ := json.Marshal(out)
	meta := r.audit("", at)
	meta.Action, meta.Target, meta.Before, meta.After = "operations.weights", "operation_weights", string(before), string(after)
	if err := o.Store.SaveOperationWeights(ctx, out, meta); err != nil {
		return nil, err
	}
	return out, nil
}

func cmpName(name, key string) string {
	if name != "" {
		return name
	}
	return key
}
