package app_test

import (
	"context"
	"testing"

	"haoban"
)

// The store's ROLLUP row (bundle "") is the overall figure; the others
// are per bundle.
func TestPrefillStats(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		sv, s, _ := supervision(t)
		s.prefill = []haoban.PrefillStats{{Bundle: "", Cases: 10, Average: 0.6},
			{Bundle: "newborn", Cases: 4, Average: 0.9}, {Bundle: "open-restaurant", Cases: 6, Average: 0.4}}
		st, err := sv.PrefillStats(ctx)
		wantCode(t, err, "")
		if st.Overall.Cases != 10 || st.Overall.Average != 0.6 || len(st.Bundles) != 2 || st.Bundles[0].Bundle != "newborn" {
			t.Fatalf("figures %+v", st)
		}
	})
	t.Run("NoCasesYet", func(t *testing.T) {
		sv, _, _ := supervision(t)
		st, err := sv.PrefillStats(ctx)
		if err != nil || st.Bundles == nil || len(st.Bundles) != 0 || st.Overall.Cases != 0 {
			t.Fatalf("figures %#v, %v: want an empty list, not null", st, err)
		}
	})
}
