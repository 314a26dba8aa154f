package app

import (
	"context"
	"time"

	"haoban"
	"haoban/calendar"
)

// Operations computes the "799" figures (数字化运营, issue 19).
type Operations struct {
	Store OperationsStore
	Authz Authorizer
	Time  haoban.TimeSource
	// Optional sources; nil → that figure is haoban.FigureUnmeasured ("尚未计量"), never 0.
	Ratings   FigureSource[haoban.RatingFigures]   // *Ratings
	Obstacles FigureSource[haoban.ObstacleFigures] // *Obstacles
	Help      HelpFigureSource                     // *Help
	Assistant AssistantFigureSource                // *Assistant
}

// OperationsStore keeps the summary tables the case figures are read from
// (postgres.Store).
type OperationsStore interface {
	// CaseFigureCounts returns the counters over q: the first row (Key "")
	// is the whole of q, the others one per department, item or window
	// (by), each named; by "" returns the first row only.
	CaseFigureCounts(ctx context.Context, q haoban.FigureQuery, by string) ([]haoban.CaseFigureCounts, error)
	// FigureCases lists the cases behind one case figure (key), keyset
	// after cursor ("": from the first), with the total.
	FigureCases(ctx context.Context, key string, q haoban.FigureQuery, cursor string, limit int) ([]haoban.FigureCase, string, int, error)
}

// FigureSource is what Ratings and Obstacles give the dashboard.
type FigureSource[T any] interface {
	Figures(ctx context.Context, q haoban.FigureQuery) (T, error)
	Drill(ctx context.Context, q haoban.FigureQuery, cursor string, limit int) ([]haoban.FigureCase, string, int, error)
}

// HelpFigureSource is the help desk's statistics (*Help).
type HelpFigureSource interface {
	Stats(ctx context.Context, r Request, from, to time.Time) (haoban.HelpStats, error)
}

// AssistantFigureSource is 小申's statistics (*Assistant).
type AssistantFigureSource interface {
	Stats(ctx context.Context, r Request, from, to time.Time) (haoban.AssistantStats, error)
}

// Figure keys, in dashboard order.
const (
	FigurePrefill         = "prefill"
	FigureFirstPass       = "first_pass"
	FigureApplyMinutes    = "apply_minutes"
	FigureOnTime          = "on_time"
	FigureOnline          = "online"
	FigureHelpResolution  = "help_resolution"
	FigureHelpFirstMinute = "help_first_minute"
	FigureAssistant       = "assistant_resolution"
	FigureRatingGood      = "rating_good"
	FigureRectification   = "rectification"
	FigureObstaclesOnTime = "obstacles_on_time"
)

// Breakdowns of the dashboard's rows.
const (
	ByDepartment = "department"
	ByItem       = "item"
	ByWindow     = "window" // window cases, per counter
)

// Query reads a period and scope from a page's or API's query ("" from/to: this month to today, Beijing time, dates inclusive).
func (o *Operations) Query(from, to, department, item string) (haoban.FigureQuery, error) {
	today := now(o.Time).In(calendar.Zone)
	start, err := parseDay(from, time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, calendar.Zone), "from")
	if err != nil {
		return haoban.FigureQuery{}, err
	}
	end, err := parseDay(to, today, "to")
	if err != nil {
		return haoban.FigureQuery{}, err
	}
	if end.Before(start) {
		return haoban.FigureQuery{}, haoban.FieldErrorf(haoban.EINVALID, "to", "结束日期不能早于开始日期")
	}
	if end.Sub(start) > 366*24*time.Hour {
		return haoban.FigureQuery{}, haoban.FieldErrorf(haoban.EINVALID, "from", "统计区间最长一年")
	}
	return haoban.FigureQuery{From: start, To: calendar.EndOfDay(end), Department: department, Item: item}, nil
}

// scope checks that the user may read the figures and keeps a department's
// supervisor to their own department.
func (o *Operations) scope(r Request, q haoban.FigureQuery) (haoban.FigureQuery, error) {
	if !can(o.Authz, r.User, r.User.Department, "operations", "read") {
		return q, haoban.Errorf(haoban.EFORBIDDEN, "只有督查人员和管理员可以查看数字化运营数据")
	}
	if d := r.User.Department; d != "" && d != haoban.AnyDepartment {
		if q.Department != "" && q.Department != d {
			return q, haoban.FieldErrorf(haoban.EFORBIDDEN, "department", "只能查看本部门的数据")
		}
		q.Department = d
	}
	if !q.To.After(q.From) {
		return q, haoban.FieldErrorf(haoban.EINVALID, "to", "结束日期不能早于开始日期")
	}
	return q, nil
}

// Dashboard is every figure over q, broken down by "department" (default), "item" or "window" (window cases' counters).
func (o *Operations) Dashboard(ctx context.Context, r Request, q haoban.FigureQuery, by string) (haoban.OperationsView, error) {
	q, err := o.scope(r, q)
	if err != nil {
		return haoban.OperationsView{}, err
	}
	if by == "" {
		by = ByDepartment
	}
	if by != ByDepartment && by != ByItem && by != ByWindow {
		return haoban.OperationsView{}, haoban.FieldErrorf(haoban.EINVALID, "by", "分组只能是部门、事项或窗口")
	}
	counts, err := o.Store.CaseFigureCounts(ctx, q, by)
	if err != nil {
		return haoban.OperationsView{}, err
	}
	src, err := o.read(ctx, r, q, true)
	if err != nil {
		return haoban.OperationsView{}, err
	}
	v := haoban.OperationsView{Query: q, By: by, Rows: []haoban.FigureRow{}, Ratings: src.ratings, Obstacles: src.obstacles}
	total := haoban.CaseFigureCounts{}
	if len(counts) > 0 {
		total, counts = counts[0], counts[1:]
	}
	v.Figures = src.figures(total, q.Department, q.Item)
	for _, c := range counts {
		row := haoban.FigureRow{Key: c.Key, Name: c.Name}
		switch by {
		case ByDepartment:
			rs, err := o.read(ctx, r, haoban.FigureQuery{From: q.From, To: q.To, Department: c.Key, Item: q.Item}, false)
			if err != nil {
				return v, err
			}
			rs.help = src.help
			row.Figures = rs.figures(c, c.Key, q.Item)
		case ByItem:
			rs, err := o.read(ctx, r, haoban.FigureQuery{From: q.From, To: q.To, Department: q.Department, Item: c.Key}, false)
			if err != nil {
				return v, err
			}
			rs.help = src.help
			row.Figures = rs.figures(c, q.Department, c.Key)
		default: // a counter has no ratings, reports or conversations of its own
			row.Figures = figureSources{}.figures(c, "", "")
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// Drill lists the cases (ratings, reports…) behind one figure, a page at a time.
func (o *Operations) Drill(ctx context.Context, r Request, key string, q haoban.FigureQuery, cursor string, limit int) (haoban.FigureCases, error) {
	q, err := o.scope(r, q)
	if err != nil {
		return haoban.FigureCases{}, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	counts, err := o.Store.CaseFigureCounts(ctx, q, "")
	if err != nil || len(counts) == 0 {
		return haoban.FigureCases{}, err
	}
	src, err := o.read(ctx, r, q, true)
	if err != nil {
		return haoban.FigureCases{}, err
	}
	out := haoban.FigureCases{Cases: []haoban.FigureCase{}}
	found := false
	for _, f := range src.figures(counts[0], q.Department, q.Item) {
		if f.Key == key {
			out.Figure, found = f, true
		}
	}
	if !found {
		return out, haoban.FieldErrorf(haoban.ENOTFOUND, "figure", "没有这项指标")
	}
	if !out.Figure.Drill {
		return out, haoban.FieldErrorf(haoban.EINVALID, "figure", "这项指标不能按办件查看")
	}
	var cs []haoban.FigureCase
	switch key {
	case FigureRatingGood, FigureRectification:
		cs, out.NextCursor, out.Total, err = o.Ratings.Drill(ctx, q, cursor, limit)
	case FigureObstaclesOnTime:
		cs, out.NextCursor, out.Total, err = o.Obstacles.Drill(ctx, q, cursor, limit)
	default:
		cs, out.NextCursor, out.Total, err = o.Store.FigureCases(ctx, key, q, cursor, limit)
	}
	if cs != nil {
		out.Cases = cs
	}
	return out, err
}
