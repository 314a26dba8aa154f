package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"haoban"
)

// The "799" dashboard's charts, drawn here as SVG (no script, no style
// attribute: the pages' CSP allows neither). Every number a bar shows is
// in its <title> and in the chart's label, for screen readers.

const (
	chartLabelW = 150 // the figures' names
	chartBarW   = 200 // the bars' full length
	chartRowH   = 28
	chartWidth  = chartLabelW + chartBarW + 110
)

// stateColours are the bars' colours; the state is also in words beside
// the value, never in colour alone.
var stateColours = map[haoban.FigureState]string{
	haoban.FigureOnTarget: "#2f6f4e", haoban.FigureNearTarget: "#b7791f", haoban.FigureOffTarget: "#b42318",
}

// stateWords say how a figure stands against its target.
var stateWords = map[haoban.FigureState]string{
	haoban.FigureOnTarget: "达标", haoban.FigureNearTarget: "接近目标", haoban.FigureOffTarget: "未达标",
	haoban.FigureUnmeasured: "尚未计量",
}

// figureValue is a figure's value as people read it: 72.5%, 18.3 分钟, 12.
func figureValue(unit string, v float64) string {
	switch unit {
	case "ratio":
		return fmt.Sprintf("%.1f%%", v*100)
	case "minutes":
		return fmt.Sprintf("%.1f 分钟", v)
	default:
		return trimNumber(v)
	}
}

// figureTarget is a figure's target with its direction: ≥ 90.0%, ≤ 20.0 分钟.
func figureTarget(f haoban.Figure) string {
	if f.Target <= 0 {
		return "—"
	}
	if f.Higher {
		return "≥ " + figureValue(f.Unit, f.Target)
	}
	return "≤ " + figureValue(f.Unit, f.Target)
}

// trimNumber writes a count without a trailing .0, and other numbers to
// two places at most.
func trimNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

// figureSummary is one figure in words: its value, target and state.
func figureSummary(f haoban.Figure) string {
	if f.State == haoban.FigureUnmeasured {
		return fmt.Sprintf("%s：尚未计量，目标 %s", f.Name, figureTarget(f))
	}
	return fmt.Sprintf("%s：%s，目标 %s，%s", f.Name, figureValue(f.Unit, f.Value), figureTarget(f), stateWords[f.State])
}

// chartScale is the value a full bar stands for: 100% for a ratio, else
// twice the target or the value, whichever is more.
func chartScale(f haoban.Figure) float64 {
	if f.Unit == "ratio" {
		return math.Max(1, f.Value)
	}
	return math.Max(math.Max(2*f.Target, f.Value), 1)
}

// figuresChart draws a bar per figure against its target's line.
func figuresChart(figures []haoban.Figure) template.HTML {
	if len(figures) == 0 {
		return ""
	}
	height := len(figures)*chartRowH + 8
	var sb, all strings.Builder
	for i, f := range figures {
		if i > 0 {
			all.WriteString("；")
		}
		all.WriteString(figureSummary(f))
	}
	fmt.Fprintf(&sb, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="figures-chart-title" preserveAspectRatio="xMinYMin meet">`,
		chartWidth, height)
	fmt.Fprintf(&sb, `<title id="figures-chart-title">各项指标与目标：%s</title>`, html.EscapeString(all.String()))
	for i, f := range figures {
		y := i*chartRowH + 4
		fmt.Fprintf(&sb, `<g data-figure="%s"><title>%s</title>`, html.EscapeString(f.Key), html.EscapeString(figureSummary(f)))
		fmt.Fprintf(&sb, `<text x="0" y="%d" font-size="13" fill="#1d2a24">%s</text>`, y+15, html.EscapeString(f.Name))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="14" fill="#eef1ef"/>`, chartLabelW, y+4, chartBarW)
		scale := chartScale(f)
		if f.State != haoban.FigureUnmeasured {
			w := int(math.Round(math.Min(f.Value/scale, 1) * chartBarW))
			fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="14" fill="%s"/>`, chartLabelW, y+4, w, stateColours[f.State])
		}
		if f.Target > 0 {
			tx := chartLabelW + int(math.Round(math.Min(f.Target/scale, 1)*chartBarW))
			fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#1d2a24" stroke-width="2" stroke-dasharray="3 2"/>`, tx, y, tx, y+22)
		}
		label := "尚未计量"
		if f.State != haoban.FigureUnmeasured {
			label = figureValue(f.Unit, f.Value) + " " + stateWords[f.State]
		}
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="12" fill="#1d2a24">%s</text></g>`, chartLabelW+chartBarW+6, y+15, html.EscapeString(label))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) //nolint:gosec // every text is escaped above
}

// ratingLevels names the five levels, Levels[0] (level 1) first.
var ratingLevels = [5]string{"非常不满意", "不满意", "基本满意", "满意", "非常满意"}

// ratingShares is each level's count and share of the ratings counted,
// 非常满意 first.
func ratingShares(r haoban.RatingFigures) []levelShare {
	out := make([]levelShare, 0, 5)
	for i := 4; i >= 0; i-- {
		s := levelShare{Name: ratingLevels[i], Count: r.Levels[i]}
		if r.Total > 0 {
			s.Share = float64(r.Levels[i]) / float64(r.Total)
		}
		out = append(out, s)
	}
	return out
}

// levelShare is one rating level's count and share.
type levelShare struct {
	Name  string
	Count int
	Share float64
}

// ShareText is the share as a percentage.
func (l levelShare) ShareText() string { return fmt.Sprintf("%.1f%%", l.Share*100) }

// ratingsChart draws the share of each level.
func ratingsChart(r haoban.RatingFigures) template.HTML {
	if r.Total == 0 {
		return ""
	}
	shares := ratingShares(r)
	colours := []string{"#2f6f4e", "#5b9a78", "#9aa8a0", "#d98c5f", "#b42318"}
	var sb, all strings.Builder
	for i, s := range shares {
		if i > 0 {
			all.WriteString("；")
		}
		fmt.Fprintf(&all, "%s %d 条（%s）", s.Name, s.Count, s.ShareText())
	}
	height := len(shares)*chartRowH + 8
	fmt.Fprintf(&sb, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="ratings-chart-title" preserveAspectRatio="xMinYMin meet">`,
		chartWidth, height)
	fmt.Fprintf(&sb, `<title id="ratings-chart-title">好差评各等级占比（共 %d 条）：%s</title>`, r.Total, html.EscapeString(all.String()))
	for i, s := range shares {
		y := i*chartRowH + 4
		text := fmt.Sprintf("%s %d 条（%s）", s.Name, s.Count, s.ShareText())
		fmt.Fprintf(&sb, `<g><title>%s</title><text x="0" y="%d" font-size="13" fill="#1d2a24">%s</text>`, html.EscapeString(text), y+15, html.EscapeString(s.Name))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="14" fill="#eef1ef"/>`, chartLabelW, y+4, chartBarW)
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="14" fill="%s"/>`, chartLabelW, y+4, int(math.Round(s.Share*chartBarW)), colours[i])
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="12" fill="#1d2a24">%d 条 %s</text></g>`, chartLabelW+chartBarW+6, y+15, s.Count, s.ShareText())
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) //nolint:gosec // every text is escaped above
}
