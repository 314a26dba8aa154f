package riskmodel

import (
	"gonum.org/v1/gonum/integrate"
	"gonum.org/v1/gonum/stat"
)

// Metrics measure a model on the hold-out cases, which it never saw.
type Metrics struct {
	// Accuracy is the share of hold-out cases whose outcome the model got
	// right, calling trouble at a risk of 0.5.
	Accuracy float64 `json:"accuracy"`
	// AUC is the chance that the model ranks a random trouble case above a
	// random smooth one; 0.5 is guessing.
	AUC float64 `json:"auc"`
	// BaseRate is the share of the majority outcome on the hold-out: the
	// accuracy of always predicting it, which the model has to beat.
	BaseRate float64 `json:"base_rate"`
	// TrainN and TestN are the numbers of cases fitted on and measured on.
	TrainN int `json:"train_n"`
	TestN  int `json:"test_n"`
}

// evaluate measures m on the hold-out cases; Train fills in TrainN.
func evaluate(m Model, test []Case) Metrics {
	risks := make([]float64, len(test))
	classes := make([]bool, len(test))
	var correct, trouble int
	for i, c := range test {
		risks[i] = m.Predict(c.Features).Risk
		classes[i] = c.Trouble
		if (risks[i] >= 0.5) == c.Trouble {
			correct++
		}
		if c.Trouble {
			trouble++
		}
	}
	n := float64(len(test))
	majority := max(trouble, len(test)-trouble)
	return Metrics{
		Accuracy: float64(correct) / n,
		AUC:      auc(risks, classes),
		BaseRate: float64(majority) / n,
		TestN:    len(test),
	}
}

// auc is the area under the ROC curve of risks against the true classes.
// It sorts its arguments in place.
func auc(risks []float64, classes []bool) float64 {
	stat.SortWeightedLabeled(risks, classes, nil)
	tpr, fpr, _ := stat.ROC(nil, risks, classes, nil)
	return integrate.Trapezoidal(fpr, tpr)
}
