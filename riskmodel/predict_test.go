package riskmodel_test

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"testing"

	"haoban/riskmodel"
)

// foodApplication is an ordinary food-licence application.
func foodApplication(hasLayout float64) map[string]float64 {
	return map[string]float64{
		"premises_area": 60, "staff": 4, "categories": 2, "has_layout": hasLayout,
		"prefill_ratio": 0.7, "first_application": 1, "manager_has_cert": 1,
	}
}

func TestPredict(t *testing.T) {
	m, _ := trained(t, "food-licence")
	t.Run("MissingLayoutRaisesRisk", func(t *testing.T) {
		without, with := m.Predict(foodApplication(0)), m.Predict(foodApplication(1))
		t.Logf("risk without layout %.3f %+v", without.Risk, without.Top)
		t.Logf("risk with layout    %.3f %+v", with.Risk, with.Top)
		if without.Risk <= with.Risk {
			t.Fatalf("risk without layout %.3f, not above %.3f with it", without.Risk, with.Risk)
		}
		if !slices.ContainsFunc(without.Top, func(c riskmodel.Contribution) bool {
			return c.Feature == "has_layout" && c.Weight > 0 && c.Value == 0
		}) {
			t.Fatalf("has_layout not among the top contributions raising the risk: %+v", without.Top)
		}
	})
	t.Run("TopSortedByWeight", func(t *testing.T) {
		p := m.Predict(foodApplication(0))
		if len(p.Top) != 3 {
			t.Fatalf("%d top contributions, want 3", len(p.Top))
		}
		for i := 1; i < len(p.Top); i++ {
			if math.Abs(p.Top[i].Weight) > math.Abs(p.Top[i-1].Weight) {
				t.Fatalf("top contributions out of order: %+v", p.Top)
			}
		}
		if p.Risk <= 0 || p.Risk >= 1 {
			t.Fatalf("risk %v outside (0, 1)", p.Risk)
		}
	})
	t.Run("MissingFeaturesCountAsMean", func(t *testing.T) {
		p := m.Predict(map[string]float64{"unknown_feature": 5})
		if want := 1 / (1 + math.Exp(-m.Bias)); math.Abs(p.Risk-want) > 1e-12 || len(p.Top) != 0 {
			t.Fatalf("got risk %v top %+v, want risk %v from the bias alone and no contributions", p.Risk, p.Top, want)
		}
	})
	t.Run("JSONRoundTrip", func(t *testing.T) {
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back riskmodel.Model
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, m) {
			t.Fatalf("model changed in JSON:\n%+v\n%+v", back, m)
		}
		for _, f := range []map[string]float64{foodApplication(0), foodApplication(1), {}} {
			if got, want := back.Predict(f), m.Predict(f); !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded model predicts %+v, want %+v", got, want)
			}
		}
	})
}
