package riskmodel_test

import (
	"testing"
	"time"

	"haoban/demo"
	"haoban/riskmodel"
)

// TestFeaturesOfLiveApplication: a live food-licence application yields
// the features the model was trained on, and without the layout drawing
// its risk is higher, with has_layout among the reasons.
func TestFeaturesOfLiveApplication(t *testing.T) {
	m, _, err := riskmodel.Train(riskmodel.Generate("food-licence", 2000, 7), riskmodel.TrainOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	app := riskmodel.Application{Form: demo.RestaurantForm(), PrefillRatio: 0.8, SubmittedAt: time.Now(),
		Materials: []string{"layout", "food-manager-proof"}}
	f := riskmodel.FeaturesOf("food-licence", app)
	if f["premises_area"] != 120 || f["categories"] != 2 || f["has_layout"] != 1 || f["first_application"] != 1 {
		t.Fatalf("features = %v", f)
	}
	with := m.Predict(f)
	app.Materials = []string{"food-manager-proof"}
	without := m.Predict(riskmodel.FeaturesOf("food-licence", app))
	if without.Risk <= with.Risk {
		t.Errorf("risk without the layout %.2f, with it %.2f", without.Risk, with.Risk)
	}
	if len(without.Top) == 0 || without.Top[0].Feature != "has_layout" {
		t.Errorf("top reasons = %+v, want has_layout first", without.Top)
	}
	fire := riskmodel.FeaturesOf("fire-check", riskmodel.Application{Form: demo.RestaurantForm(), PrefillRatio: -1})
	if fire["occupancy_per_exit"] != 30 || fire["sprinklers"] != 0 {
		t.Errorf("fire-check features = %v", fire)
	}
	if _, ok := fire["prefill_ratio"]; ok {
		t.Error("an unmeasured prefill ratio became a feature")
	}
}
