package intent

import (
	"fmt"
	"slices"
	"strings"
)

// Metrics measure a model on questions it was not fitted on.
type Metrics struct {
	// Accuracy is the share of questions whose kind the model got right.
	Accuracy float64 `json:"accuracy"`
	// BaseRate is the share of the commonest kind: the accuracy of always
	// guessing it, which the model has to beat.
	BaseRate float64 `json:"base_rate"`
	// Classes orders Confusion's rows (the labelled kind) and columns (the
	// predicted kind).
	Classes   []Kind  `json:"classes"`
	Confusion [][]int `json:"confusion"`
	TrainN    int     `json:"train_n"`
	TestN     int     `json:"test_n"`
}

// Evaluate measures m on labelled questions; Train fills in TrainN.
func Evaluate(m Model, test []Example) Metrics {
	out := Metrics{Classes: Kinds(), TestN: len(test)}
	for range out.Classes {
		out.Confusion = append(out.Confusion, make([]int, len(out.Classes)))
	}
	if len(test) == 0 {
		return out
	}
	counts := make([]int, len(out.Classes))
	correct := 0
	for _, e := range test {
		want := slices.Index(out.Classes, e.Kind)
		got := slices.Index(out.Classes, m.Predict(e.Text).Kind)
		out.Confusion[want][got]++
		counts[want]++
		if want == got {
			correct++
		}
	}
	n := float64(len(test))
	out.Accuracy = float64(correct) / n
	out.BaseRate = float64(slices.Max(counts)) / n
	return out
}

// ConfusionTable renders the confusion matrix as a markdown table: a row
// per labelled kind, a column per predicted kind.
func (m Metrics) ConfusionTable() string {
	var b strings.Builder
	b.WriteString("| 标注 \\ 预测 |")
	for _, k := range m.Classes {
		fmt.Fprintf(&b, " %s |", k)
	}
	b.WriteString("\n|---|")
	for range m.Classes {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for i, k := range m.Classes {
		fmt.Fprintf(&b, "| %s |", k)
		for _, n := range m.Confusion[i] {
			fmt.Fprintf(&b, " %d |", n)
		}
		b.WriteString("\n")
	}
	return b.String()
}
