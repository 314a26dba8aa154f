package intent

import (
	"math"
	"time"
)

// Model is a trained multinomial logistic regression. It is plain data so
// that the caller can store it as JSON and load it back to predict the
// same.
type Model struct {
	Dim     int    `json:"dim"`     // hashed feature slots
	Classes []Kind `json:"classes"` // in the order of Weights' rows
	// Weights holds one row of Dim weights per class, flattened.
	Weights []float64 `json:"weights"`
	Bias    []float64 `json:"bias"`   // per class
	Lambda  float64   `json:"lambda"` // the L2 strength it was trained with
	// Prototypes are the training questions that name an entry (Similar).
	Prototypes []Prototype `json:"prototypes,omitempty"`
}

// Prediction is what a question is most likely about, and how likely.
type Prediction struct {
	Kind        Kind    `json:"kind"`
	Probability float64 `json:"probability"`
	// Probabilities gives every class's probability, parallel to the
	// model's Classes.
	Probabilities []float64 `json:"probabilities"`
}

// Predict classifies a question. An empty model predicts Unknown with
// probability 1, so that an assistant without a model hands every
// question to a person.
func (m Model) Predict(text string) Prediction {
	if len(m.Classes) == 0 || m.Dim == 0 {
		return Prediction{Kind: Unknown, Probability: 1}
	}
	p := m.probabilities(featurize(text, m.Dim))
	best := 0
	for k := range p {
		if p[k] > p[best] {
			best = k
		}
	}
	return Prediction{Kind: m.Classes[best], Probability: p[best], Probabilities: p}
}

// probabilities is the softmax of the classes' scores for a question.
func (m Model) probabilities(x []feature) []float64 {
	return softmax(scores(m.Weights, m.Bias, m.Dim, x))
}

// scores are each class's log-odds, up to a constant, for a question.
func scores(w, b []float64, dim int, x []feature) []float64 {
	z := make([]float64, len(b))
	for k := range b {
		z[k] = b[k]
		row := w[k*dim : (k+1)*dim]
		for _, f := range x {
			z[k] += row[f.slot] * f.value
		}
	}
	return z
}

// softmax turns scores into probabilities in place, shifted by the
// largest score so that exp never overflows.
func softmax(z []float64) []float64 {
	top := math.Inf(-1)
	for _, v := range z {
		top = math.Max(top, v)
	}
	var sum float64
	for k, v := range z {
		z[k] = math.Exp(v - top)
		sum += z[k]
	}
	for k := range z {
		z[k] /= sum
	}
	return z
}

// Record is one trained version of the intent model, as stored.
type Record struct {
	Version   int       `json:"version"`
	Model     Model     `json:"model"`
	Metrics   Metrics   `json:"metrics"`
	TrainedAt time.Time `json:"trained_at"`
	TrainedOn int       `json:"trained_on"` // labelled questions
	Active    bool      `json:"active"`
}
