package app_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"haoban"
	"haoban/prefill"
)

// newerCase is the store where the applicant's newest case (prefill's
// previous_cases source) gave shareholders that c0 did not.
type newerCase struct{ *store }

func (newerCase) LatestForm(context.Context, string, time.Time) (map[string]any, time.Time, error) {
	return map[string]any{"enterprise.shareholders": "王五"}, clock.T.Add(-time.Hour), nil
}

// "再来一单": a new draft with an earlier case's values, except where a
// registry changed after that case.
func TestAgain(t *testing.T) {
	ctx := context.Background()
	submitted := clock.T.AddDate(0, 0, -30)
	setup := func(t *testing.T, registryAsOf time.Time) (*store, func(user, caseID string) (haoban.Draft, map[string]prefill.Value, error)) {
		d, s, _ := drafts(t)
		d.Store = newerCase{s}
		s.cases["c0"] = haoban.Case{ID: "c0", Bundle: "open-restaurant", Applicant: "li-na", Status: haoban.CaseCompleted,
			SubmittedAt: submitted, Form: map[string]any{"legal_rep.name": "李娜", "legal_rep.phone": "13800000000",
				"enterprise.name": "上海好味餐饮有限公司"}}
		s.residents = map[string]haoban.Resident{"310115198811203215": {IDNumber: "310115198811203215", Name: "李娜",
			Sex: "女", Phone: "13912345678", UpdatedAt: registryAsOf}}
		return s, func(user, caseID string) (haoban.Draft, map[string]prefill.Value, error) {
			draft, err := d.Again(ctx, as(t, s, user), caseID)
			var shown map[string]prefill.Value
			json.Unmarshal(draft.Shown, &shown)
			return draft, shown, err
		}
	}
	t.Run("RegistryChangedSince", func(t *testing.T) {
		_, again := setup(t, clock.T.Add(-24*time.Hour))
		d, shown, err := again("li-na", "c0")
		wantCode(t, err, "")
		if d.Applicant != "li-na" || d.Bundle != "open-restaurant" || d.CaseID != "" {
			t.Fatalf("draft %+v", d)
		}
		if d.Form["legal_rep.phone"] != "13912345678" || shown["legal_rep.phone"].Source != "population" {
			t.Fatalf("phone %v shown as %+v: the registry's newer number should win", d.Form["legal_rep.phone"], shown["legal_rep.phone"])
		}
		// What no registry knows comes from the case, saying so.
		if v := shown["enterprise.name"]; d.Form["enterprise.name"] != "上海好味餐饮有限公司" || v.Source != "previous_cases" || !v.AsOf.Equal(submitted) {
			t.Fatalf("enterprise.name %v shown as %+v", d.Form["enterprise.name"], v)
		}
		// What the case lacked and a registry knows is filled; nothing comes
		// from another case.
		if d.Form["legal_rep.id_number"] != "310115198811203215" || d.Form["enterprise.shareholders"] != nil {
			t.Fatalf("id number %v, shareholders %v", d.Form["legal_rep.id_number"], d.Form["enterprise.shareholders"])
		}
	})
	t.Run("CaseNewerThanRegistry", func(t *testing.T) {
		_, again := setup(t, submitted.AddDate(0, 0, -30))
		d, shown, err := again("li-na", "c0")
		wantCode(t, err, "")
		if d.Form["legal_rep.phone"] != "13800000000" || shown["legal_rep.phone"].Source != "previous_cases" {
			t.Fatalf("phone %v shown as %+v: the case's number is the newer", d.Form["legal_rep.phone"], shown["legal_rep.phone"])
		}
	})
	for _, tc := range []struct{ name, user, caseID string }{
		{"ErrAnotherApplicantsCase", "zhang-wei", "c0"},
		{"ErrReviewerOfItsDepartment", "reviewer-samr", "c0"}, // reads the case, but applies for nobody
		{"ErrNoSuchCase", "li-na", "no-such"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, again := setup(t, clock.T)
			_, _, err := again(tc.user, tc.caseID)
			if wantCode(t, err, haoban.ENOTFOUND); len(s.drafts) != 0 {
				t.Fatalf("drafts created: %v", s.drafts)
			}
		})
	}
}
