package riskmodel

import (
	"math"
	"math/rand/v2"
	"slices"

	"haoban"
)

// Defaults Train uses for a zero TrainOptions field.
const (
	// DefaultLambda keeps weights finite when one feature alone separates
	// the classes, as a missing material often nearly does.
	DefaultLambda = 0.01
	// DefaultHoldOut keeps a quarter of the cases for the metrics.
	DefaultHoldOut = 0.25
	// MinCases is the fewest cases Train learns from: below it the
	// hold-out is too small for its metrics to mean anything.
	MinCases = 40
)

// TrainOptions tune Train. The zero value uses the defaults above.
type TrainOptions struct {
	// Lambda is the L2 penalty on the standardized weights; the bias is
	// not penalized.
	Lambda float64
	// HoldOut is the share of cases, between 0 and 1, kept out of fitting
	// to measure the model on.
	HoldOut float64
	// Seed drives the shuffle before the split, so that a training run can
	// be repeated exactly.
	Seed uint64
}

// Train fits a model for one item on its historical cases and measures it
// on a hold-out share of them. It refuses, with an EINVALID error, cases
// of more than one item, fewer than MinCases cases, and cases that do not
// have at least two of each outcome: a model cannot learn what it has
// never seen.
func Train(cases []Case, opts TrainOptions) (Model, Metrics, error) {
	if opts.Lambda == 0 {
		opts.Lambda = DefaultLambda
	}
	if opts.HoldOut == 0 {
		opts.HoldOut = DefaultHoldOut
	}
	if opts.Lambda < 0 || math.IsNaN(opts.Lambda) {
		return Model{}, Metrics{}, haoban.Errorf(haoban.EINVALID, "正则化系数不能为负数")
	}
	if !(opts.HoldOut > 0 && opts.HoldOut < 1) {
		return Model{}, Metrics{}, haoban.Errorf(haoban.EINVALID, "留出比例须在 0 和 1 之间")
	}
	if len(cases) < MinCases {
		return Model{}, Metrics{}, haoban.Errorf(haoban.EINVALID, "历史案例太少：需要至少 %d 件，只有 %d 件", MinCases, len(cases))
	}
	item := cases[0].Item
	for _, c := range cases {
		if c.Item != item {
			return Model{}, Metrics{}, haoban.Errorf(haoban.EINVALID, "历史案例须属于同一事项：%s 与 %s", item, c.Item)
		}
	}
	train, test, err := split(cases, opts)
	if err != nil {
		return Model{}, Metrics{}, err
	}

	m := Model{Item: item, Features: featureNames(train), Lambda: opts.Lambda}
	m.Means, m.Stds = moments(m.Features, train)
	x, y := m.design(train)
	if m.Weights, m.Bias, err = fit(x, y, opts.Lambda); err != nil {
		return Model{}, Metrics{}, err
	}
	metrics := evaluate(m, test)
	metrics.TrainN = len(train)
	return m, metrics, nil
}

// split shuffles each outcome's cases apart and keeps the HoldOut share of
// each for testing. Splitting by outcome keeps both outcomes on both sides
// even when trouble is rare, which AUC needs.
func split(cases []Case, opts TrainOptions) (train, test []Case, err error) {
	var byOutcome [2][]Case
	for _, c := range cases {
		k := 0
		if c.Trouble {
			k = 1
		}
		byOutcome[k] = append(byOutcome[k], c)
	}
	if len(byOutcome[0]) == 0 || len(byOutcome[1]) == 0 {
		return nil, nil, haoban.Errorf(haoban.EINVALID, "历史案例的结论全部相同，无法学习")
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0))
	for _, group := range byOutcome {
		if len(group) < 2 {
			return nil, nil, haoban.Errorf(haoban.EINVALID, "每种结论至少需要 2 件历史案例")
		}
		group = slices.Clone(group)
		r.Shuffle(len(group), func(i, j int) { group[i], group[j] = group[j], group[i] })
		k := min(max(int(math.Round(opts.HoldOut*float64(len(group)))), 1), len(group)-1)
		test = append(test, group[:k]...)
		train = append(train, group[k:]...)
	}
	return train, test, nil
}

// featureNames returns every feature any case has, sorted, so that a
// model's layout does not depend on map order.
func featureNames(cases []Case) []string {
	var names []string
	for _, c := range cases {
		for name := range c.Features {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// moments returns each feature's mean and standard deviation over the
// cases that have it. A constant feature gets a deviation of 1 rather
// than 0: it standardizes to 0 and so carries no weight.
func moments(names []string, cases []Case) (means, stds []float64) {
	means, stds = make([]float64, len(names)), make([]float64, len(names))
	for i, name := range names {
		var n, sum, sq float64
		for _, c := range cases {
			if v, ok := c.Features[name]; ok {
				n, sum, sq = n+1, sum+v, sq+v*v
			}
		}
		means[i] = sum / n
		stds[i] = math.Sqrt(math.Max(0, sq/n-means[i]*means[i]))
		if stds[i] < 1e-9 {
			stds[i] = 1
		}
	}
	return means, stds
}

// design returns the standardized feature rows and the 0/1 labels of the
// cases; a missing feature is the mean, 0 after standardizing, as Predict
// treats it.
func (m Model) design(cases []Case) (x [][]float64, y []float64) {
	x, y = make([][]float64, len(cases)), make([]float64, len(cases))
	for k, c := range cases {
		row := make([]float64, len(m.Features))
		for i, name := range m.Features {
			if v, ok := c.Features[name]; ok {
				row[i] = m.standardize(i, v)
			}
		}
		x[k] = row
		if c.Trouble {
			y[k] = 1
		}
	}
	return x, y
}
