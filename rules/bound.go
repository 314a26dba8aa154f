package rules

import (
	"strconv"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// personIDKey is the form field the one-argument age_on reads.
const personIDKey = "person.id_number"

// bindings are the implementations of the late-bound functions for one
// application. They close over the Go input directly, so that a licence
// check walks a []Licence rather than CEL's view of it.
func (in Input) bindings() map[string]cel.LateBoundFunction {
	return map[string]cel.LateBoundFunction{
		"age_on":        in.ageOn,
		"licence_valid": in.licenceValid,
		"licence_field": in.licenceField,
		matchesFunction: in.matches,
	}
}

// ageOn is age_on(id_number, date) and age_on(date); the latter is the age
// of the person the form names in person.id_number, and a form without
// that field makes the rule not applicable, as form["person.id_number"]
// would.
func (in Input) ageOn(overload string, args ...ref.Val) ref.Val {
	if overload != ageOnTime {
		return ageOnArgs(args[0], args[1])
	}
	v, ok := in.Form[personIDKey]
	if !ok {
		return types.NewErr("no such key: %s", personIDKey)
	}
	id, ok := v.(string)
	if !ok {
		return types.NewErr("age_on: 表单的 %s 应为文本", personIDKey)
	}
	return ageOnArgs(types.String(id), args[0])
}

// licenceValid is licence_valid(type): the applicant holds a licence of
// that type which is valid today.
func (in Input) licenceValid(_ string, args ...ref.Val) ref.Val {
	_, ok := in.validLicence(string(args[0].(types.String)))
	return types.Bool(ok)
}

// licenceField is licence_field(type, key): the field of the applicant's
// valid licence of that type, "" when there is none. "number" and
// "holder" fall back to the licence's own number and holder, so a rule
// need not know whether the issuing registry repeats them in its fields.
func (in Input) licenceField(_ string, args ...ref.Val) ref.Val {
	l, ok := in.validLicence(string(args[0].(types.String)))
	if !ok {
		return types.String("")
	}
	key := string(args[1].(types.String))
	if v, ok := l.Fields[key]; ok {
		return types.String(v)
	}
	switch key {
	case "number":
		return types.String(l.Number)
	case "holder":
		return types.String(l.Holder)
	}
	return types.String("")
}

// validLicence returns the licence of the type valid on in.Today. One
// held by the enterprise the form names (by credit code, else by name)
// comes before those of other enterprises the applicant represents; when
// a renewal overlaps its predecessor, the one issued last counts.
func (in Input) validLicence(typ string) (Licence, bool) {
	uscc, _ := in.Form["enterprise.uscc"].(string)
	name, _ := in.Form["enterprise.name"].(string)
	rank := func(l Licence) int {
		switch {
		case uscc != "" && l.Holder == uscc:
			return 2
		case name != "" && l.HolderName == name:
			return 1
		}
		return 0
	}
	var found Licence
	best := -1
	for _, l := range in.Licences {
		if l.Type != typ || !l.inForceOn(in.Today) {
			continue
		}
		if r := rank(l); r > best || (r == best && l.ValidFrom.After(found.ValidFrom)) {
			found, best = l, r
		}
	}
	return found, best >= 0
}

// matches is matches(field, "material.key"): the form's value of field
// equals the value OCR read from the material, after trimming spaces and
// ignoring case (codes are printed in either). Anything missing is false:
// a scan that could not be read does not match.
func (in Input) matches(_ string, args ...ref.Val) ref.Val {
	field := string(args[0].(types.String))
	code, key, ok := strings.Cut(string(args[1].(types.String)), ".")
	if !ok || code == "" || key == "" {
		return types.NewErr("matches: 材料字段应写作「材料编码.字段名」，而不是 %q", string(args[1].(types.String)))
	}
	want := formText(in.Form[field])
	got := strings.TrimSpace(in.Materials[code].Fields[key])
	return types.Bool(want != "" && got != "" && strings.EqualFold(want, got))
}

// formText is a form value as the text printed on a document, or "".
func formText(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}
