package intent

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// fit finds the weights and biases that minimize the mean cross-entropy
// plus lambda/2 times the squared weights; the biases are not penalized,
// so regularization shrinks what words say, not how common a kind is.
// The problem is convex, so L-BFGS from zero finds the one optimum, the
// same on every run.
func fit(x [][]feature, y []int, classes, dim int, lambda float64) (weights, bias []float64, err error) {
	nw := classes * dim
	p := optimize.Problem{
		Func: func(p []float64) float64 { return crossEntropy(x, y, p, classes, dim, lambda, nil) },
		Grad: func(grad, p []float64) { crossEntropy(x, y, p, classes, dim, lambda, grad) },
	}
	// As in riskmodel: a finer tolerance than the data justify makes the
	// line search fail on rounding near the optimum.
	settings := &optimize.Settings{GradientThreshold: 1e-6}
	res, err := optimize.Minimize(p, make([]float64, nw+classes), settings, &optimize.LBFGS{})
	if err != nil {
		return nil, nil, fmt.Errorf("fit softmax regression: %w", err)
	}
	return res.X[:nw], res.X[nw:], nil
}

// crossEntropy returns the regularized mean cross-entropy at p (the
// weights, class by class, then the biases) and, when grad is not nil,
// stores its gradient there: one pass serves both.
func crossEntropy(x [][]feature, y []int, p []float64, classes, dim int, lambda float64, grad []float64) float64 {
	nw := classes * dim
	w, b := p[:nw], p[nw:]
	if grad != nil {
		clear(grad)
	}
	loss := 0.0
	for i, row := range x {
		prob := softmax(scores(w, b, dim, row))
		loss -= math.Log(math.Max(prob[y[i]], 1e-300))
		if grad == nil {
			continue
		}
		for k := range classes {
			e := prob[k]
			if k == y[i] {
				e--
			}
			g := grad[k*dim : (k+1)*dim]
			for _, f := range row {
				g[f.slot] += e * f.value
			}
			grad[nw+k] += e
		}
	}
	n := float64(len(x))
	var sq float64
	for _, v := range w {
		sq += v * v
	}
	loss = loss/n + lambda/2*sq
	if grad != nil {
		for j := range grad {
			grad[j] /= n
		}
		for j, v := range w {
			grad[j] += lambda * v
		}
	}
	return loss
}
