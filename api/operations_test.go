package api

import (
	"strings"
	"testing"

	"haoban"
)

// TestFigureRecord: a figure's CSV line has its numbers, and an
// unmeasured figure's are empty, never 0; text that a spreadsheet would
// read as a formula is quoted.
func TestFigureRecord(t *testing.T) {
	p90 := 31.5
	measured := figureRecord("卫生健康委员会", haoban.Figure{Key: "apply_minutes", Name: "平均申请时长", Unit: "minutes", Value: 12.25,
		Numerator: 49, Denominator: 4, P90: &p90, Target: 20, State: haoban.FigureOnTarget, Definition: "草稿首次保存至提交"})
	if got := strings.Join(measured, "|"); got != "卫生健康委员会|apply_minutes|平均申请时长|minutes|12.25|49|4|31.5|≤20|达标|草稿首次保存至提交" {
		t.Errorf("measured: %s", got)
	}
	unmeasured := figureRecord("全部", haoban.Figure{Key: "help_resolution", Name: "线上人工帮办解决率", Unit: "ratio", Target: 0.9,
		Higher: true, State: haoban.FigureUnmeasured})
	if got := strings.Join(unmeasured[4:10], "|"); got != "||||≥0.9|尚未计量" {
		t.Errorf("unmeasured: %s", got)
	}
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "@x": "'@x", "张三": "张三", "": ""} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}
