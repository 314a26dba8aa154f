package riskmodel_test

import (
	"reflect"
	"testing"

	"haoban"
	"haoban/riskmodel"
)

// trained returns a model of item fitted on generated cases.
func trained(tb testing.TB, item string) (riskmodel.Model, riskmodel.Metrics) {
	tb.Helper()
	m, metrics, err := riskmodel.Train(riskmodel.Generate(item, 2000, 7), riskmodel.TrainOptions{Lambda: 0.01, HoldOut: 0.25, Seed: 1})
	if err != nil {
		tb.Fatalf("train %s: %v", item, err)
	}
	return m, metrics
}

func TestTrain(t *testing.T) {
	t.Run("BeatsBaseRate", func(t *testing.T) {
		for _, item := range riskmodel.Items() {
			m, got := trained(t, item)
			t.Logf("%-18s accuracy %.3f  base rate %.3f  AUC %.3f  (train %d, test %d)",
				item, got.Accuracy, got.BaseRate, got.AUC, got.TrainN, got.TestN)
			if got.AUC <= 0.7 {
				t.Errorf("%s: AUC %.3f, want > 0.7", item, got.AUC)
			}
			if got.Accuracy <= got.BaseRate {
				t.Errorf("%s: accuracy %.3f, not better than base rate %.3f", item, got.Accuracy, got.BaseRate)
			}
			// Each outcome is split on its own, so rounding may move a case.
			if got.TrainN+got.TestN != 2000 || got.TestN < 499 || got.TestN > 501 {
				t.Errorf("%s: split %d + %d, want about 1500 + 500", item, got.TrainN, got.TestN)
			}
			if m.Item != item || len(m.Weights) != len(m.Features) {
				t.Errorf("%s: model for %q with %d weights for %d features", item, m.Item, len(m.Weights), len(m.Features))
			}
		}
	})
	t.Run("SameSeedSameModel", func(t *testing.T) {
		a, _ := trained(t, "fire-check")
		b, _ := trained(t, "fire-check")
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("two runs differ:\n%+v\n%+v", a, b)
		}
	})
}

func TestTrainRefuses(t *testing.T) {
	var smooth []riskmodel.Case
	for _, c := range riskmodel.Generate("signage", 400, 3) {
		if !c.Trouble {
			smooth = append(smooth, c)
		}
	}
	mixed := append(riskmodel.Generate("signage", 100, 3), riskmodel.Generate("hukou", 100, 3)...)
	tests := []struct {
		name  string
		cases []riskmodel.Case
		opts  riskmodel.TrainOptions
	}{
		{"ErrSingleClass", smooth, riskmodel.TrainOptions{}},
		{"ErrTooFewCases", riskmodel.Generate("signage", riskmodel.MinCases-1, 3), riskmodel.TrainOptions{}},
		{"ErrNoCases", nil, riskmodel.TrainOptions{}},
		{"ErrMixedItems", mixed, riskmodel.TrainOptions{}},
		{"ErrHoldOutOutOfRange", riskmodel.Generate("signage", 400, 3), riskmodel.TrainOptions{HoldOut: 1}},
		{"ErrNegativeLambda", riskmodel.Generate("signage", 400, 3), riskmodel.TrainOptions{Lambda: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := riskmodel.Train(tt.cases, tt.opts)
			if code := haoban.ErrorCode(err); code != haoban.EINVALID {
				t.Fatalf("code %q (%v), want %s", code, err, haoban.EINVALID)
			}
		})
	}
}
