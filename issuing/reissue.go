package issuing

import (
	"context"
	"maps"
	"time"

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
	now := time.Now()
	next.IssuedAt, next.ValidFrom, next.CaseID = now, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), caseID
	lic, err := i.Store.SupersedeLicence(ctx, old.ID, next)
	if err != nil {
		return Issued{}, err
	}
	k, err := i.EnsureSeal(ctx, it.Department)
	if err != nil {
		return Issued{}, err
	}
	out := Issued{Licence: lic}
	for _, kind := range []string{haoban.DocumentLicence, haoban.DocumentDecision} {
		d, err := i.document(ctx, k, lic, it, kind)
		if err != nil {
			return out, err
		}
		out.Documents = append(out.Documents, d)
	}
	return out, nil
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
