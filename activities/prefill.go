package activities

import (
	"context"
	"encoding/json"
	"fmt"

	"haoban/prefill"
	"haoban/workflows"
)

// RecheckPrefill re-reads the registries for the case's applicant and
// records every value the submission kept as prefilled that a source now
// gives differently, for the reviewers to see. Writing the same changes
// again is harmless, so retries are safe.
func (a *Activities) RecheckPrefill(ctx context.Context, in workflows.RecheckInput) (workflows.RecheckResult, error) {
	kase, err := a.Store.FindCase(ctx, in.CaseID)
	if err != nil {
		return workflows.RecheckResult{}, err
	}
	var rec prefill.Record
	if raw, err := json.Marshal(kase.Prefill); err != nil {
		return workflows.RecheckResult{}, fmt.Errorf("read prefill record: %w", err)
	} else if err := json.Unmarshal(raw, &rec); err != nil {
		return workflows.RecheckResult{}, fmt.Errorf("read prefill record: %w", err)
	}
	user, err := a.Store.FindUser(ctx, in.Applicant)
	if err != nil {
		return workflows.RecheckResult{}, err
	}
	now, err := prefill.Values(ctx, user, prefill.Registry(a.Store))
	if err != nil {
		return workflows.RecheckResult{}, err
	}
	// Values kept from the applicant's earlier cases are theirs, not a
	// registry's: nothing to recheck.
	for k, src := range rec.Sources {
		if src == "previous_cases" {
			delete(rec.Sources, k)
		}
	}
	changes := prefill.Changes(rec, kase.Form, now)
	if err := a.Store.RecordPrefillChanges(ctx, in.CaseID, changes); err != nil {
		return workflows.RecheckResult{}, err
	}
	res := workflows.RecheckResult{Changed: []string{}}
	for _, c := range changes {
		res.Changed = append(res.Changed, c.Key)
	}
	return res, nil
}
