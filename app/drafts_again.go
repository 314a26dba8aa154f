package app

import (
	"context"

	"haoban"
	"haoban/prefill"
)

// Again ("再来一单") opens a new draft with a case's values, taking a
// registry's value instead wherever the registry changed after that case.
func (s *Drafts) Again(ctx context.Context, r Request, caseID string) (haoban.Draft, error) {
	kase, b, err := s.Cases.Own(ctx, r, caseID)
	if err != nil {
		return haoban.Draft{}, err
	}
	fields, err := prefill.Form(ctx, b, r.User, prefill.Registry(s.Store, now(s.Time)))
	if err != nil {
		return haoban.Draft{}, err
	}
	form, shown := map[string]any{}, map[string]prefill.Value{}
	for _, f := range fields {
		old, had := kase.Form[f.Key]
		switch {
		case !f.ToFill && (!had || f.AsOf.After(kase.SubmittedAt)):
			form[f.Key], shown[f.Key] = f.Value, prefill.Value{Value: f.Value, Source: f.Source, AsOf: f.AsOf}
		case had:
			form[f.Key] = old
			shown[f.Key] = prefill.Value{Value: old, Source: "previous_cases", AsOf: kase.SubmittedAt}
		}
	}
	// An empty draft, not Create's: its prefill would add the newest case's
	// values where this case had none, shown as typed by the applicant.
	d, err := s.newDraft(ctx, r, b)
	if err != nil {
		return haoban.Draft{}, err
	}
	if err := s.patchPrefilled(ctx, d.ID, b, form, shown); err != nil {
		return d, err
	}
	return s.Store.FindDraft(ctx, d.ID)
}
