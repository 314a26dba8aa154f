package prefill

import (
	"context"
	"time"

	"haoban"
)

// Registries is what the local sources read; the store implements it.
type Registries interface {
	FindResident(ctx context.Context, idNumber string) (haoban.Resident, error)
	EnterprisesOf(ctx context.Context, idNumber string) ([]haoban.Enterprise, error)
	LatestForm(ctx context.Context, applicant string) (map[string]any, time.Time, error)
}

// Population fills the applicant's own particulars from the population registry.
type Population struct{ R Registries }

// Code names the source.
func (Population) Code() string { return "population" }

// Fill reads the applicant's record: as legal representative, as a parent
// (father or mother by the registry's sex), as household head and payer.
func (p Population) Fill(ctx context.Context, u haoban.User) (map[string]Value, error) {
	if u.IDNumber == "" {
		return nil, nil
	}
	r, err := p.R.FindResident(ctx, u.IDNumber)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	parent := "mother"
	if r.Sex == "男" {
		parent = "father"
	}
	v := func(x any) Value { return Value{Value: x, Source: "population", AsOf: r.UpdatedAt} }
	return map[string]Value{
		"legal_rep.name": v(r.Name), "legal_rep.id_number": v(r.IDNumber), "legal_rep.phone": v(r.Phone),
		parent + ".name": v(r.Name), parent + ".id_number": v(r.IDNumber),
		"household.head": v(r.Name), "household.address": v(r.Address), "household.relation": v("户主"),
		"card.mailing_address": v(r.Address), "insurance.payer": v(r.Name),
	}, nil
}

// EnterpriseRegistry fills the enterprise the applicant represents.
type EnterpriseRegistry struct{ R Registries }

// Code names the source.
func (EnterpriseRegistry) Code() string { return "enterprise" }

// Fill reads the first enterprise whose legal representative is the applicant.
func (e EnterpriseRegistry) Fill(ctx context.Context, u haoban.User) (map[string]Value, error) {
	if u.IDNumber == "" {
		return nil, nil
	}
	list, err := e.R.EnterprisesOf(ctx, u.IDNumber)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	x := list[0]
	v := func(val any) Value { return Value{Value: val, Source: "enterprise", AsOf: x.UpdatedAt} }
	return map[string]Value{
		"enterprise.name": v(x.Name), "enterprise.type": v(x.Type), "enterprise.address": v(x.Address),
		"enterprise.capital": v(x.Capital), "enterprise.scope": v(x.Scope), "premises.address": v(x.Address),
	}, nil
}

// PreviousCases fills what the applicant gave in their newest case.
type PreviousCases struct{ R Registries }

// Code names the source.
func (PreviousCases) Code() string { return "previous_cases" }

// Fill returns the newest case's values.
func (p PreviousCases) Fill(ctx context.Context, u haoban.User) (map[string]Value, error) {
	form, at, err := p.R.LatestForm(ctx, u.ID)
	if err != nil || form == nil {
		return nil, err
	}
	out := map[string]Value{}
	for k, val := range form {
		out[k] = Value{Value: val, Source: "previous_cases", AsOf: at}
	}
	return out, nil
}

// Default are the sources in the order they are trusted: registries before
// what the applicant typed last time.
func Default(r Registries) []Source {
	return []Source{Population{R: r}, EnterpriseRegistry{R: r}, PreviousCases{R: r}}
}
