package intent

import (
	"cmp"
	"math"
	"slices"
)

// Prototype is a labelled training question kept with the model: its
// features, scaled to unit length, and the entries that answer it. The
// assistant ranks knowledge entries with them, since the knowledge base
// cannot know that 开个快餐店 asks for the open-restaurant guide.
type Prototype struct {
	Text   string    `json:"text"`
	Refs   []string  `json:"refs"`
	Slots  []int     `json:"slots"`
	Values []float64 `json:"values"`
}

// Match is a training question like the one asked, by cosine similarity
// of their features (0 to 1).
type Match struct {
	Text       string   `json:"text"`
	Refs       []string `json:"refs"`
	Similarity float64  `json:"similarity"`
}

// prototypes keeps the examples that name an entry.
func prototypes(examples []Example, dim int) []Prototype {
	var out []Prototype
	for _, e := range examples {
		if len(e.Refs()) == 0 {
			continue
		}
		p := Prototype{Text: e.Text, Refs: e.Refs()}
		x := unit(featurize(e.Text, dim))
		for _, f := range x {
			p.Slots, p.Values = append(p.Slots, f.slot), append(p.Values, f.value)
		}
		out = append(out, p)
	}
	return out
}

// Similar returns the training questions most like text, at most limit,
// with a similarity of at least floor, the most similar first.
func (m Model) Similar(text string, limit int, floor float64) []Match {
	if m.Dim == 0 {
		return nil
	}
	q := map[int]float64{}
	for _, f := range unit(featurize(text, m.Dim)) {
		q[f.slot] = f.value
	}
	var out []Match
	for _, p := range m.Prototypes {
		var dot float64
		for i, slot := range p.Slots {
			dot += q[slot] * p.Values[i]
		}
		if dot >= floor {
			out = append(out, Match{Text: p.Text, Refs: p.Refs, Similarity: dot})
		}
	}
	slices.SortStableFunc(out, func(a, b Match) int { return cmp.Compare(b.Similarity, a.Similarity) })
	return out[:min(len(out), limit)]
}

// unit scales features to unit length, for cosine similarity.
func unit(x []feature) []feature {
	var norm float64
	for _, f := range x {
		norm += f.value * f.value
	}
	norm = math.Sqrt(norm)
	out := make([]feature, len(x))
	for i, f := range x {
		out[i] = feature{slot: f.slot, value: f.value / norm}
	}
	return out
}
