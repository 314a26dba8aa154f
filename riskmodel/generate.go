package riskmodel

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// spec is the hidden ground truth of one item: how its applications look
// and why they run into trouble. Train never sees it, only the cases it
// produces, as a real model sees only the archive.
type spec struct {
	// draw fills one application's features. It must draw in a fixed
	// order, so that a seed always gives the same cases.
	draw func(r *rand.Rand) map[string]float64
	// bias is the log-odds of trouble for an application no cause applies to.
	bias float64
	// causes raise the log-odds; the one that raises it most is the reason.
	causes []cause
	// other is the reason given when trouble came from chance, not a cause.
	other string
}

// cause is one reason for trouble and how much the features make it likely.
type cause struct {
	reason string
	logit  func(f map[string]float64) float64
}

const (
	// noiseSD stands for what a form does not show, the reviewer and the
	// applicant's care among them, so that no model can be perfect.
	noiseSD = 0.5
	// namedFrom is the least push a cause must give to be the reason;
	// below it the trouble is put down to chance.
	namedFrom = 0.5
)

// Generate returns n deterministic historical cases of a demo item (see
// Items): the same item, n and seed always give the same cases. An item
// Generate does not know gives nil.
func Generate(item string, n int, seed uint64) []Case {
	s, ok := specOf(item)
	if !ok || n <= 0 {
		return nil
	}
	// The item is part of the stream, so that the items of one demo seed
	// are independent of each other.
	h := fnv.New64a()
	h.Write([]byte(item))
	r := rand.New(rand.NewPCG(seed, h.Sum64()))
	cases := make([]Case, n)
	for i := range cases {
		f := s.draw(r)
		z := s.bias + noiseSD*r.NormFloat64()
		top, reason := namedFrom, s.other
		for _, c := range s.causes {
			v := c.logit(f)
			z += v
			if v >= top {
				top, reason = v, c.reason
			}
		}
		cases[i] = Case{Item: item, Features: f}
		if r.Float64() < sigmoid(z) {
			cases[i].Outcome = Outcome{Trouble: true, Reason: reason}
		}
	}
	return cases
}

// specOf returns the ground truth of a demo item.
func specOf(item string) (spec, bool) {
	if s, ok := restaurantSpecs[item]; ok {
		return s, true
	}
	s, ok := newbornSpecs[item]
	return s, ok
}

// flag is 1 with probability p: a material uploaded, a registry match.
func flag(r *rand.Rand, p float64) float64 {
	if r.Float64() < p {
		return 1
	}
	return 0
}

// lognormal draws a positive quantity such as an area around its median;
// sizes of shops and volumes are skewed, with a long tail of large ones.
func lognormal(r *rand.Rand, median, sigma, lo, hi float64) float64 {
	return math.Min(hi, math.Max(lo, median*math.Exp(sigma*r.NormFloat64())))
}

// share draws a ratio in [0, 1], such as the share of a form prefilled
// from registries, rounded as a form would show it.
func share(r *rand.Rand, mean, sd float64) float64 {
	return round(math.Min(1, math.Max(0, mean+sd*r.NormFloat64())), 2)
}

// count draws a whole number in [lo, hi].
func count(r *rand.Rand, lo, hi int) float64 {
	return float64(lo + r.IntN(hi-lo+1))
}

// round rounds x to digits decimals.
func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// above is how far x exceeds a limit: a rule of thumb such as "more than
// 60 people per exit" is a threshold, not a straight line, which is one
// reason a linear model learns the truth only approximately.
func above(x, limit float64) float64 { return math.Max(0, x-limit) }

// below is how far x falls short of a limit.
func below(x, limit float64) float64 { return math.Max(0, limit-x) }

// lacks is 1 when a 0/1 feature is 0: the material is missing.
func lacks(x float64) float64 { return 1 - x }

// sigmoid maps log-odds to a probability.
func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
