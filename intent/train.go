package intent

import (
	"bytes"
	_ "embed"
	"math"
	"math/rand/v2"
	"slices"

	"haoban"
)

// Defaults Train uses for a zero TrainOptions field.
const (
	// DefaultLambda keeps the weights of words seen once or twice small,
	// so that one odd training question does not decide a kind.
	DefaultLambda = 1e-3
	// DefaultHoldOut keeps a fifth of each kind's questions for the metrics.
	DefaultHoldOut = 0.2
	// MinExamples is the fewest labelled questions Train learns from.
	MinExamples = 30
)

// TrainOptions tune Train. The zero value uses the defaults above.
type TrainOptions struct {
	Lambda  float64
	HoldOut float64 // share of each kind kept out of fitting, between 0 and 1
	Seed    uint64  // drives the shuffle before the split
	Dim     int     // hashed feature slots; DefaultDim when zero
}

//go:embed train.tsv
var trainingFile []byte

// TrainingSet returns the labelled questions shipped with Haoban, which
// the service trains on when no version is active.
func TrainingSet() ([]Example, error) {
	return ReadExamples(bytes.NewReader(trainingFile))
}

// Train measures the method on a hold-out share of each kind's questions,
// then fits the model it returns on all of them: the labelled questions
// are few, the served model should learn from every one, and the separate
// evaluation set (testdata/eval.tsv) measures that model on questions it
// never saw. Every kind needs at least two questions.
func Train(examples []Example, opts TrainOptions) (Model, Metrics, error) {
	if opts.Lambda == 0 {
		opts.Lambda = DefaultLambda
	}
	if opts.HoldOut == 0 {
		opts.HoldOut = DefaultHoldOut
	}
	if opts.Dim == 0 {
		opts.Dim = DefaultDim
	}
	if opts.Lambda < 0 || math.IsNaN(opts.Lambda) {
		return Model{}, Metrics{}, haoban.Errorf(haoban.EINVALID, "正则化系数不能为负数")
	}
	if !(opts.HoldOut > 0 && opts.HoldOut < 1) {
		return Model{}, Metrics{}, haoban.Errorf(haoban.EINVALID, "留出比例须在 0 和 1 之间")
	}
	if len(examples) < MinExamples {
		return Model{}, Metrics{}, haoban.Errorf(haoban.EINVALID, "标注问题太少：需要至少 %d 条，只有 %d 条", MinExamples, len(examples))
	}
	train, test, err := split(examples, opts)
	if err != nil {
		return Model{}, Metrics{}, err
	}
	probe, err := fitModel(train, opts)
	if err != nil {
		return Model{}, Metrics{}, err
	}
	metrics := Evaluate(probe, test)
	m, err := fitModel(examples, opts)
	if err != nil {
		return Model{}, Metrics{}, err
	}
	m.Prototypes = prototypes(examples, opts.Dim)
	metrics.TrainN = len(examples)
	return m, metrics, nil
}

// fitModel fits a model on examples.
func fitModel(examples []Example, opts TrainOptions) (Model, error) {
	m := Model{Dim: opts.Dim, Classes: Kinds(), Lambda: opts.Lambda}
	x, y := make([][]feature, len(examples)), make([]int, len(examples))
	for i, e := range examples {
		x[i] = featurize(e.Text, m.Dim)
		y[i] = slices.Index(m.Classes, e.Kind)
	}
	var err error
	m.Weights, m.Bias, err = fit(x, y, len(m.Classes), m.Dim, opts.Lambda)
	return m, err
}

// split shuffles each kind's questions apart and keeps the HoldOut share
// of each for testing, so that every kind is measured however rare.
func split(examples []Example, opts TrainOptions) (train, test []Example, err error) {
	byKind := map[Kind][]Example{}
	for _, e := range examples {
		byKind[e.Kind] = append(byKind[e.Kind], e)
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0))
	for _, k := range Kinds() {
		group := slices.Clone(byKind[k])
		if len(group) < 2 {
			return nil, nil, haoban.Errorf(haoban.EINVALID, "每种意图至少需要 2 条标注问题：“%s”只有 %d 条", k.Name(), len(group))
		}
		r.Shuffle(len(group), func(i, j int) { group[i], group[j] = group[j], group[i] })
		n := min(max(int(math.Round(opts.HoldOut*float64(len(group)))), 1), len(group)-1)
		test = append(test, group[:n]...)
		train = append(train, group[n:]...)
	}
	return train, test, nil
}
