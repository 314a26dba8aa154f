package issuing

import (
	"context"
	"maps"
	"slices"

	"github.com/google/uuid"

	"haoban"
)

// Reissue issues the next version of a valid licence with changed fields,
// sealed by its department, and supersedes the old version, which then
// verifies as superseded and points to the new one (联动变更). CaseID names
// the change that caused it, "" when none. Run again, it issues nothing
// new.
func (i *Issuer) Reissue(ctx context.Context, licenceID, caseID string, changes map[string]any) (Issued, error) {
	old, err := i.Store.FindLicence(ctx, licenceID)
	if err != nil {
		return Issued{}, err
	}
	it, err := i.itemIssuing(ctx, old.Type)
	if err != nil {
		return Issued{}, err
	}
	next := old
	next.ID = uuid.NewSHA1(namespace, []byte(old.ID+"/next")).String()
	next.Fields = maps.Clone(old.Fields)
	maps.Copy(next.Fields, changes)
	if name, ok := changes["enterprise.name"].(string); ok {
		next.HolderName = name
	}
	now := i.now()
	next.IssuedAt, next.ValidFrom, next.CaseID = now, haoban.DateOf(now), caseID
	lic, err := i.Store.SupersedeLicence(ctx, old.ID, next)
	if err != nil {
		return Issued{}, err
	}
	return i.documents(ctx, lic, it)
}

// itemIssuing is the catalogue's item that issues a licence type, for its
// department, title and field labels.
func (i *Issuer) itemIssuing(ctx context.Context, licenceType string) (haoban.Item, error) {
	bundles, err := i.Store.ListBundles(ctx)
	if err != nil {
		return haoban.Item{}, err
	}
	for _, b := range bundles {
		for _, it := range b.Items {
			if it.Licence == licenceType {
				return it, nil
			}
		}
	}
	return haoban.Item{}, haoban.Errorf(haoban.EUNPROCESSABLE, "没有签发「%s」的事项，不能换发", licenceType)
}

// amend issues the next version of the licence the form names (by the
// holder's credit code) with the form's values, and says which fields
// changed: the linked licences follow those.
func (i *Issuer) amend(ctx context.Context, caseID string, kase haoban.CasePrefill, it haoban.Item) (Issued, error) {
	holder, _ := kase.Form["enterprise.uscc"].(string)
	held, err := i.Store.LicencesOf(ctx, []string{holder})
	if err != nil {
		return Issued{}, err
	}
	today := i.now()
	for _, l := range held {
		if l.Type != it.Licence || !l.ValidOn(today) {
			continue
		}
		changes := map[string]any{}
		for _, f := range it.Fields {
			if v, ok := kase.Form[f.Key]; ok && haoban.Display(v) != haoban.Display(l.Fields[f.Key]) {
				changes[f.Key] = v
			}
		}
		out, err := i.Reissue(ctx, l.ID, caseID, changes)
		out.Changed = slices.Sorted(maps.Keys(changes))
		return out, err
	}
	return Issued{}, haoban.Errorf(haoban.EUNPROCESSABLE, "持证人 %s 没有有效的「%s」，无从变更", holder, it.LicenceName)
}

// Linked is a licence that embeds changed fields, and what its rule says.
type Linked struct {
	LicenceID  string
	Type       string
	Number     string
	Department string
	ItemName   string
	Budget     int // working days, for a review
	Handling   string
	Changes    map[string]any
}

// LinkedLicences finds the holder's valid licences, other than the one
// amended, that embed a changed field, with how their rule handles it. A
// licence whose embedded fields did not change is left out.
func (i *Issuer) LinkedLicences(ctx context.Context, holder, amended string, changes map[string]any) ([]Linked, error) {
	rules, err := i.Store.ListLinkRules(ctx)
	if err != nil {
		return nil, err
	}
	held, err := i.Store.LicencesOf(ctx, []string{holder})
	if err != nil {
		return nil, err
	}
	var out []Linked
	today := i.now()
	for _, l := range held {
		if l.Type == amended || !l.ValidOn(today) {
			continue
		}
		for _, r := range rules {
			if r.LicenceType != l.Type {
				continue
			}
			embedded := map[string]any{}
			for k, v := range changes {
				if h := r.Fields[k]; h != "" && h != haoban.LinkNone {
					embedded[k] = v
				}
			}
			handling := r.Handling(slices.Collect(maps.Keys(embedded)))
			if handling == haoban.LinkNone {
				continue
			}
			linked := Linked{LicenceID: l.ID, Type: l.Type, Number: l.Number, Department: l.IssuedBy, ItemName: l.Type,
				Budget: 5, Handling: handling, Changes: embedded}
			// A licence no item of the catalogue issues is still listed: its
			// reissue fails, and the supervisors see it.
			if it, err := i.itemIssuing(ctx, l.Type); err == nil {
				linked.Department, linked.ItemName, linked.Budget = it.Department, it.LicenceName, it.PromisedDays
			} else if haoban.ErrorCode(err) != haoban.EUNPROCESSABLE {
				return nil, err
			}
			out = append(out, linked)
		}
	}
	return out, nil
}
