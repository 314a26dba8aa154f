package app_test

import (
	"context"
	"slices"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/treasury"
	"haoban/workflows"
)

// benefitStore keeps benefit cases in memory with the store's rules: a
// transition from the wrong status is a conflict unless its key was
// recorded, and approval reserves from the period's budget.
type benefitStore struct {
	*policyStore
	cases      map[string]*haoban.BenefitCase
	keys       map[string]bool // case ID + "/" + transition key
	budgets    map[string]float64
	reserved   map[string]float64
	objections map[string]*haoban.Objection
	notices    []haoban.BenefitNotice
	enterprise map[string][]haoban.Enterprise // by legal representative
}

func newBenefitStore() *benefitStore {
	return &benefitStore{policyStore: newPolicyStore(), cases: map[string]*haoban.BenefitCase{}, keys: map[string]bool{},
		budgets: map[string]float64{}, reserved: map[string]float64{}, objections: map[string]*haoban.Objection{},
		enterprise: map[string][]haoban.Enterprise{}}
}

func (s *benefitStore) UndeliveredMatches(context.Context, string, string, int) ([]haoban.PolicyMatch, error) {
	return nil, nil
}

func (s *benefitStore) MarkDelivered(context.Context, string, string, []string, time.Time) error {
	return nil
}

func (s *benefitStore) OpenBenefit(_ context.Context, b haoban.BenefitCase, budget float64) (haoban.BenefitCase, error) {
	if c, ok := s.cases[b.ID]; ok {
		return *c, nil
	}
	s.cases[b.ID] = &b
	if _, ok := s.budgets[b.Policy+b.Period]; !ok {
		s.budgets[b.Policy+b.Period] = budget
	}
	return b, nil
}

func (s *benefitStore) FindBenefit(_ context.Context, id string) (haoban.BenefitCase, error) {
	if c, ok := s.cases[id]; ok {
		return *c, nil
	}
	return haoban.BenefitCase{}, haoban.Errorf(haoban.ENOTFOUND, "待享事项不存在")
}

func (s *benefitStore) TransitionBenefit(_ context.Context, t haoban.BenefitTransition) (haoban.BenefitCase, error) {
	c, ok := s.cases[t.ID]
	if !ok {
		return haoban.BenefitCase{}, haoban.Errorf(haoban.ENOTFOUND, "待享事项不存在")
	}
	if s.keys[t.ID+"/"+t.Key] {
		return *c, nil
	}
	if !slices.Contains(t.From, c.Status) {
		return *c, haoban.Errorf(haoban.ECONFLICT, "当前状态为%s", c.Status.Name())
	}
	s.keys[t.ID+"/"+t.Key] = true
	c.Status, c.UpdatedAt = t.To, t.At
	f := t.Set
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	setT := func(dst *time.Time, v time.Time) {
		if !v.IsZero() {
			*dst = v
		}
	}
	set(&c.Reason, f.Reason)
	set(&c.PledgeDocument, f.PledgeDocument)
	set(&c.DecisionDocument, f.DecisionDocument)
	set(&c.PaymentKey, f.PaymentKey)
	set(&c.PaymentSerial, f.PaymentSerial)
	set(&c.RecoverySerial, f.RecoverySerial)
	setT(&c.ConfirmBy, f.ConfirmBy)
	setT(&c.ConfirmedAt, f.ConfirmedAt)
	setT(&c.PublicityFrom, f.PublicityFrom)
	setT(&c.PublicityTo, f.PublicityTo)
	setT(&c.PaidAt, f.PaidAt)
	setT(&c.ReversedAt, f.ReversedAt)
	if t.ReleaseBudget {
		s.reserved[c.Policy+c.Period] -= c.Amount
	}
	if t.Notice != nil {
		s.notices = append(s.notices, *t.Notice)
	}
	return *c, nil
}

func (s *benefitStore) ApproveBenefit(_ context.Context, id string, at time.Time) (haoban.BenefitCase, error) {
	c := s.cases[id]
	if c.Status != haoban.BenefitPublicity {
		return *c, nil
	}
	key := c.Policy + c.Period
	if s.reserved[key]+c.Amount > s.budgets[key] {
		c.Status = haoban.BenefitUnfunded
		return *c, nil
	}
	s.reserved[key] += c.Amount
	c.Status, c.ApprovedAt = haoban.BenefitApproved, at
	return *c, nil
}

func (s *benefitStore) BenefitsOf(_ context.Context, subjects []string) ([]haoban.BenefitCase, error) {
	var out []haoban.BenefitCase
	for _, c := range s.cases {
		if slices.Contains(subjects, c.Beneficiary) {
			out = append(out, *c)
		}
	}
	return out, nil
}

func (s *benefitStore) BenefitEvents(context.Context, string) ([]haoban.BenefitEvent, error) {
	return nil, nil
}

func (s *benefitStore) PublicityList(_ context.Context, policy string, at time.Time, _ haoban.PageRequest) ([]haoban.BenefitCase, string, error) {
	var out []haoban.BenefitCase
	for _, c := range s.cases {
		if c.Policy == policy && c.Status == haoban.BenefitPublicity && at.Before(c.PublicityTo) {
			out = append(out, *c)
		}
	}
	return out, "", nil
}

func (s *benefitStore) FileObjection(_ context.Context, o haoban.Objection, _ haoban.AuditEntry) (haoban.Objection, error) {
	c := s.cases[o.Benefit]
	if c.Status != haoban.BenefitPublicity && c.Status != haoban.BenefitObjected {
		return o, haoban.Errorf(haoban.ECONFLICT, "该待享不在公示期")
	}
	c.Status = haoban.BenefitObjected
	s.objections[o.ID] = &o
	return o, nil
}

func (s *benefitStore) DecideObjection(_ context.Context, id string, upheld bool, finding string, m haoban.AuditEntry) (haoban.Objection, haoban.BenefitCase, error) {
	o := s.objections[id]
	c := s.cases[o.Benefit]
	o.Status, o.Finding, o.DecidedBy = haoban.ObjectionRejected, finding, m.Actor
	c.Status = haoban.BenefitPublicity
	if upheld {
		o.Status, c.Status, c.Reason = haoban.ObjectionUpheld, haoban.BenefitStopped, "异议成立："+finding
	}
	return *o, *c, nil
}

func (s *benefitStore) FindObjection(_ context.Context, id string) (haoban.Objection, error) {
	if o, ok := s.objections[id]; ok {
		return *o, nil
	}
	return haoban.Objection{}, haoban.Errorf(haoban.ENOTFOUND, "异议不存在")
}

func (s *benefitStore) ObjectionsOf(context.Context, string) ([]haoban.Objection, error) {
	return nil, nil
}

func (s *benefitStore) DepartmentBenefitWork(context.Context, string) ([]haoban.Objection, []haoban.BenefitCase, error) {
	return nil, nil, nil
}

func (s *benefitStore) BenefitDashboard(context.Context, string) (haoban.BenefitDashboard, error) {
	return haoban.BenefitDashboard{}, nil
}

func (s *benefitStore) PaidBenefits(_ context.Context, from, to time.Time) ([]haoban.BenefitCase, error) {
	var out []haoban.BenefitCase
	for _, c := range s.cases {
		if c.PaymentSerial != "" {
			out = append(out, *c)
		}
	}
	return out, nil
}

func (s *benefitStore) Calendar(context.Context) (*calendar.Calendar, error) {
	return calendar.BuiltinCalendar()
}

func (s *benefitStore) EnterprisesOf(_ context.Context, id string) ([]haoban.Enterprise, error) {
	return s.enterprise[id], nil
}

// ledger is a treasury in memory: one entry per key, and a refusal for a
// payee it is told to refuse.
type ledger struct {
	entries []treasury.LedgerEntry
	refuse  string
	now     time.Time
}

func (l *ledger) Pay(_ context.Context, o treasury.Order) (treasury.LedgerEntry, error) {
	if o.Payee.ID == l.refuse {
		return treasury.LedgerEntry{}, haoban.Errorf(haoban.EUNPROCESSABLE, "收款账户已注销")
	}
	for _, e := range l.entries {
		if e.Order.Key == o.Key {
			return e, nil
		}
	}
	e := treasury.LedgerEntry{Serial: "L" + o.Key, At: l.now, Order: o}
	l.entries = append(l.entries, e)
	return e, nil
}

func (l *ledger) Find(_ context.Context, key string) (treasury.LedgerEntry, error) {
	for _, e := range l.entries {
		if e.Order.Key == key {
			return e, nil
		}
	}
	return treasury.LedgerEntry{}, haoban.Errorf(haoban.ENOTFOUND, "no entry")
}

func (l *ledger) Ledger(context.Context, time.Time, time.Time) ([]treasury.LedgerEntry, error) {
	return l.entries, nil
}

// signals counts what the workflows were told.
type signals struct{ changed []string }

func (s *signals) BenefitChanged(_ context.Context, id string) error {
	s.changed = append(s.changed, id)
	return nil
}

func (s *signals) StartBenefit(context.Context, workflows.BenefitInput, string) error { return nil }

// seals records sealed grants and signed pledges by case.
type seals struct{ grants, pledges int }

func (s *seals) SealGrant(_ context.Context, b haoban.BenefitCase, _ []string) (haoban.Document, error) {
	s.grants++
	return haoban.Document{ID: "grant-" + b.ID, BenefitID: b.ID, Kind: "grant"}, nil
}

func (s *seals) SignPledge(_ context.Context, b haoban.BenefitCase, _, _ string, _ time.Time) (haoban.Document, error) {
	s.pledges++
	return haoban.Document{ID: "pledge-" + b.ID, BenefitID: b.ID, Kind: "pledge"}, nil
}
