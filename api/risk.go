package api

import (
	"context"

	"haoban"
	"haoban/model"
)

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

// RiskOutput is a task's risk.
type RiskOutput struct {
	Body Risk
}

func (s *Server) taskRisk(ctx context.Context, in *TaskIDInput) (*RiskOutput, error) {
	task, _, err := s.actionableTask(ctx, in.ID, "claim")
	if err != nil {
		return nil, err
	}
	kase, err := s.Store.FindCase(ctx, task.CaseID)
	if err != nil {
		return nil, err
	}
	r, err := s.risk(ctx, task.Item, kase)
	if err != nil {
		return nil, err
	}
	return &RiskOutput{Body: r}, nil
}

// risk predicts with the item's active model from what the case shows.
func (s *Server) risk(ctx context.Context, item string, kase haoban.Case) (Risk, error) {
	rec, err := s.Store.ActiveModel(ctx, item)
	if err != nil {
		return Risk{}, err
	}
	app := model.Application{Form: kase.Form, PrefillRatio: -1, AddressIDs: kase.AddressIDs, SubmittedAt: kase.SubmittedAt}
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
	features := model.FeaturesOf(item, app)
	p := rec.Model.Predict(features)
	out := Risk{Item: item, Version: rec.Version, AUC: rec.Metrics.AUC, Risk: p.Risk, Features: map[string]any{}, Top: []RiskReason{}}
	for k, v := range features {
		out.Features[k] = v
	}
	for _, c := range p.Top {
		out.Top = append(out.Top, RiskReason{Feature: c.Feature, Label: model.Label(c.Feature), Value: c.Value, Weight: c.Weight})
	}
	return out, nil
}
