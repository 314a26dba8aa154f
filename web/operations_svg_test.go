package web

import (
	"regexp"
	"strings"
	"testing"

	"haoban"
)

func TestFiguresChart(t *testing.T) {
	figs := []haoban.Figure{
		{Key: "first_pass", Name: "首办成功率", Unit: "ratio", Value: 0.45, Target: 0.9, Higher: true, State: haoban.FigureOffTarget},
		{Key: "apply_minutes", Name: "平均申请时长", Unit: "minutes", Value: 10, Target: 20, State: haoban.FigureOnTarget},
		{Key: "help_resolution", Name: "线上人工帮办解决率", Unit: "ratio", Target: 0.9, Higher: true, State: haoban.FigureUnmeasured},
		{Key: "x", Name: "<甲>", Unit: "count", Value: 3, State: haoban.FigureNearTarget},
	}
	svg := string(figuresChart(figs))
	for _, want := range []string{
		"<title>首办成功率：45.0%，目标 ≥ 90.0%，未达标</title>",
		"<title>平均申请时长：10.0 分钟，目标 ≤ 20.0 分钟，达标</title>",
		"<title>线上人工帮办解决率：尚未计量，目标 ≥ 90.0%</title>",
		`aria-labelledby="figures-chart-title"`, "&lt;甲&gt;",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %q:\n%s", want, svg)
		}
	}
	// Bars: 45% of 200 = 90 px; 10 of a 40-minute scale = 50 px; none for
	// the unmeasured figure, which is not drawn as 0.
	bars := regexp.MustCompile(`<rect x="150" y="\d+" width="(\d+)" height="14" fill="#(?:2f6f4e|b7791f|b42318)"/>`).FindAllStringSubmatch(svg, -1)
	if len(bars) != 3 || bars[0][1] != "90" || bars[1][1] != "50" {
		t.Fatalf("bars %v", bars)
	}
	// Target lines: 90% at 150+180, 20 minutes at 150+100; none without a target.
	lines := regexp.MustCompile(`<line x1="(\d+)"`).FindAllStringSubmatch(svg, -1)
	if len(lines) != 3 || lines[0][1] != "330" || lines[1][1] != "250" || lines[2][1] != "330" {
		t.Fatalf("target lines %v", lines)
	}
	if strings.Contains(svg, "style=") || strings.Contains(svg, "<script") {
		t.Fatal("the chart must pass the pages' CSP: no style attribute, no script")
	}
	if figuresChart(nil) != "" {
		t.Fatal("no figures, no chart")
	}
}

func TestRatingsChart(t *testing.T) {
	r := haoban.RatingFigures{Total: 10, Levels: [5]int{1, 1, 0, 3, 5}}
	svg := string(ratingsChart(r))
	for _, want := range []string{"<title>非常满意 5 条（50.0%）</title>", "<title>非常不满意 1 条（10.0%）</title>",
		"好差评各等级占比（共 10 条）", `width="100" height="14" fill="#2f6f4e"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %q:\n%s", want, svg)
		}
	}
	if ratingsChart(haoban.RatingFigures{}) != "" {
		t.Fatal("no ratings, no chart: not a chart of zeros")
	}
}
