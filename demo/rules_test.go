package demo_test

import (
	"testing"
	"time"

	"haoban/demo"
	"haoban/rules"
)

// TestDemoRules: every demo rule compiles within the cost limit, every demo
// item has rules, and the demo applications pass every blocking rule when
// their materials are all there, and fail the material checks when not.
func TestDemoRules(t *testing.T) {
	engine, err := rules.New(rules.Options{WorkingDays: func(from, to time.Time) (int, error) { return 0, nil }})
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]int{}
	for _, r := range demo.Rules() {
		if err := engine.Compile(r); err != nil {
			t.Errorf("%s/%s: %v", r.Item, r.Code, err)
		}
		items[r.Item]++
	}
	for _, b := range demo.Bundles() {
		for _, it := range b.Items {
			if items[it.Code] == 0 {
				t.Errorf("item %s has no review points", it.Code)
			}
		}
	}
	today := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	for name, c := range map[string]struct {
		form    map[string]any
		bundle  int
		present bool
		want    int // blocking failures
	}{
		"RestaurantWithMaterials":    {demo.RestaurantForm(), 0, true, 0},
		"RestaurantWithoutMaterials": {demo.RestaurantForm(), 0, false, 4},
		"Newborn":                    {demo.NewbornForm(), 1, false, 0},
	} {
		t.Run(name, func(t *testing.T) {
			in := rules.Input{Form: c.form, Today: today, Materials: map[string]rules.Material{}}
			for _, m := range demo.Bundles()[c.bundle].Materials() {
				in.Materials[m.Code] = rules.Material{Code: m.Code, Present: c.present}
			}
			var of []rules.Rule
			for _, r := range demo.Rules() {
				for _, it := range demo.Bundles()[c.bundle].Items {
					if r.Item == it.Code {
						of = append(of, r)
					}
				}
			}
			rep := engine.Evaluate(of, in)
			if rep.Blocking != c.want {
				for _, r := range rep.Results {
					if r.Outcome != rules.OutcomePassed {
						t.Logf("%s/%s: %s %s %s", r.Item, r.Rule, r.Outcome, r.Message, r.Error)
					}
				}
				t.Errorf("%d blocking failures, want %d", rep.Blocking, c.want)
			}
		})
	}
}
