package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"

	"haoban"
)

// Options configure an Engine.
type Options struct {
	// WorkingDays backs working_days_between; without it the function
	// makes its rule fail.
	WorkingDays WorkingDaysFunc
	// CostLimit bounds each rule's cost, estimated and actual; 0 means
	// DefaultCostLimit.
	CostLimit uint64
}

// Engine compiles rules once and evaluates them against applications. It
// is safe for concurrent use.
type Engine struct {
	env   *cel.Env
	limit uint64

	mu       sync.RWMutex
	programs map[string]compiled // by rule ID and version
}

// compiled is a rule's program with the expression it was built from, so
// that a rule edited without a new version is never run from a stale
// program.
type compiled struct {
	expression string
	program    cel.Program
}

// New returns an engine with the functions of this package declared.
func New(opts Options) (*Engine, error) {
	env, err := newEnv(opts.WorkingDays)
	if err != nil {
		return nil, fmt.Errorf("rules environment: %w", err)
	}
	limit := opts.CostLimit
	if limit == 0 {
		limit = DefaultCostLimit
	}
	return &Engine{env: env, limit: limit, programs: map[string]compiled{}}, nil
}

// Compile checks a rule and keeps its program for Evaluate. It refuses,
// reporting every problem at once, a rule with a missing item, code or
// message, an unknown severity or an effective_to not after
// effective_from (EINVALID), and a rule whose expression does not
// compile, has a type other than bool (or dyn, which is checked when it
// runs), or may cost more than the limit (EUNPROCESSABLE when the fields
// are otherwise fine).
func (e *Engine) Compile(r Rule) error {
	_, err := e.program(r)
	return err
}

// program returns the rule's program, compiling and caching it on first
// use.
func (e *Engine) program(r Rule) (cel.Program, error) {
	key := r.ID + "@" + strconv.Itoa(r.Version)
	e.mu.RLock()
	c, ok := e.programs[key]
	e.mu.RUnlock()
	if ok && c.expression == r.Expression {
		return c.program, nil
	}
	prg, err := e.compile(r)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.programs[key] = compiled{expression: r.Expression, program: prg}
	e.mu.Unlock()
	return prg, nil
}

// compile validates the rule and builds its program.
func (e *Engine) compile(r Rule) (cel.Program, error) {
	details := r.validate()
	code := haoban.EINVALID
	if len(details) == 0 {
		code = haoban.EUNPROCESSABLE
	}
	prg, problem := e.build(r.Expression)
	if problem != "" {
		details = append(details, haoban.ErrorDetail{Field: "expression", Message: problem})
	}
	if len(details) == 0 {
		return prg, nil
	}
	msgs := make([]string, len(details))
	for i, d := range details {
		msgs[i] = d.Message
	}
	err := &haoban.Error{
		Code:    code,
		Message: fmt.Sprintf("审查要点「%s」不能使用：%s", r.Code, strings.Join(msgs, "；")),
		Details: details,
	}
	if len(details) == 1 {
		err.Field = details[0].Field
	}
	return nil, err
}

// build compiles a rule's expression, returning why it is refused, or "".
func (e *Engine) build(expression string) (cel.Program, string) {
	return e.buildAs(expression, cel.BoolType)
}

// buildAs compiles an expression whose result must be of type want (or
// dyn), returning why it is refused, or "".
func (e *Engine) buildAs(expression string, want *cel.Type) (cel.Program, string) {
	if strings.TrimSpace(expression) == "" {
		return nil, "" // reported by Rule.validate
	}
	ast, iss := e.env.Compile(expression)
	if iss.Err() != nil {
		return nil, "表达式无法编译：" + iss.Err().Error()
	}
	// A dyn result is let through: materials.x.present and form["agree"]
	// are dyn because the inputs are maps of dyn, and asking authors to
	// write == true everywhere would not make the rules safer. Evaluate
	// fails a rule whose value turns out not to be a bool.
	if t := ast.OutputType(); !t.IsExactType(want) && !t.IsExactType(cel.DynType) &&
		!(want == cel.DoubleType && t.IsExactType(cel.IntType)) {
		if want == cel.BoolType {
			return nil, fmt.Sprintf("表达式的结果应为 bool（通过为真），而不是 %s", t)
		}
		return nil, fmt.Sprintf("表达式的结果应为数值，而不是 %s", t)
	}
	est, err := e.env.EstimateCost(ast, estimator{})
	if err != nil {
		return nil, fmt.Sprintf("无法估算表达式的开销：%v", err)
	}
	if est.Max == math.MaxUint64 {
		return nil, "表达式的开销没有上限：它遍历了大小未知的列表或映射"
	}
	if est.Max > e.limit {
		return nil, fmt.Sprintf("表达式的开销最多可达 %d，超过上限 %d：请避免在列表上嵌套遍历", est.Max, e.limit)
	}
	// The runtime limit stays in place although the estimate passed,
	// because the estimate assumes the sizes in sizeHints and an input may
	// exceed them.
	prg, err := e.env.Program(ast, cel.CostLimit(e.limit), cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, fmt.Sprintf("表达式无法执行：%v", err)
	}
	return prg, ""
}
