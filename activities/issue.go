package activities

import (
	"context"

	"go.temporal.io/sdk/temporal"

	"haoban"
	"haoban/issuing"
	"haoban/workflows"
)

// Issue issues an approved item's licence with its sealed documents, or
// for an amendment the licence's next version with the fields it changed.
// It is idempotent: the number is drawn once and each document recorded
// once.
func (a *Activities) Issue(ctx context.Context, in workflows.IssueInput) (workflows.IssueResult, error) {
	out, err := a.Issuer.Issue(ctx, issuing.Request{CaseID: in.CaseID, Item: in.Item})
	if err != nil || out.Licence.ID == "" {
		return workflows.IssueResult{}, err
	}
	res := issued(out)
	if len(out.Changed) > 0 {
		res.Holder, res.Type, res.Changes = out.Licence.Holder, out.Licence.Type, map[string]any{}
		for _, k := range out.Changed {
			res.Changes[k] = out.Licence.Fields[k]
		}
	}
	return res, nil
}

// Reissue issues the next version of a linked licence with the change.
func (a *Activities) Reissue(ctx context.Context, in workflows.ReissueInput) (workflows.IssueResult, error) {
	out, err := a.Issuer.Reissue(ctx, in.LicenceID, in.CaseID, in.Changes)
	if code := haoban.ErrorCode(err); code == haoban.EUNPROCESSABLE || code == haoban.ENOTFOUND || code == haoban.ECONFLICT {
		// No retry will find an issuing item or a licence that is not there,
		// nor make a revoked licence valid.
		return workflows.IssueResult{}, temporal.NewNonRetryableApplicationError(err.Error(), code, err)
	} else if err != nil {
		return workflows.IssueResult{}, err
	}
	return issued(out), nil
}

// LinkedLicences finds the licences that follow an amendment.
func (a *Activities) LinkedLicences(ctx context.Context, in workflows.LinkedInput) ([]workflows.LinkedLicence, error) {
	list, err := a.Issuer.LinkedLicences(ctx, in.Holder, in.Amended, in.Changes)
	if err != nil {
		return nil, err
	}
	out := make([]workflows.LinkedLicence, len(list))
	for i, l := range list {
		out[i] = workflows.LinkedLicence(l)
	}
	return out, nil
}

func issued(out issuing.Issued) workflows.IssueResult {
	res := workflows.IssueResult{LicenceID: out.Licence.ID, Number: out.Licence.Number}
	for _, d := range out.Documents {
		res.Documents = append(res.Documents, d.ID)
	}
	return res
}
