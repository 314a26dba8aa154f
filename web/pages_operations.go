package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// operationsPage is what the "799" pages show (数字化运营, issue 19): the
// dashboard, a figure's drill-down, the monthly evaluation and its weights.
type operationsPage struct {
	View                 haoban.OperationsView
	From, To             string // the period's first and last days, as the date inputs take them
	Department, Item, By string
	Depts                []app.Person
	Items                []haoban.FigureRow // the chosen department's items, for the scope picker
	Months               []monthLink
	Cards                []figureCard
	Chart, RatingChart   template.HTML
	Ratings              []levelShare
	Heads                []string
	Rows                 []figureRowView
	Query                string // the scope as a query string, for links, the exports and the fragment
	Drill                *drillView
	Scores               *scoresView
	Weights              *weightsView
}

// monthLink is a quick period: one calendar month.
type monthLink struct{ Label, From, To string }

// figureCard is one figure as its card shows it, in words.
type figureCard struct {
	haoban.Figure
	ValueText, TargetText, StateText, StateClass, P90Text, Ratio string
	Unmeasured                                                   bool
}

// figureRowView is one department's (item's, window's) line of the table.
type figureRowView struct {
	Name  string
	Cells []figureCard
}

func cardOf(f haoban.Figure) figureCard {
	c := figureCard{Figure: f, TargetText: figureTarget(f), StateText: stateWords[f.State], StateClass: string(f.State),
		Unmeasured: f.State == haoban.FigureUnmeasured}
	if !c.Unmeasured {
		c.ValueText = figureValue(f.Unit, f.Value)
		c.Ratio = trimNumber(f.Numerator) + " ／ " + trimNumber(f.Denominator)
		if f.P90 != nil {
			c.P90Text = figureValue(f.Unit, *f.P90)
		}
	}
	return c
}

// scopeQuery is the period and scope as a query string.
func scopeQuery(from, to, department, item, by string) string {
	v := url.Values{}
	for k, s := range map[string]string{"from": from, "to": to, "department": department, "item": item, "by": by} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}

// readScope reads the period and scope of the dashboard's query; a bad
// one is put on data's error summary and the default period is used.
func (p *Pages) readScope(c *fiber.Ctx, data *pageData) (haoban.FigureQuery, *operationsPage, error) {
	v := &operationsPage{Department: strings.Clone(c.Query("department")), Item: strings.Clone(c.Query("item")),
		By: strings.Clone(c.Query("by"))}
	q, err := p.App.Operations.Query(strings.Clone(c.Query("from")), strings.Clone(c.Query("to")), v.Department, v.Item)
	if err != nil {
		if haoban.ErrorCode(err) != haoban.EINVALID {
			return q, v, err
		}
		c.Status(fiber.StatusBadRequest)
		data.Errors = append(data.Errors, haoban.ErrorDetail{Field: haoban.ErrorField(err), Message: errorText(err)})
		if q, err = p.App.Operations.Query("", "", v.Department, v.Item); err != nil {
			return q, v, err
		}
	}
	v.From, v.To = q.From.In(haoban.Beijing).Format(time.DateOnly), q.To.In(haoban.Beijing).AddDate(0, 0, -1).Format(time.DateOnly)
	if v.By == "" && v.Department != "" {
		v.By = app.ByItem
	}
	v.Query = scopeQuery(v.From, v.To, v.Department, v.Item, v.By)
	v.Months = recentMonths(p.now(), 4)
	return q, v, nil
}

// recentMonths are this month and the n-1 before it, this month first.
func recentMonths(now time.Time, n int) []monthLink {
	n0 := now.In(haoban.Beijing)
	first := time.Date(n0.Year(), n0.Month(), 1, 0, 0, 0, 0, haoban.Beijing)
	out := make([]monthLink, 0, n)
	for i := range n {
		m := first.AddDate(0, -i, 0)
		out = append(out, monthLink{Label: fmt.Sprintf("%d年%d月", m.Year(), m.Month()), From: m.Format(time.DateOnly),
			To: m.AddDate(0, 1, -1).Format(time.DateOnly)})
	}
	return out
}

// operationsDashboard is the "799" dashboard; ?fragment=1 is its figures
// alone, which the page reads again when its stream says a figure changed.
func (p *Pages) operationsDashboard(c *fiber.Ctx) error {
	ctx := c.UserContext()
	data := pageData{Title: "数字化运营 · “799”指标", Fragment: c.Query("fragment") == "1"}
	q, v, err := p.readScope(c, &data)
	if err != nil {
		return err
	}
	view, err := p.App.Operations.Dashboard(ctx, request(ctx), q, v.By)
	if err != nil {
		if haoban.ErrorCode(err) != haoban.EINVALID && haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			return err
		}
		return p.showError(c, "数字化运营", err)
	}
	v.View, v.By = view, view.By
	for _, f := range view.Figures {
		v.Cards = append(v.Cards, cardOf(f))
	}
	v.Chart = figuresChart(view.Figures)
	if view.Ratings != nil {
		v.Ratings, v.RatingChart = ratingShares(*view.Ratings), ratingsChart(*view.Ratings)
	}
	for i, row := range view.Rows {
		r := figureRowView{Name: row.Name}
		for _, f := range row.Figures {
			if i == 0 {
				v.Heads = append(v.Heads, f.Name)
			}
			r.Cells = append(r.Cells, cardOf(f))
		}
		v.Rows = append(v.Rows, r)
	}
	if view.By == app.ByItem {
		v.Items = view.Rows
	}
	if v.Depts, err = p.App.Supervision.Departments(ctx); err != nil {
		return err
	}
	data.Operations = v
	return p.render(c, "operations", data)
}

// drillView is one page of the cases behind a figure.
type drillView struct {
	Card  figureCard
	Total int
	Rows  []drillRow
	Next  string // the next page's link; "" on the last
}

type drillRow struct {
	haoban.FigureCase
	Link string
}

// drillLinks are where a row of each kind is read.
var drillLinks = map[string]string{"case": "/cases/", "conversation": "/helper/conversations/", "obstacle": "/obstacles/"}

// operationsFigurePage lists the cases (ratings, reports, conversations)
// behind one figure, a page at a time, each saying whether it counted and why.
func (p *Pages) operationsFigurePage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	data := pageData{Title: "指标明细"}
	q, v, err := p.readScope(c, &data)
	if err != nil {
		return err
	}
	key := strings.Clone(c.Params("key"))
	fc, err := p.App.Operations.Drill(ctx, request(ctx), key, q, strings.Clone(c.Query("cursor")), 50)
	if err != nil {
		return p.showError(c, "指标明细", err)
	}
	d := &drillView{Card: cardOf(fc.Figure), Total: fc.Total}
	for _, x := range fc.Cases {
		r := drillRow{FigureCase: x}
		if base, ok := drillLinks[x.Kind]; ok && x.Ref != "" {
			r.Link = base + url.PathEscape(x.Ref)
		}
		d.Rows = append(d.Rows, r)
	}
	if fc.NextCursor != "" {
		d.Next = "/staff/operations/figures/" + url.PathEscape(key) + "?" + v.Query + "&cursor=" + url.QueryEscape(fc.NextCursor)
	}
	data.Title = fc.Figure.Name + " · 明细"
	v.Drill = d
	data.Operations = v
	return p.render(c, "operations_figure", data)
}

// scoresView is a month's evaluation.
type scoresView struct {
	Board      haoban.ScoreBoard
	Month      string
	Prev, Next string
}

// ScoreText is a score as people read it.
func (scoresView) ScoreText(s haoban.Score) string {
	if !s.Measured {
		return "尚未计量"
	}
	return strconv.FormatFloat(s.Score, 'f', 1, 64)
}

// PartText is one figure's part of a score: its attainment and weight.
func (scoresView) PartText(x haoban.ScorePart) string {
	if !x.Measured {
		return "尚未计量（不计入）"
	}
	return fmt.Sprintf("%s，达成 %.0f%%，权重 %s", figureValue(x.Unit, x.Value), x.Attainment*100, trimNumber(x.Weight))
}

// operationsScoresPage is the monthly evaluation (部门考评) by department
// or by window.
func (p *Pages) operationsScoresPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	data := pageData{Title: "部门考评"}
	month, by := strings.Clone(c.Query("month")), strings.Clone(c.Query("by"))
	b, err := p.App.Scores.Month(ctx, request(ctx), month, by)
	if haoban.ErrorCode(err) == haoban.EINVALID {
		c.Status(fiber.StatusBadRequest)
		data.Errors = []haoban.ErrorDetail{{Field: haoban.ErrorField(err), Message: errorText(err)}}
		b, err = p.App.Scores.Month(ctx, request(ctx), "", "")
	}
	if err != nil {
		return err
	}
	m, _ := app.ParseMonth(b.Month, p.now())
	s := &scoresView{Board: b, Month: b.Month, Prev: m.AddDate(0, -1, 0).Format("2006-01"), Next: m.AddDate(0, 1, 0).Format("2006-01")}
	data.Operations = &operationsPage{Scores: s, By: b.By}
	return p.render(c, "operations_scores", data)
}
