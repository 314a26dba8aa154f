package rules

import (
	"fmt"
	"sort"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Expressions outside review points (a policy's conditions and amounts)
// use the same environment and functions; they are cached by their text,
// since they carry no rule ID and version.

// CheckCondition returns why a condition (a bool expression) cannot be
// used, or "".
func (e *Engine) CheckCondition(expression string) string {
	_, problem := e.expr(expression, cel.BoolType)
	return problem
}

// CheckAmount returns why an amount (a number expression) cannot be used,
// or "".
func (e *Engine) CheckAmount(expression string) string {
	_, problem := e.expr(expression, cel.DoubleType)
	return problem
}

func (e *Engine) expr(expression string, want *cel.Type) (cel.Program, string) {
	key := "expr:" + want.String() + ":" + expression
	e.mu.RLock()
	c, ok := e.programs[key]
	e.mu.RUnlock()
	if ok {
		return c.program, ""
	}
	if expression == "" {
		return nil, "表达式为空"
	}
	prg, problem := e.buildAs(expression, want)
	if problem != "" {
		return nil, problem
	}
	e.mu.Lock()
	e.programs[key] = compiled{expression: expression, program: prg}
	e.mu.Unlock()
	return prg, ""
}

// Facts is one input made ready for many expressions, so the conversion
// to CEL values is paid once per person or enterprise.
type Facts struct {
	e   *Engine
	act cel.Activation
	err error
}

// Facts prepares in for Holds and Amount.
func (e *Engine) Facts(in Input) Facts {
	act, err := cel.FunctionVars(in.vars(), in.bindings())
	return Facts{e: e, act: act, err: err}
}

// Holds evaluates a condition. A condition reading a fact the input lacks
// does not hold (missing is then true): for a benefit, no record is no
// proof.
func (f Facts) Holds(expression string) (holds, missing bool, err error) {
	out, err := f.eval(expression, cel.BoolType)
	if err != nil {
		return false, missingKey(err), err
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, false, fmt.Errorf("结果是 %s 而不是 bool", out.Type().TypeName())
	}
	return bool(b), false, nil
}

// Amount evaluates an amount expression to a number.
func (f Facts) Amount(expression string) (float64, error) {
	out, err := f.eval(expression, cel.DoubleType)
	if err != nil {
		return 0, err
	}
	switch v := out.(type) {
	case types.Double:
		return float64(v), nil
	case types.Int:
		return float64(v), nil
	}
	return 0, fmt.Errorf("结果是 %s 而不是数值", out.Type().TypeName())
}

func (f Facts) eval(expression string, want *cel.Type) (ref.Val, error) {
	if f.err != nil {
		return nil, f.err
	}
	prg, problem := f.e.expr(expression, want)
	if problem != "" {
		return nil, fmt.Errorf("%s", problem)
	}
	out, _, err := prg.Eval(f.act)
	return out, err
}

// SourceKeys lists the registry keys an expression reads by literal:
// sources["k"] and "k" in sources, sorted and without repeats. They are
// the expression's data needs (数据需求清单).
func (e *Engine) SourceKeys(expression string) ([]string, error) {
	parsed, iss := e.env.Parse(expression)
	if iss.Err() != nil {
		return nil, fmt.Errorf("表达式无法解析：%w", iss.Err())
	}
	seen := map[string]bool{}
	ast.PostOrderVisit(parsed.NativeRep().Expr(), ast.NewExprVisitor(func(x ast.Expr) {
		if x.Kind() != ast.CallKind {
			return
		}
		c := x.AsCall()
		args := c.Args()
		switch {
		case c.FunctionName() == "_[_]" && isIdent(args[0], "sources"):
			if k := literalString(args[1]); k != "" {
				seen[k] = true
			}
		case c.FunctionName() == "@in" && isIdent(args[1], "sources"):
			if k := literalString(args[0]); k != "" {
				seen[k] = true
			}
		}
	}))
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}
