package activities

import (
	"context"
	"encoding/json"
	"fmt"

	"haoban/prefill"
	"haoban/workflows"
)

// RecheckPrefill reads the registries for the case's applicant once. When
// the submission was measured against what a draft showed, it records every
// value kept as prefilled that a source now gives differently, for the
// reviewers to see; otherwise it measures the submission against the
// sources now. Writing the same again is harmless, so retries are safe.
func (a *Activities) RecheckPrefill(ctx context.Context, in workflows.RecheckInput) (workflows.RecheckResult, error) {
	kase, err := a.Store.FindCasePrefill(ctx, in.CaseID)
	if err != nil {
		return workflows.RecheckResult{}, err
	}
	b, err := a.Store.FindBundle(ctx, kase.Bundle)
	if err != nil {
		return workflows.RecheckResult{}, err
	}
	user := kase.Applicant
	res := workflows.RecheckResult{Changed: []string{}}
	if kase.Prefill == nil {
		// The case is on record already: previous cases are those before it.
		sources := append(prefill.Registry(a.Store, a.now()), prefill.PreviousCases{R: a.Store, Before: kase.SubmittedAt})
		now, err := prefill.Values(ctx, user, sources)
		if err != nil {
			return res, err
		}
		rec := prefill.Compare(prefill.Fields(b, now), kase.Form)
		return res, a.Store.RecordPrefill(ctx, in.CaseID, rec, &rec.Ratio, nil)
	}
	var rec prefill.Record
	if raw, err := json.Marshal(kase.Prefill); err != nil {
		return res, fmt.Errorf("read prefill record: %w", err)
	} else if err := json.Unmarshal(raw, &rec); err != nil {
		return res, fmt.Errorf("read prefill record: %w", err)
	}
	// Values kept from the applicant's earlier cases are theirs, not a
	// registry's: nothing to recheck.
	for k, src := range rec.Sources {
		if src == "previous_cases" {
			delete(rec.Sources, k)
		}
	}
	now, err := prefill.Values(ctx, user, prefill.Registry(a.Store, a.now()))
	if err != nil {
		return res, err
	}
	changes := prefill.Changes(rec, kase.Form, now)
	for _, c := range changes {
		res.Changed = append(res.Changed, c.Key)
	}
	return res, a.Store.RecordPrefill(ctx, in.CaseID, nil, nil, changes)
}
