package rules

import (
	"strings"

	"cel.dev/cel-go/common/cost"
)

// DefaultCostLimit bounds a rule's cost, in CEL cost units (about one per
// operation), both as estimated at compile time and as counted at run
// time. A review point is a handful of comparisons and perhaps one pass
// over a short list; 100,000 leaves room for that over the largest inputs
// the estimator assumes, and refuses a rule that multiplies lists together.
const DefaultCostLimit = 100_000

// sizeHints are the largest inputs the estimator assumes, by CEL path
// ("@keys", "@values" and "@items" step into maps and lists). They follow
// what the rest of the system allows: a form value is at most 500
// characters (the form refuses longer), and a list value is taken to be
// no longer; an application has at most a few hundred fields and
// materials. A path with
// no hint has an unknown size, so iterating over it makes the estimate
// unbounded and the rule is refused.
var sizeHints = map[string]uint64{
	"form":                200,
	"form.@keys":          64,
	"form.@values":        500,
	"form.@values.@items": 500,

	"applicant":         50,
	"applicant.@keys":   64,
	"applicant.@values": 500,

	"sources":                200,
	"sources.@keys":          64,
	"sources.@values":        500,
	"sources.@values.@items": 500,

	"materials":                         100,
	"materials.@keys":                   64,
	"materials.@values":                 3, // present, exempted, fields
	"materials.@values.@keys":           8,
	"materials.@values.@values":         50, // the OCR fields of one scan
	"materials.@values.@values.@keys":   64,
	"materials.@values.@values.@values": 500,

	"licences":                        20,
	"licences.@items":                 7, // type, number, holder, status, valid_from, valid_to, fields
	"licences.@items.@keys":           10,
	"licences.@items.@values":         50,
	"licences.@items.@values.@keys":   64,
	"licences.@items.@values.@values": 2000, // a business scope runs long
}

// estimator gives the checker the sizes of the input and of what our
// functions return.
type estimator struct{}

// EstimateSize implements cost.Estimator. Every variable is a map or list
// of dyn, so a named step (form.remark, l.fields.scope) is a value of the
// map before it and is looked up as "@values".
func (estimator) EstimateSize(node cost.AstNode) *cost.SizeEstimate {
	path := node.Path()
	if len(path) == 0 {
		return nil
	}
	var key strings.Builder
	key.WriteString(path[0])
	for _, step := range path[1:] {
		if !strings.HasPrefix(step, "@") {
			step = "@values"
		}
		key.WriteString(".")
		key.WriteString(step)
	}
	n, ok := sizeHints[key.String()]
	if !ok {
		return nil
	}
	sz := cost.RangedSizeEstimate(0, n)
	return &sz
}

// EstimateCallCost implements cost.Estimator. The licence functions walk
// the licences once; licence_field returns a licence field, whose size the
// checker cannot know and would otherwise take as unbounded. Other calls
// get CEL's defaults.
func (estimator) EstimateCallCost(function, _ string, _ *cost.AstNode, _ []cost.AstNode) *cost.CallEstimate {
	walk := cost.FixedCostEstimate(sizeHints["licences"])
	switch function {
	case "licence_valid":
		return cost.NewCallEstimate(walk, nil)
	case "licence_field":
		sz := cost.RangedSizeEstimate(0, sizeHints["licences.@items.@values.@values"])
		return cost.NewCallEstimate(walk, &sz)
	}
	return nil
}
