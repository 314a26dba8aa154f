package riskmodel

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// fit finds the weights and bias that minimize the mean log-loss plus
// lambda/2 times the squared weights. The bias is left unpenalized so
// that regularization shrinks the features' effects, not the base rate.
// The problem is convex, so L-BFGS from zero finds the one optimum.
func fit(x [][]float64, y []float64, lambda float64) (weights []float64, bias float64, err error) {
	d := len(x[0])
	// p holds the weights followed by the bias.
	p := optimize.Problem{
		Func: func(p []float64) float64 {
			return logLoss(x, y, p, lambda, nil)
		},
		Grad: func(grad, p []float64) {
			logLoss(x, y, p, lambda, grad)
		},
	}
	// The default gradient tolerance (1e-12) is far finer than the data
	// justify and makes the line search fail on rounding near the optimum.
	settings := &optimize.Settings{GradientThreshold: 1e-7}
	res, err := optimize.Minimize(p, make([]float64, d+1), settings, &optimize.LBFGS{})
	if err != nil {
		return nil, 0, fmt.Errorf("fit logistic regression: %w", err)
	}
	return res.X[:d], res.X[d], nil
}

// logLoss returns the regularized mean log-loss at p and, when grad is not
// nil, stores its gradient there; one pass serves both, since the
// gradient needs the same predictions.
func logLoss(x [][]float64, y, p []float64, lambda float64, grad []float64) float64 {
	d := len(p) - 1
	w, b := p[:d], p[d]
	if grad != nil {
		clear(grad)
	}
	loss := 0.0
	for k, row := range x {
		z := floats.Dot(w, row) + b
		loss += softplus(z) - y[k]*z
		if grad != nil {
			e := sigmoid(z) - y[k]
			floats.AddScaled(grad[:d], e, row)
			grad[d] += e
		}
	}
	n := float64(len(x))
	loss = loss/n + lambda/2*floats.Dot(w, w)
	if grad != nil {
		floats.Scale(1/n, grad)
		floats.AddScaled(grad[:d], lambda, w)
	}
	return loss
}

// softplus is log(1 + e^z) without overflow for large z.
func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}
