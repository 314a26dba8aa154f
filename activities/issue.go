package activities

import (
	"context"

	"haoban/issuing"
	"haoban/workflows"
)

// Issue issues an approved item's licence with its sealed documents. It
// is idempotent: the number is drawn once and each document recorded once.
func (a *Activities) Issue(ctx context.Context, in workflows.IssueInput) (workflows.IssueResult, error) {
	out, err := a.Issuer.Issue(ctx, issuing.Request{CaseID: in.CaseID, Item: in.Item})
	if err != nil || out.Licence.ID == "" {
		return workflows.IssueResult{}, err
	}
	res := workflows.IssueResult{LicenceID: out.Licence.ID, Number: out.Licence.Number}
	for _, d := range out.Documents {
		res.Documents = append(res.Documents, d.ID)
	}
	return res, nil
}
