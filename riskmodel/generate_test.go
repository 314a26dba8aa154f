package riskmodel_test

import (
	"reflect"
	"testing"

	"haoban/riskmodel"
)

func TestGenerate(t *testing.T) {
	t.Run("SameSeedSameCases", func(t *testing.T) {
		for _, item := range riskmodel.Items() {
			a, b := riskmodel.Generate(item, 300, 42), riskmodel.Generate(item, 300, 42)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("%s: two runs with seed 42 differ", item)
			}
			if reflect.DeepEqual(a, riskmodel.Generate(item, 300, 43)) {
				t.Fatalf("%s: seeds 42 and 43 give the same cases", item)
			}
		}
	})
	t.Run("RealisticBaseRate", func(t *testing.T) {
		for _, item := range riskmodel.Items() {
			cases := riskmodel.Generate(item, 4000, 1)
			if len(cases) != 4000 {
				t.Fatalf("%s: %d cases, want 4000", item, len(cases))
			}
			trouble := 0
			for _, c := range cases {
				if c.Item != item || len(c.Features) < 3 || len(c.Features) > 7 {
					t.Fatalf("%s: case %+v: wrong item or %d features", item, c, len(c.Features))
				}
				if c.Trouble != (c.Reason != "") {
					t.Fatalf("%s: trouble %v with reason %q", item, c.Trouble, c.Reason)
				}
				if c.Trouble {
					trouble++
				}
			}
			rate := float64(trouble) / float64(len(cases))
			t.Logf("%-18s trouble rate %.3f", item, rate)
			if rate < 0.15 || rate > 0.40 {
				t.Errorf("%s: trouble rate %.3f, want 0.15–0.40", item, rate)
			}
		}
	})
	t.Run("ReasonFollowsFeatures", func(t *testing.T) {
		// Most troubled food-licence applications without a layout drawing
		// should be sent back for that drawing.
		reasons := map[string]int{}
		total := 0
		for _, c := range riskmodel.Generate("food-licence", 4000, 1) {
			if c.Trouble && c.Features["has_layout"] == 0 {
				reasons[c.Reason]++
				total++
			}
		}
		const want = "缺少设备布局和操作流程图"
		if reasons[want]*2 < total {
			t.Fatalf("%q given for %d of %d troubled cases without layout: %v", want, reasons[want], total, reasons)
		}
	})
	t.Run("UnknownItem", func(t *testing.T) {
		if cases := riskmodel.Generate("no-such-item", 10, 1); cases != nil {
			t.Fatalf("got %d cases, want nil", len(cases))
		}
	})
}
