package app

import (
	"context"
	"slices"

	"haoban"
	"haoban/rules"
)

// PolicyCheckReport is a self-check (政策体检): every policy in force,
// answered for the person and for each enterprise they represent.
type PolicyCheckReport struct {
	Person      string               `json:"person"` // the person's name
	Qualified   []haoban.PolicyCheck `json:"qualified"`
	NotYet      []haoban.PolicyCheck `json:"not_qualified"`
	ApplyFor    []haoban.PolicyCheck `json:"apply"` // the registries cannot decide
	Enterprises []string             `json:"enterprises,omitempty"`
}

// CheckMe answers every policy in force for the signed-in person: the
// person policies against their own records, the enterprise policies
// against each enterprise whose legal representative they are.
func (s *Policies) CheckMe(ctx context.Context, r Request) (PolicyCheckReport, error) {
	if !can(s.Authz, r.User, "*", "policy", "check") {
		return PolicyCheckReport{}, haoban.Errorf(haoban.EFORBIDDEN, "只有办事群众和企业可以进行政策体检")
	}
	if r.User.IDNumber == "" {
		return PolicyCheckReport{}, haoban.Errorf(haoban.EFORBIDDEN, "您的账号没有实名信息，无法进行政策体检")
	}
	at := now(s.Time)
	policies, err := s.Store.PoliciesInForce(ctx, at)
	if err != nil {
		return PolicyCheckReport{}, err
	}
	person, err := s.Store.PersonFacts(ctx, r.User.IDNumber)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		// Not in the population registry: nothing proves a condition, so
		// every policy is checked against no record and says what fails.
		person, err = haoban.PersonFacts{Resident: haoban.Resident{Name: r.User.Name, IDNumber: r.User.IDNumber}}, nil
	}
	if err != nil {
		return PolicyCheckReport{}, err
	}
	firms, err := s.Store.EnterpriseFactsOf(ctx, r.User.IDNumber)
	if err != nil {
		return PolicyCheckReport{}, err
	}
	rep := PolicyCheckReport{Person: person.Resident.Name, Qualified: []haoban.PolicyCheck{},
		NotYet: []haoban.PolicyCheck{}, ApplyFor: []haoban.PolicyCheck{}}
	facts := s.Engine.Facts(rules.Input{Applicant: map[string]any{"id_number": person.Resident.IDNumber},
		Sources: person.Sources(), Today: at})
	var firmFacts []rules.Facts
	for _, f := range firms {
		rep.Enterprises = append(rep.Enterprises, f.Enterprise.Name)
		firmFacts = append(firmFacts, s.Engine.Facts(rules.Input{Applicant: map[string]any{"uscc": f.Enterprise.USCC},
			Sources: f.Sources(), Today: at}))
	}
	for _, p := range policies {
		if !p.InForce(at) {
			continue
		}
		switch p.For {
		case haoban.ForPersons:
			rep.add(DecidePolicy(s.Engine, p, facts, person.Resident.Name))
		case haoban.ForEnterprises:
			for i, f := range firms {
				rep.add(DecidePolicy(s.Engine, p, firmFacts[i], f.Enterprise.Name))
			}
		}
	}
	return rep, nil
}

func (rep *PolicyCheckReport) add(c haoban.PolicyCheck) {
	switch {
	case c.Qualifies:
		rep.Qualified = append(rep.Qualified, c)
	case c.Apply != nil:
		rep.ApplyFor = append(rep.ApplyFor, c)
	default:
		rep.NotYet = append(rep.NotYet, c)
	}
}

// DecidePolicy answers one policy for one subject: the self-check and
// the matching runs both decide through a PolicyDecider, so they never
// disagree.
func DecidePolicy(e *rules.Engine, p haoban.Policy, facts rules.Facts, subject string) haoban.PolicyCheck {
	return NewPolicyDecider(e, p).Decide(facts, subject)
}

// PolicyDecider is a policy made ready to decide many subjects: which
// conditions read a fact no registry holds is worked out once, since
// parsing the expressions costs more than evaluating them.
type PolicyDecider struct {
	policy   haoban.Policy
	unshared []bool // by condition
}

// NewPolicyDecider prepares p.
func NewPolicyDecider(e *rules.Engine, p haoban.Policy) PolicyDecider {
	d := PolicyDecider{policy: p, unshared: make([]bool, len(p.Conditions))}
	for i, c := range p.Conditions {
		d.unshared[i] = readsUnshared(e, c.Expression)
	}
	return d
}

// Decide answers the policy for one subject. Every condition is tried, so
// that a person learns all they lack at once. A policy whose rules read a
// fact no registry holds says how to apply, unless a condition on shared
// facts already fails.
func (d PolicyDecider) Decide(facts rules.Facts, subject string) haoban.PolicyCheck {
	p := d.policy
	c := haoban.PolicyCheck{Policy: p.Code, Name: p.Name, Type: p.Type.Name(), Subject: subject}
	unknown := false
	for i, cond := range p.Conditions {
		if d.unshared[i] {
			unknown = true
			continue
		}
		// A broken rule or a fact missing from the records does not hold:
		// no record is no proof, and the application route stays open.
		if holds, _, _ := facts.Holds(cond.Expression); !holds {
			c.Failed = append(c.Failed, cond.Message)
		}
	}
	switch {
	case len(c.Failed) > 0:
	case unknown:
		route := p.Route
		c.Apply = &route
	default:
		amount, err := facts.Amount(p.Amount)
		if err != nil {
			route := p.Route
			if route.Text == "" {
				route.Text = "金额无法自动核定，请向发布部门咨询。"
			}
			c.Apply = &route
			break
		}
		c.Qualifies, c.Amount, c.Delivery = true, amount, p.Delivery.Name()
	}
	return c
}

// readsUnshared reports whether an expression reads a fact no registry
// holds.
func readsUnshared(e *rules.Engine, expression string) bool {
	keys, err := e.SourceKeys(expression)
	if err != nil {
		return false // it fails when evaluated, which says so
	}
	return slices.ContainsFunc(keys, func(k string) bool {
		_, ok := haoban.PolicyFacts[k]
		return !ok
	})
}
