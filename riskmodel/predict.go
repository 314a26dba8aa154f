package riskmodel

import (
	"cmp"
	"math"
	"slices"
)

// topContributions is how many features a prediction shows: enough to
// point a reviewer somewhere, few enough to read at a glance.
const topContributions = 3

// Model is a trained logistic regression for one item. It is plain data
// so that the caller can store it as JSON, as a versioned record, and
// load it back to predict the same.
//
// Weights, Means and Stds are parallel to Features: weight i applies to
// feature i after standardizing it with mean i and standard deviation i.
type Model struct {
	Item     string    `json:"item"`     // the item code it predicts for
	Features []string  `json:"features"` // sorted, so the layout never depends on map order
	Weights  []float64 `json:"weights"`  // per standardized feature, in log-odds
	Bias     float64   `json:"bias"`     // the log-odds of an application at the training means
	Means    []float64 `json:"means"`    // training means, also standing in for missing features
	Stds     []float64 `json:"stds"`     // training standard deviations, 1 for a constant feature
	Lambda   float64   `json:"lambda"`   // the L2 strength it was trained with
}

// Prediction is the model's advice on one application.
type Prediction struct {
	// Risk is the estimated chance, from 0 to 1, that the application will
	// need a supplement or be rejected.
	Risk float64 `json:"risk"`
	// Top are the features that moved the risk most for this application,
	// largest first; features that did not move it are left out.
	Top []Contribution `json:"top"`
}

// Contribution is what one feature did to one prediction.
type Contribution struct {
	Feature string `json:"feature"`
	// Weight is the feature's contribution to the log-odds for this
	// application: the model's weight times the standardized value, so
	// positive raises the risk and negative lowers it.
	Weight float64 `json:"weight"`
	// Value is the feature's value as the application gave it, or the
	// training mean when it gave none.
	Value float64 `json:"value"`
}

// Predict estimates the risk of trouble for an application's features.
// A feature the application lacks counts as the training mean, so it
// neither raises nor lowers the risk; features the model was not trained
// on are ignored.
func (m Model) Predict(features map[string]float64) Prediction {
	z := m.Bias
	all := make([]Contribution, 0, len(m.Features))
	for i, name := range m.Features {
		v, ok := features[name]
		if !ok {
			v = m.Means[i]
		}
		w := m.Weights[i] * m.standardize(i, v)
		z += w
		if w != 0 {
			all = append(all, Contribution{Feature: name, Weight: w, Value: v})
		}
	}
	// Ties fall back on the name, so that equal weights list the same way
	// on every call.
	slices.SortFunc(all, func(a, b Contribution) int {
		if c := cmp.Compare(math.Abs(b.Weight), math.Abs(a.Weight)); c != 0 {
			return c
		}
		return cmp.Compare(a.Feature, b.Feature)
	})
	return Prediction{Risk: sigmoid(z), Top: all[:min(len(all), topContributions)]}
}

// standardize puts feature i's value on the scale the weights were fitted
// on.
func (m Model) standardize(i int, v float64) float64 {
	return (v - m.Means[i]) / m.Stds[i]
}
