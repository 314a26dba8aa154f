package prefill

import (
	"context"
	"sync"
	"time"

	"haoban"
)

// Registries is what the local sources read; the store implements it.
type Registries interface {
	FindResident(ctx context.Context, idNumber string) (haoban.Resident, error)
	EnterprisesOf(ctx context.Context, idNumber string) ([]haoban.Enterprise, error)
	LatestForm(ctx context.Context, applicant string, before time.Time) (map[string]any, time.Time, error)
	LatestBirth(ctx context.Context, parentID string) (haoban.Birth, error)
	FindBuilding(ctx context.Context, address string) (haoban.Building, error)
	FindDrainage(ctx context.Context, address string) (haoban.Drainage, error)
	LicencesOf(ctx context.Context, holders []string) ([]haoban.Licence, error)
}

// notFound treats a registry's "no record" as nothing to fill.
func notFound(err error) error {
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return nil
	}
	return err
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
	parent, other := "mother", "father"
	if r.Sex == "男" {
		parent, other = "father", "mother"
	}
	v := func(x any) Value { return Value{Value: x, Source: "population", AsOf: r.UpdatedAt} }
	out := map[string]Value{
		"person.name": v(r.Name), "person.id_number": v(r.IDNumber), "person.phone": v(r.Phone),
		"legal_rep.name": v(r.Name), "legal_rep.id_number": v(r.IDNumber), "legal_rep.phone": v(r.Phone),
		parent + ".name": v(r.Name), parent + ".id_number": v(r.IDNumber),
		"household.head": v(r.Name), "household.address": v(r.Address), "household.relation": v("户主"),
		"card.mailing_address": v(r.Address), "insurance.payer": v(r.Name),
	}
	if r.SpouseID != "" && r.SpouseName != "" {
		// The marriage registry names the other parent.
		out[other+".name"] = Value{Value: r.SpouseName, Source: "marriage", AsOf: r.UpdatedAt}
		out[other+".id_number"] = Value{Value: r.SpouseID, Source: "marriage", AsOf: r.UpdatedAt}
	}
	return out, nil
}

// Births fills a newborn's particulars from the hospital's birth record
// filed under the applicant (出生医学信息).
type Births struct{ R Registries }

// Code names the source.
func (Births) Code() string { return "births" }

// Fill reads the applicant's newest birth record.
func (b Births) Fill(ctx context.Context, u haoban.User) (map[string]Value, error) {
	if u.IDNumber == "" {
		return nil, nil
	}
	rec, err := b.R.LatestBirth(ctx, u.IDNumber)
	if err != nil {
		return nil, notFound(err)
	}
	v := func(x any) Value { return Value{Value: x, Source: "births", AsOf: rec.UpdatedAt} }
	at := rec.BirthTime.In(haoban.Beijing)
	return map[string]Value{
		"child.sex": v(rec.ChildSex), "child.birth_time": v(at.Format("2006-01-02 15:04")),
		"child.hospital": v(rec.Hospital), "insurance.start": v(at.Format(time.DateOnly)),
	}, nil
}

// Premises fills what is on record about the applicant's enterprise's
// premises: the building's fire acceptance and the drainage permit.
type Premises struct{ R Registries }

// Code names the source.
func (Premises) Code() string { return "premises" }

// Fill looks the enterprise's address up in both registries.
func (p Premises) Fill(ctx context.Context, u haoban.User) (map[string]Value, error) {
	if u.IDNumber == "" {
		return nil, nil
	}
	list, err := p.R.EnterprisesOf(ctx, u.IDNumber)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	out := map[string]Value{}
	if b, err := p.R.FindBuilding(ctx, list[0].Address); err == nil {
		v := func(x any) Value { return Value{Value: x, Source: "buildings", AsOf: b.UpdatedAt} }
		facilities := make([]any, len(b.FireFacilities))
		for i, f := range b.FireFacilities {
			facilities[i] = f
		}
		out["premises.area"], out["venue.floors"] = v(b.Area), v(float64(b.Floors))
		out["venue.max_occupancy"], out["venue.exits"] = v(float64(b.MaxOccupancy)), v(float64(b.Exits))
		out["venue.fire_facilities"] = v(facilities)
	} else if err := notFound(err); err != nil {
		return nil, err
	}
	if d, err := p.R.FindDrainage(ctx, list[0].Address); err == nil {
		v := func(x any) Value { return Value{Value: x, Source: "drainage", AsOf: d.UpdatedAt} }
		out["drainage.volume"], out["drainage.grease_trap"] = v(d.Volume), v(d.GreaseTrap)
	} else if err := notFound(err); err != nil {
		return nil, err
	}
	return out, nil
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
	out := map[string]Value{
		"enterprise.name": v(x.Name), "enterprise.type": v(x.Type), "enterprise.address": v(x.Address),
		"enterprise.capital": v(x.Capital), "enterprise.scope": v(x.Scope), "premises.address": v(x.Address),
		"enterprise.shareholders": v(x.Shareholders), "enterprise.uscc": v(x.USCC),
	}
	if x.Employees > 0 {
		out["food.staff"] = Value{Value: float64(x.Employees), Source: "social_insurance", AsOf: x.UpdatedAt}
	}
	return out, nil
}

// PreviousCases fills what the applicant gave in their newest case
// submitted before Before (any case, when Before is zero).
type PreviousCases struct {
	R      Registries
	Before time.Time
}

// Code names the source.
func (PreviousCases) Code() string { return "previous_cases" }

// Fill returns the newest case's values.
func (p PreviousCases) Fill(ctx context.Context, u haoban.User) (map[string]Value, error) {
	form, at, err := p.R.LatestForm(ctx, u.ID, p.Before)
	if err != nil || form == nil {
		return nil, err
	}
	out := map[string]Value{}
	for k, val := range form {
		out[k] = Value{Value: val, Source: "previous_cases", AsOf: at}
	}
	return out, nil
}

// Licences fills the fields embedded in the valid e-licences the applicant
// holds, in person or through an enterprise they represent (电子证照库).
type Licences struct {
	R Registries
	// Now picks the licences in force; it is the moment of the prefill.
	Now time.Time
}

// Code names the source.
func (Licences) Code() string { return "licences" }

// Fill reads the newest valid licence of each type first.
func (l Licences) Fill(ctx context.Context, u haoban.User) (map[string]Value, error) {
	if u.IDNumber == "" {
		return nil, nil
	}
	holders := []string{u.IDNumber}
	list, err := l.R.EnterprisesOf(ctx, u.IDNumber)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		holders = append(holders, e.USCC)
	}
	licences, err := l.R.LicencesOf(ctx, holders)
	if err != nil {
		return nil, err
	}
	out := map[string]Value{}
	for _, lic := range licences {
		if !lic.ValidOn(l.Now) {
			continue
		}
		for k, v := range lic.Fields {
			if _, ok := out[k]; !ok {
				out[k] = Value{Value: v, Source: "licences", AsOf: lic.UpdatedAt}
			}
		}
	}
	return out, nil
}

// Registry are the sources kept by authorities, in the order they are
// trusted, read at now; "再来一单" and the submission check read only these.
func Registry(r Registries, now time.Time) []Source {
	r = &memo{Registries: r, enterprises: map[string][]haoban.Enterprise{}}
	return []Source{Population{R: r}, Births{R: r}, EnterpriseRegistry{R: r}, Premises{R: r}, Licences{R: r, Now: now}}
}

// Default are the sources in the order they are trusted: registries before
// what the applicant typed last time.
func Default(r Registries, now time.Time) []Source {
	return append(Registry(r, now), PreviousCases{R: r})
}

// memo remembers the enterprises of a person for one set of sources: the
// enterprise registry, the premises and the licences all start from them,
// and one lookup serves the three.
type memo struct {
	Registries
	mu          sync.Mutex
	enterprises map[string][]haoban.Enterprise
}

// EnterprisesOf looks a person's enterprises up once.
func (m *memo) EnterprisesOf(ctx context.Context, idNumber string) ([]haoban.Enterprise, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if list, ok := m.enterprises[idNumber]; ok {
		return list, nil
	}
	list, err := m.Registries.EnterprisesOf(ctx, idNumber)
	if err == nil {
		m.enterprises[idNumber] = list
	}
	return list, err
}
