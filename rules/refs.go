package rules

import (
	"fmt"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
)

// Kinds of value a form field is used as in an expression.
const (
	KindString = "string"
	KindNumber = "number"
	KindBool   = "bool"
	KindList   = "list"
)

// FieldUse is one form key an expression names, and the kind of value the
// expression treats it as ("" when its use says nothing about its kind).
// The form is a map of dyn, so the CEL checker cannot know a key exists or
// what it holds; a catalogue check holds these up against the item's fields.
type FieldUse struct {
	Key string
	As  string
}

// Refs are the form keys and material codes an expression names by
// literal: form["k"], "k" in form, materials["m"], matches("k", "m.f").
type Refs struct {
	Fields    []FieldUse
	Materials []string
}

// References parses an expression and lists what it names. A key computed
// at run time is not listed: only literals can be checked ahead.
func (e *Engine) References(expression string) (Refs, error) {
	parsed, iss := e.env.Parse(expression)
	if iss.Err() != nil {
		return Refs{}, fmt.Errorf("表达式无法解析：%w", iss.Err())
	}
	var r Refs
	r.walk(parsed.NativeRep().Expr(), "")
	return r, nil
}

// stringArgs are functions whose arguments are all strings.
var stringArgs = map[string]bool{"valid_id_number": true, "valid_uscc": true, "date": true, "in_district": true}

// stringTargets are methods called on a string.
var stringTargets = map[string]bool{"startsWith": true, "endsWith": true, "contains": true, "matches": true}

// walk records the references under x, which its parent uses as kind as.
func (r *Refs) walk(x ast.Expr, as string) {
	switch x.Kind() {
	case ast.CallKind:
		r.call(x.AsCall(), as)
	case ast.SelectKind:
		r.walk(x.AsSelect().Operand(), "")
	case ast.ListKind:
		for _, el := range x.AsList().Elements() {
			r.walk(el, "")
		}
	case ast.MapKind:
		for _, en := range x.AsMap().Entries() {
			r.walk(en.AsMapEntry().Key(), "")
			r.walk(en.AsMapEntry().Value(), "")
		}
	case ast.ComprehensionKind:
		c := x.AsComprehension()
		for _, part := range []ast.Expr{c.IterRange(), c.AccuInit(), c.LoopCondition(), c.LoopStep(), c.Result()} {
			r.walk(part, "")
		}
	}
}

func (r *Refs) call(c ast.CallExpr, as string) {
	args := c.Args()
	switch fn := c.FunctionName(); {
	case fn == "_[_]" && isIdent(args[0], "form") && literalString(args[1]) != "":
		r.Fields = append(r.Fields, FieldUse{Key: literalString(args[1]), As: as})
		return
	case fn == "_[_]" && isIdent(args[0], "materials") && literalString(args[1]) != "":
		r.Materials = append(r.Materials, literalString(args[1]))
		return
	case fn == "@in" && isIdent(args[1], "form") && literalString(args[0]) != "":
		r.Fields = append(r.Fields, FieldUse{Key: literalString(args[0])})
		return
	case fn == "@in" && isIdent(args[1], "materials") && literalString(args[0]) != "":
		r.Materials = append(r.Materials, literalString(args[0]))
		return
	case fn == "@in":
		r.walk(args[0], "")
		r.walk(args[1], KindList)
		return
	case fn == matchesFunction && len(args) == 2:
		if k := literalString(args[0]); k != "" {
			r.Fields = append(r.Fields, FieldUse{Key: k, As: KindString})
		}
		if m := literalString(args[1]); m != "" {
			r.Materials = append(r.Materials, materialOf(m))
		}
		return
	case fn == "_==_" || fn == "_!=_" || fn == "_<_" || fn == "_<=_" || fn == "_>_" || fn == "_>=_" || fn == "_+_":
		r.walk(args[0], kindOf(args[1]))
		r.walk(args[1], kindOf(args[0]))
		return
	case fn == "_?_:_":
		r.walk(args[0], KindBool)
		r.walk(args[1], as)
		r.walk(args[2], as)
		return
	case fn == "_&&_" || fn == "_||_" || fn == "!_":
		for _, a := range args {
			r.walk(a, KindBool)
		}
		return
	case stringArgs[fn] || fn == "age_on" && len(args) == 2:
		r.walk(args[0], KindString)
		for _, a := range args[1:] {
			r.walk(a, "")
		}
		return
	case c.IsMemberFunction() && stringTargets[fn]:
		r.walk(c.Target(), KindString)
		for _, a := range args {
			r.walk(a, "")
		}
		return
	}
	if c.IsMemberFunction() {
		r.walk(c.Target(), "")
	}
	for _, a := range args {
		r.walk(a, "")
	}
}

// materialOf is the material code of "code.field".
func materialOf(ref string) string {
	for i := 0; i < len(ref); i++ {
		if ref[i] == '.' {
			return ref[:i]
		}
	}
	return ref
}

func isIdent(x ast.Expr, name string) bool {
	return x.Kind() == ast.IdentKind && x.AsIdent() == name
}

// literalString is x's value if it is a string literal, else "".
func literalString(x ast.Expr) string {
	if x.Kind() != ast.LiteralKind {
		return ""
	}
	s, _ := x.AsLiteral().(types.String)
	return string(s)
}

// kindOf is the kind of a literal, or of a choice between literals.
func kindOf(x ast.Expr) string {
	if x.Kind() == ast.CallKind && x.AsCall().FunctionName() == "_?_:_" {
		if k := kindOf(x.AsCall().Args()[1]); k == kindOf(x.AsCall().Args()[2]) {
			return k
		}
		return ""
	}
	if x.Kind() != ast.LiteralKind {
		return ""
	}
	switch x.AsLiteral().(type) {
	case types.String:
		return KindString
	case types.Double, types.Int, types.Uint:
		return KindNumber
	case types.Bool:
		return KindBool
	}
	return ""
}
