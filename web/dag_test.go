package web

import (
	"regexp"
	"strings"
	"testing"

	"haoban"
	"haoban/demo"
)

func TestDAG(t *testing.T) {
	t.Run("ColumnsByDepth", func(t *testing.T) {
		svg := string(DAG(demo.Newborn(), "hukou"))
		// birth certificate → household registration → card and insurance.
		if n := strings.Count(svg, "marker-end="); n != 3 {
			t.Fatalf("%d arrows, want 3", n)
		}
		xs := map[string]bool{}
		for _, m := range regexp.MustCompile(`<rect x="(\d+)"`).FindAllStringSubmatch(svg, -1) {
			xs[m[1]] = true
		}
		if len(xs) != 3 {
			t.Fatalf("boxes in %d columns, want 3", len(xs))
		}
		if strings.Count(svg, `fill="#e8f4ec"`) != 1 || !strings.Contains(svg, "承诺 2 个工作日") {
			t.Fatal("the current item does not stand out, or a box lacks its days")
		}
		if !strings.Contains(svg, "第 3 步（以下事项同时办理）") || !strings.Contains(svg, "在「户口登记」办结后") {
			t.Fatalf("the list of steps is wrong:\n%s", svg)
		}
		for _, it := range demo.Newborn().Items {
			if strings.Contains(svg, ">"+it.Code) || strings.Contains(svg, it.Code+"<") {
				t.Fatalf("the picture shows the code %s", it.Code)
			}
		}
	})
	t.Run("DraftWithCycleAndEscapes", func(t *testing.T) {
		b := haoban.Bundle{Code: "draft", Items: []haoban.Item{
			{Code: "a", Name: "<甲>", DependsOn: []string{"b"}, PromisedDays: 1},
			{Code: "b", Name: "乙", DependsOn: []string{"a", "missing"}, PromisedDays: 1}}}
		svg := string(DAG(b, ""))
		if strings.Contains(svg, "<甲>") || !strings.Contains(svg, "&lt;甲&gt;") {
			t.Fatal("a name is not escaped")
		}
		if n := strings.Count(svg, "marker-end="); n != 1 {
			t.Fatalf("%d arrows, want the one the cycle leaves", n)
		}
	})
	t.Run("LongNamesWrap", func(t *testing.T) {
		lines := wrapName("公众聚集场所投入使用、营业前消防安全检查合格证的补发与换发申请表")
		if len(lines) != dagLines || !strings.HasSuffix(lines[dagLines-1], "…") {
			t.Fatalf("wrapped as %q", lines)
		}
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "、") {
				t.Fatalf("a line starts with a mark that closes the one before: %q", lines)
			}
		}
	})
}
