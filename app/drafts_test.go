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
		_, err := d.Submit(ctx, as(t, s, "zhang-wei"), draft.ID)
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
		id, err := d.Submit(ctx, r, draft.ID)
		wantCode(t, err, "")
		again, err := d.Submit(ctx, r, draft.ID)
		if err != nil || again != id || len(s.created) != 1 || f.calls[len(f.calls)-1] != "start" {
			t.Fatalf("second submission %s (%v), %d cases, calls %v", again, err, len(s.created), f.calls)
		}
	})
}
