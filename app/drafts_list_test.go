package app_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/prereview"
)

// The drafts' fakes: open drafts newest first, open cases, and the
// enterprise registry by name (empty).

func (s *store) OpenDrafts(_ context.Context, applicant, bundle string, afterAt time.Time, afterID string, limit int) ([]haoban.Draft, int, error) {
	var all []haoban.Draft
	for _, d := range s.drafts {
		if d.Applicant == applicant && d.SubmittedAt == nil && d.CaseID == "" && (bundle == "" || d.Bundle == bundle) {
			all = append(all, d)
		}
	}
	slices.SortFunc(all, func(a, b haoban.Draft) int {
		if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	var page []haoban.Draft
	for _, d := range all {
		if afterID == "" || d.UpdatedAt.Before(afterAt) || (d.UpdatedAt.Equal(afterAt) && d.ID < afterID) {
			page = append(page, d)
		}
	}
	return page[:min(limit, len(page))], len(all), nil
}

func (s *store) OpenCases(_ context.Context, applicant, bundle string) ([]haoban.Case, error) {
	var out []haoban.Case
	for _, c := range s.cases {
		if c.Applicant == applicant && c.Bundle == bundle && !c.Status.Closed() {
			out = append(out, c)
		}
	}
	return out, nil
}

func (s *store) RemoveDraftMaterials(_ context.Context, draftID string, ids []string) error {
	d := s.drafts[draftID]
	d.Materials = slices.DeleteFunc(d.Materials, func(m haoban.CaseMaterial) bool { return slices.Contains(ids, m.ID) })
	s.drafts[draftID] = d
	return nil
}

func (s *store) EnterprisesNamed(context.Context, string) ([]haoban.Enterprise, error) {
	return nil, nil
}

// TestDraftList walks 我的草稿 a page at a time: each open draft of the
// applicant once, the newest first, and no one else's or submitted ones.
func TestDraftList(t *testing.T) {
	ctx := context.Background()
	d, s, _ := drafts(t)
	r := as(t, s, "zhang-wei")
	for i := range 5 {
		draft, err := d.Create(ctx, r, app.NewDraft{Bundle: "newborn"})
		wantCode(t, err, "")
		draft.UpdatedAt = clock.T.Add(time.Duration(i%3) * time.Minute) // ties broken by ID
		s.drafts[draft.ID] = draft
	}
	other, _ := d.Create(ctx, as(t, s, "li-na"), app.NewDraft{Bundle: "newborn"})
	submitted, _ := d.Create(ctx, r, app.NewDraft{Bundle: "newborn"})
	submitted.CaseID = "c1"
	s.drafts[submitted.ID] = submitted

	seen, cursor := map[string]int{}, ""
	var last time.Time
	for pages := 0; ; pages++ {
		list, err := d.List(ctx, r, haoban.PageRequest{Limit: 2, Cursor: cursor})
		wantCode(t, err, "")
		if list.Total != 5 || pages > 3 {
			t.Fatalf("total %d after %d pages", list.Total, pages)
		}
		for _, e := range list.Drafts {
			seen[e.ID]++
			if (!last.IsZero() && e.UpdatedAt.After(last)) || e.BundleName != "新生儿出生一件事" || e.Fields == 0 {
				t.Fatalf("entry %+v out of order or unnamed", e)
			}
			last = e.UpdatedAt
		}
		if cursor = list.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != 5 || seen[other.ID] != 0 || seen[submitted.ID] != 0 {
		t.Fatalf("seen %v", seen)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("draft %s listed %d times", id, n)
		}
	}
	t.Run("ErrBadCursor", func(t *testing.T) {
		_, err := d.List(ctx, r, haoban.PageRequest{Cursor: "not-ours"})
		wantCode(t, err, haoban.EINVALID)
	})
}

// TestResumeDraft: 在线申请 twice opens the same draft; another bundle
// starts its own.
func TestResumeDraft(t *testing.T) {
	ctx := context.Background()
	d, s, _ := drafts(t)
	r := as(t, s, "zhang-wei")
	first, resumed, err := d.Resume(ctx, r, app.NewDraft{Bundle: "newborn"})
	wantCode(t, err, "")
	again, resumedAgain, err := d.Resume(ctx, r, app.NewDraft{Bundle: "newborn"})
	wantCode(t, err, "")
	other, _, _ := d.Resume(ctx, r, app.NewDraft{Bundle: "open-restaurant"})
	if resumed || !resumedAgain || again.ID != first.ID || other.ID == first.ID || len(s.drafts) != 2 {
		t.Fatalf("first %s (%v), again %s (%v), other %s, %d drafts", first.ID, resumed, again.ID, resumedAgain, other.ID, len(s.drafts))
	}
	_, _, err = d.Resume(ctx, r, app.NewDraft{Bundle: "no-such"})
	wantCode(t, err, haoban.EUNPROCESSABLE)
}

// TestDuplicateSubmission: a second open case of the same bundle and
// subject is refused with the open case's number until confirmed.
func TestDuplicateSubmission(t *testing.T) {
	ctx := context.Background()
	d, s, _ := drafts(t)
	r := as(t, s, "zhang-wei")
	submit := func(opt app.SubmitOptions) (string, error) {
		draft, _ := d.Create(ctx, r, app.NewDraft{Bundle: "newborn"})
		_, err := d.Patch(ctx, r, draft.ID, app.DraftChanges{Form: demo.NewbornForm()})
		wantCode(t, err, "")
		return d.Submit(ctx, r, draft.ID, opt)
	}
	first, err := submit(app.SubmitOptions{})
	wantCode(t, err, "")
	_, err = submit(app.SubmitOptions{})
	wantCode(t, err, haoban.ECONFLICT)
	if !strings.Contains(haoban.ErrorMessage(err), first) || !strings.Contains(haoban.ErrorDetails(err)[0].Message, first) {
		t.Fatalf("the refusal does not name the open case %s: %v", first, err)
	}
	second, err := submit(app.SubmitOptions{ConfirmDuplicate: true})
	wantCode(t, err, "")
	if second == first || len(s.created) != 2 {
		t.Fatalf("confirmed second case %s, %d cases", second, len(s.created))
	}

	t.Run("AnotherEnterpriseIsNoDuplicate", func(t *testing.T) {
		li := as(t, s, "li-na")
		s.cases["c-open"] = haoban.Case{ID: "c-open", Bundle: "open-restaurant", Applicant: "li-na", Status: haoban.CaseInReview,
			Form: map[string]any{"enterprise.name": "上海好味餐饮有限公司"}}
		for name, want := range map[string]bool{"上海好味餐饮有限公司": true, "上海另一家餐饮有限公司": false} {
			_, ok, err := d.Duplicate(ctx, li, haoban.Draft{Bundle: "open-restaurant", Form: map[string]any{"enterprise.name": name}})
			if err != nil || ok != want {
				t.Errorf("%s: duplicate %v (%v), want %v", name, ok, err, want)
			}
		}
	})
}

// TestPrereviewAgreesWithSubmit: what the pre-review says is missing is
// exactly what submitting refuses for.
func TestPrereviewAgreesWithSubmit(t *testing.T) {
	ctx := context.Background()
	d, s, _ := drafts(t)
	rev, err := prereview.New(s)
	if err != nil {
		t.Fatal(err)
	}
	d.Reviewer = rev
	r := as(t, s, "zhang-wei")
	draft, _ := d.Create(ctx, r, app.NewDraft{Bundle: "newborn"})
	form := demo.NewbornForm()
	delete(form, "child.name")
	_, err = d.Patch(ctx, r, draft.ID, app.DraftChanges{Form: form})
	wantCode(t, err, "")
	rep, err := d.Prereview(ctx, r, draft.ID)
	wantCode(t, err, "")
	_, err = d.Submit(ctx, r, draft.ID, app.SubmitOptions{})
	wantCode(t, err, haoban.EUNPROCESSABLE)
	if len(rep.Missing) == 0 || !reflect.DeepEqual(rep.Missing, haoban.ErrorDetails(err)) {
		t.Fatalf("pre-review says missing %v, submission refused for %v", rep.Missing, haoban.ErrorDetails(err))
	}
}
