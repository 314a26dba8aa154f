package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/riskmodel"
)

// foodModel weighs three things a food-licence application shows: each
// absent thing (no layout, no manager's certificate, a first application)
// adds 1 to the log-odds, each present one takes 1 away.
var foodModel = riskmodel.Record{Item: "food-licence", Version: 3, Metrics: riskmodel.Metrics{AUC: 0.81}, Active: true,
	Model: riskmodel.Model{Item: "food-licence", Features: []string{"first_application", "has_layout", "manager_has_cert"},
		Weights: []float64{1, -1, -1}, Means: []float64{0.5, 0.5, 0.5}, Stds: []float64{0.5, 0.5, 0.5}}}

func risks(t *testing.T) (*app.Risks, *store) {
	ts, s, _ := tasks(t)
	s.models = map[string]riskmodel.Record{"food-licence": foodModel}
	return &app.Risks{Store: s, Tasks: ts}, s
}

func TestRiskOf(t *testing.T) {
	ctx := context.Background()
	t.Run("FirstApplicationWithNothing", func(t *testing.T) {
		rs, s := risks(t)
		r, err := rs.Of(ctx, "food-licence", s.cases["c1"])
		wantCode(t, err, "")
		if r.Risk < 0.9 || r.Version != 3 || r.AUC != 0.81 || len(r.Top) != 3 || r.Features["has_layout"] != 0.0 {
			t.Fatalf("risk %+v", r)
		}
		if r.Top[0].Feature != "first_application" || r.Top[0].Label == "first_application" || r.Top[0].Weight != 1 {
			t.Fatalf("top %+v: want each labelled, ties by name", r.Top)
		}
		if _, ok := r.Features["prefill_ratio"]; ok {
			t.Fatal("a case without a measured prefill ratio has one")
		}
	})
	t.Run("UploadedExemptedAndReturning", func(t *testing.T) {
		rs, s := risks(t)
		k := s.cases["c1"]
		k.SubmittedAt = clock.T
		k.Materials = []haoban.CaseMaterial{{Code: "layout"}}
		// Decoded from JSON, as the store reads it: a licence stood in for it.
		k.Prereview = map[string]any{"exempted": []any{"food-manager-proof"}}
		ratio := 0.75
		k.PrefillRatio = &ratio
		s.cases["c1"] = k
		s.cases["c0"] = haoban.Case{ID: "c0", Bundle: k.Bundle, Applicant: "li-na", SubmittedAt: clock.T.Add(-time.Hour)}
		r, err := rs.Of(ctx, "food-licence", k)
		wantCode(t, err, "")
		if r.Risk > 0.1 || r.Features["has_layout"] != 1.0 || r.Features["manager_has_cert"] != 1.0 ||
			r.Features["first_application"] != 0.0 || r.Features["prefill_ratio"] != 0.75 {
			t.Fatalf("risk %+v", r)
		}
	})
	t.Run("ErrNoModel", func(t *testing.T) {
		// The task page shows no advice rather than failing.
		rs, s := risks(t)
		_, err := rs.Of(ctx, "fire-check", s.cases["c1"])
		wantCode(t, err, haoban.ENOTFOUND)
	})
}

func TestRiskOfTask(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, user, task, code string
	}{
		{"OK", "reviewer-samr", "c1.food-licence", ""},
		{"ErrReviewerOfAnotherDepartment", "reviewer-fire", "c1.food-licence", haoban.EFORBIDDEN},
		{"ErrApplicant", "li-na", "c1.food-licence", haoban.EFORBIDDEN},
		{"ErrSupervisor", "supervisor", "c1.food-licence", haoban.EFORBIDDEN}, // advice for whoever decides
		{"ErrNoSuchTask", "reviewer-samr", "c1.nothing", haoban.ENOTFOUND},
		{"ErrNoModel", "reviewer-fire", "c1.fire-check", haoban.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, s := risks(t)
			r, err := rs.OfTask(ctx, as(t, s, tc.user), tc.task)
			wantCode(t, err, tc.code)
			if tc.code == "" && (r.Item != "food-licence" || r.Risk <= 0 || r.Risk >= 1) {
				t.Fatalf("risk %+v", r)
			}
		})
	}
}
