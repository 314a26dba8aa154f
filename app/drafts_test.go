package app_test

import (
	"context"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/demo"
)

func drafts(t *testing.T) (*app.Drafts, *store, *flow) {
	s, f := newStore(), &flow{}
	c := &app.Cases{Store: s, Flow: f, Authz: authz(t), Time: clock}
	return &app.Drafts{Store: s, Flow: f, Reviewer: reviewer{}, Cases: c, Time: clock}, s, f
}

func TestDrafts(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrUnknownBundle", func(t *testing.T) {
		d, s, _ := drafts(t)
		_, err := d.Create(ctx, as(t, s, "zhang-wei"), app.NewDraft{Bundle: "no-such"})
		wantCode(t, err, haoban.EUNPROCESSABLE)
	})
	t.Run("ErrAnotherApplicantsDraft", func(t *testing.T) {
		d, s, _ := drafts(t)
		draft, err := d.Create(ctx, as(t, s, "zhang-wei"), app.NewDraft{Bundle: "newborn"})
		wantCode(t, err, "")
		_, err = d.Get(ctx, as(t, s, "li-na"), draft.ID)
		wantCode(t, err, haoban.ENOTFOUND)
		_, err = d.Patch(ctx, as(t, s, "li-na"), draft.ID, app.DraftChanges{Form: map[string]any{"child.name": "张小满"}})
		wantCode(t, err, haoban.ENOTFOUND)
	})
	t.Run("ErrBadValue", func(t *testing.T) {
		d, s, _ := drafts(t)
		draft, _ := d.Create(ctx, as(t, s, "zhang-wei"), app.NewDraft{Bundle: "newborn"})
		_, err := d.Patch(ctx, as(t, s, "zhang-wei"), draft.ID, app.DraftChanges{Form: map[string]any{"mother.id_number": "123"}})
		wantCode(t, err, haoban.EUNPROCESSABLE)
	})
	t.Run("ErrSubmitIncomplete", func(t *testing.T) {
		d, s, f := drafts(t)
		draft, _ := d.Create(ctx, as(t, s, "zhang-wei"), app.NewDraft{Bundle: "newborn"})
		_, err := d.Submit(ctx, as(t, s, "zhang-wei"), draft.ID, app.SubmitOptions{})
		wantCode(t, err, haoban.EUNPROCESSABLE)
		if len(haoban.ErrorDetails(err)) < 5 || len(f.calls) != 0 {
			t.Fatalf("%d problems listed, calls %v", len(haoban.ErrorDetails(err)), f.calls)
		}
	})
	t.Run("SubmitOnceStartsTheCase", func(t *testing.T) {
		d, s, f := drafts(t)
		r := as(t, s, "zhang-wei")
		draft, _ := d.Create(ctx, r, app.NewDraft{Bundle: "newborn"})
		_, err := d.Patch(ctx, r, draft.ID, app.DraftChanges{Form: demo.NewbornForm()})
		wantCode(t, err, "")
		id, err := d.Submit(ctx, r, draft.ID, app.SubmitOptions{})
		wantCode(t, err, "")
		again, err := d.Submit(ctx, r, draft.ID, app.SubmitOptions{})
		if err != nil || again != id || len(s.created) != 1 || f.calls[len(f.calls)-1] != "start" {
			t.Fatalf("second submission %s (%v), %d cases, calls %v", again, err, len(s.created), f.calls)
		}
	})
}

// TestDraftReads pre-reviews a draft and fills a bundle's form.
func TestDraftReads(t *testing.T) {
	ctx := context.Background()
	t.Run("Prereview", func(t *testing.T) {
		d, s, seen := zhangWeisDraft(t)
		rep, err := d.Prereview(ctx, as(t, s, "zhang-wei"), "d1")
		wantCode(t, err, "")
		if len(seen.got) != 1 || seen.got[0].Bundle.Code != "newborn" || seen.got[0].Applicant.ID != "zhang-wei" ||
			seen.got[0].Form["father.name"] != "张伟" || !rep.ReviewedAt.Equal(clock.T) {
			t.Fatalf("reviewed %+v, report %+v", seen.got, rep)
		}
	})
	t.Run("ErrPrereviewAnotherApplicantsDraft", func(t *testing.T) {
		d, s, seen := zhangWeisDraft(t)
		_, err := d.Prereview(ctx, as(t, s, "li-na"), "d1")
		wantCode(t, err, haoban.ENOTFOUND)
		_, err = d.Prereview(ctx, as(t, s, "zhang-wei"), "no-such")
		wantCode(t, err, haoban.ENOTFOUND)
		if len(seen.got) != 0 {
			t.Fatal("reviewed a draft it should not have")
		}
	})
	t.Run("FormPrefilledFromTheRegistry", func(t *testing.T) {
		d, s, _ := zhangWeisDraft(t)
		f, err := d.Form(ctx, as(t, s, "zhang-wei"), "newborn")
		wantCode(t, err, "")
		toFill, filled := map[string]bool{}, 0
		for _, x := range f.Fields {
			toFill[x.Key] = x.ToFill
			if !x.ToFill {
				filled++
			}
			if x.Key == "father.name" && (x.Value != "张伟" || x.Source != "population" || !x.AsOf.Equal(zhangWei.UpdatedAt)) {
				t.Fatalf("father.name %+v", x)
			}
		}
		n := len(s.bundles["newborn"].Fields())
		if f.Bundle != "newborn" || len(f.Fields) != n || toFill["father.name"] || !toFill["child.name"] ||
			filled == 0 || f.PrefillRatio != float64(filled)/float64(n) {
			t.Fatalf("%d fields of %d, %d filled, ratio %v", len(f.Fields), n, filled, f.PrefillRatio)
		}
	})
	t.Run("ErrFormOfNoBundle", func(t *testing.T) {
		d, s, _ := zhangWeisDraft(t)
		_, err := d.Form(ctx, as(t, s, "zhang-wei"), "no-such")
		wantCode(t, err, haoban.ENOTFOUND) // a path's code: 404
	})
}
