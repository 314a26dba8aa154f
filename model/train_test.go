package model_test

import (
	"reflect"
	"testing"

	"haoban"
	"haoban/model"
)

// trained returns a model of item fitted on generated cases.
func trained(tb testing.TB, item string) (model.Model, model.Metrics) {
	tb.Helper()
	m, metrics, err := model.Train(model.Generate(item, 2000, 7), model.TrainOptions{Lambda: 0.01, HoldOut: 0.25, Seed: 1})
	if err != nil {
		tb.Fatalf("train %s: %v", item, err)
	}
	return m, metrics
}

func TestTrain(t *testing.T) {
	t.Run("BeatsBaseRate", func(t *testing.T) {
		for _, item := range model.Items() {
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
	var smooth []model.Case
	for _, c := range model.Generate("signage", 400, 3) {
		if !c.Trouble {
			smooth = append(smooth, c)
		}
	}
	mixed := append(model.Generate("signage", 100, 3), model.Generate("hukou", 100, 3)...)
	tests := []struct {
		name  string
		cases []model.Case
		opts  model.TrainOptions
	}{
		{"ErrSingleClass", smooth, model.TrainOptions{}},
		{"ErrTooFewCases", model.Generate("signage", model.MinCases-1, 3), model.TrainOptions{}},
		{"ErrNoCases", nil, model.TrainOptions{}},
		{"ErrMixedItems", mixed, model.TrainOptions{}},
		{"ErrHoldOutOutOfRange", model.Generate("signage", 400, 3), model.TrainOptions{HoldOut: 1}},
		{"ErrNegativeLambda", model.Generate("signage", 400, 3), model.TrainOptions{Lambda: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := model.Train(tt.cases, tt.opts)
			if code := haoban.ErrorCode(err); code != haoban.EINVALID {
				t.Fatalf("code %q (%v), want %s", code, err, haoban.EINVALID)
			}
		})
	}
}
