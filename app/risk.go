package app

import (
	"context"

	"haoban"
	"haoban/riskmodel"
)

// RiskStore gives the risk model and what it reads of a case.
type RiskStore interface {
	FindCase(ctx context.Context, id string) (haoban.Case, error)
	ActiveModel(ctx context.Context, item string) (riskmodel.Record, error)
	CountEarlierCases(ctx context.Context, c haoban.Case) (int, error)
}

// Risk is the model's advice on a task: the chance that the item needs a
// supplement or is rejected, and the features that weigh most. It advises
// the reviewer; it never decides.
type Risk struct {
	Item     string         `json:"item"`
	Version  int            `json:"version"`
	AUC      float64        `json:"auc"`
	Risk     float64        `json:"risk"`
	Top      []RiskReason   `json:"top"`
	Features map[string]any `json:"features"`
}

// RiskReason is one feature's pull on the risk.
type RiskReason struct {
	Feature string  `json:"feature"`
	Label   string  `json:"label"`
	Value   float64 `json:"value"`
	Weight  float64 `json:"weight"` // its contribution to the log-odds
}

// Risks score tasks with the item's active model.
type Risks struct {
	Store RiskStore
	Tasks *Tasks
}

// OfTask is the risk of a task, for the reviewers of its department.
func (s *Risks) OfTask(ctx context.Context, r Request, id string) (Risk, error) {
	task, err := s.Tasks.Actionable(ctx, r, id, "claim")
	if err != nil {
		return Risk{}, err
	}
	kase, err := s.Store.FindCase(ctx, task.CaseID)
	if err != nil {
		return Risk{}, err
	}
	return s.Of(ctx, task.Item, kase)
}

// Of predicts an item's risk with its active model from what the case shows.
func (s *Risks) Of(ctx context.Context, item string, kase haoban.Case) (Risk, error) {
	rec, err := s.Store.ActiveModel(ctx, item)
	if err != nil {
		return Risk{}, err
	}
	app := riskmodel.Application{Form: kase.Form, PrefillRatio: -1, AddressIDs: kase.AddressIDs, SubmittedAt: kase.SubmittedAt}
	if kase.PrefillRatio != nil {
		app.PrefillRatio = *kase.PrefillRatio
	}
	for _, m := range kase.Materials {
		app.Materials = append(app.Materials, m.Code)
	}
	if ex, ok := kase.Prereview["exempted"].([]any); ok {
		for _, code := range ex {
			if c, ok := code.(string); ok {
				app.Materials = append(app.Materials, c)
			}
		}
	}
	if app.Previous, err = s.Store.CountEarlierCases(ctx, kase); err != nil {
		return Risk{}, err
	}
	features := riskmodel.FeaturesOf(item, app)
	p := rec.Model.Predict(features)
	out := Risk{Item: item, Version: rec.Version, AUC: rec.Metrics.AUC, Risk: p.Risk, Features: map[string]any{}, Top: []RiskReason{}}
	for k, v := range features {
		out.Features[k] = v
	}
	for _, c := range p.Top {
		out.Top = append(out.Top, RiskReason{Feature: c.Feature, Label: riskmodel.Label(c.Feature), Value: c.Value, Weight: c.Weight})
	}
	return out, nil
}
