package activities

import (
	"context"
	"fmt"
	"slices"

	"haoban/prereview"
	"haoban/rules"
	"haoban/workflows"
)

// Prereview runs the review points on a submitted case and stores the
// report with the rule versions used. Blocking failures on a case
// submitted from a draft mean it is not accepted (不予受理) and the draft
// opens again; a case posted whole through the API (its materials follow
// at the counter) is accepted, and the report advises its reviewers.
// Running it again stores the same report.
func (a *Activities) Prereview(ctx context.Context, in workflows.PrereviewInput) (workflows.PrereviewResult, error) {
	kase, err := a.Store.FindCasePrefill(ctx, in.CaseID)
	if err != nil {
		return workflows.PrereviewResult{}, err
	}
	b, err := a.Store.FindBundle(ctx, kase.Bundle)
	if err != nil {
		return workflows.PrereviewResult{}, err
	}
	materials, err := a.Store.CaseMaterials(ctx, in.CaseID)
	if err != nil {
		return workflows.PrereviewResult{}, err
	}
	rep, err := a.Reviewer.Review(ctx, prereview.Application{Bundle: b, Form: kase.Form, Materials: materials,
		Applicant: kase.Applicant, Today: a.now()})
	if err != nil {
		return workflows.PrereviewResult{}, err
	}
	res := workflows.PrereviewResult{Blocking: rep.Blocking, Warnings: rep.Warnings, Instant: map[string][]string{},
		NotAccepted: kase.DraftID != "" && rep.Blocking > 0}
	for _, r := range rep.Results {
		if r.Outcome == rules.OutcomeFailed && r.Severity == rules.SeverityBlocking {
			res.Reasons = append(res.Reasons, r.Message)
		}
	}
	for _, it := range b.Items {
		if it.Instant {
			if versions, ok := allPassed(rep.Results, it.Code); ok {
				res.Instant[it.Code] = versions
			}
		}
	}
	return res, a.Store.RecordPrereview(ctx, in.CaseID, rep, res.NotAccepted)
}

// allPassed reports whether the item has rules and none of them failed,
// with the versions of those that passed.
func allPassed(results []rules.Result, item string) ([]string, bool) {
	var versions []string
	for _, r := range results {
		if r.Item != item {
			continue
		}
		if r.Outcome == rules.OutcomeFailed {
			return nil, false
		}
		if r.Outcome == rules.OutcomePassed {
			versions = append(versions, fmt.Sprintf("%s@v%d", r.Rule, r.Version))
		}
	}
	slices.Sort(versions)
	return versions, len(versions) > 0
}
