package rules

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"

	"haoban"
)

// Outcome is how one rule judged one application.
type Outcome string

// Outcomes.
const (
	OutcomePassed Outcome = "passed"
	OutcomeFailed Outcome = "failed"
	// OutcomeNotApplicable is a rule that read a form field, material or
	// registry value the application does not have: the rule is about a
	// case this application is not.
	OutcomeNotApplicable Outcome = "not_applicable"
)

// Result is one rule's verdict on one application.
type Result struct {
	Rule       string   `json:"rule"` // the rule's code
	Item       string   `json:"item"`
	Version    int      `json:"version"`
	Severity   Severity `json:"severity"`
	Outcome    Outcome  `json:"outcome"`
	Message    string   `json:"message,omitempty"`
	Hint       string   `json:"hint,omitempty"`
	LegalBasis string   `json:"legal_basis,omitempty"`
	// Error is why the rule could not be evaluated, for the reviewer and
	// the log; the applicant sees Message.
	Error string `json:"error,omitempty"`
}

// Report is the pre-review (预审) of one application.
type Report struct {
	Results  []Result `json:"results"`
	Blocking int      `json:"blocking"` // failed blocking rules
	Warnings int      `json:"warnings"` // failed warning rules
	Passed   bool     `json:"passed"`   // no blocking rule failed
}

// Evaluate judges the application against every rule in force on
// in.Today, in the order given; rules not yet or no longer in force are
// left out of the report. The caller passes the rules of the items
// applied for. A rule that cannot be compiled or evaluated fails, so that
// a broken rule holds an application for a person to look at rather than
// waving it through.
func (e *Engine) Evaluate(rules []Rule, in Input) Report {
	rep := Report{Results: []Result{}}
	act, err := cel.FunctionVars(in.vars(), in.bindings())
	for _, r := range rules {
		if !r.AppliesOn(in.Today) {
			continue
		}
		res := Result{
			Rule: r.Code, Item: r.Item, Version: r.Version, Severity: r.Severity,
			Hint: r.Hint, LegalBasis: r.LegalBasis,
		}
		if err != nil {
			res.Outcome, res.Error = OutcomeFailed, fmt.Sprintf("activation: %v", err)
		} else {
			res.Outcome, res.Error = e.evaluate(r, act)
		}
		switch {
		case res.Outcome == OutcomeFailed && res.Error != "":
			res.Message = fmt.Sprintf("审查要点「%s」无法自动判断，请窗口人员人工核验", r.Code)
		case res.Outcome == OutcomeFailed:
			res.Message = r.Message
		}
		if res.Outcome == OutcomeFailed {
			if r.Severity == SeverityWarning {
				rep.Warnings++
			} else {
				rep.Blocking++
			}
		}
		rep.Results = append(rep.Results, res)
	}
	rep.Passed = rep.Blocking == 0
	return rep
}

// evaluate runs one rule, returning its outcome and, when it could not be
// judged, why.
func (e *Engine) evaluate(r Rule, act cel.FunctionActivation) (Outcome, string) {
	prg, err := e.program(r)
	if err != nil {
		return OutcomeFailed, haoban.ErrorMessage(err)
	}
	out, _, err := prg.Eval(act)
	switch {
	case err != nil && missingKey(err):
		return OutcomeNotApplicable, ""
	case err != nil:
		return OutcomeFailed, err.Error()
	}
	pass, ok := out.(types.Bool)
	if !ok {
		return OutcomeFailed, fmt.Sprintf("结果是 %s 而不是 bool", out.Type().TypeName())
	}
	if pass {
		return OutcomePassed, ""
	}
	return OutcomeFailed, ""
}

// missingKey reports whether evaluation stopped at a key the input lacks.
// cel-go does not export its error kinds, so the message is the contract.
func missingKey(err error) bool {
	return strings.HasPrefix(err.Error(), "no such key")
}
