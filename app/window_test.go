package app_test

import (
	"context"
	"strings"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/demo"
)

// EnsureApplicant finds the applicant with the ID number, or keeps u.
func (s *store) EnsureApplicant(_ context.Context, u haoban.User) (haoban.User, error) {
	for _, v := range s.users {
		if v.IDNumber == u.IDNumber && v.HasRole(haoban.RoleApplicant) {
			return v, nil
		}
	}
	s.users[u.ID] = u
	return u, nil
}

// counter is window entry over the fakes, with zhang-wei and a resident
// who has no account yet in the population registry.
func counter(t *testing.T) (*app.Window, *app.Drafts, *store, *flow) {
	d, s, f := drafts(t)
	s.residents = map[string]haoban.Resident{zhangWei.IDNumber: zhangWei,
		"310104198502021232": {IDNumber: "310104198502021232", Name: "赵敏"}}
	return &app.Window{Store: s, Drafts: d}, d, s, f
}

// TestWindowIdentify: the clerk checks the person at the counter against
// the population registry and acts for their own account.
func TestWindowIdentify(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		w, _, s, _ := counter(t)
		on, err := w.Identify(ctx, as(t, s, "clerk-1"), app.Visitor{IDNumber: "31010419900307123x", Name: " 张伟 "})
		wantCode(t, err, "")
		if on.User.ID != "zhang-wei" || on.Clerk == nil || on.Clerk.ID != "clerk-1" || on.Role() != haoban.RoleClerk {
			t.Fatalf("acts as %+v for %+v", on.Clerk, on.User)
		}
	})
	t.Run("NewPersonGetsStableAccount", func(t *testing.T) {
		w, _, s, _ := counter(t)
		in := app.Visitor{IDNumber: "310104198502021232", Name: "赵敏"}
		first, err := w.Identify(ctx, as(t, s, "clerk-1"), in)
		wantCode(t, err, "")
		again, err := w.Identify(ctx, as(t, s, "clerk-2"), in)
		wantCode(t, err, "")
		if first.User.ID != again.User.ID || strings.Contains(first.User.ID, in.IDNumber) ||
			!first.User.HasRole(haoban.RoleApplicant) || first.User.Name != "赵敏" {
			t.Fatalf("accounts %+v and %+v", first.User, again.User)
		}
	})
	for _, tc := range []struct {
		name, user, id, person, code, field string
	}{
		{"ErrNameMismatch", "clerk-1", zhangWei.IDNumber, "张卫", haoban.EINVALID, "name"},
		{"ErrNotInRegistry", "clerk-1", "110101199003078515", "张伟", haoban.EINVALID, "id_number"},
		{"ErrBadCheckDigit", "clerk-1", "310104199003071231", "张伟", haoban.EINVALID, ""},
		{"ErrApplicantIsNoClerk", "zhang-wei", zhangWei.IDNumber, "张伟", haoban.EFORBIDDEN, ""},
		{"ErrReviewerIsNoClerk", "reviewer-samr", zhangWei.IDNumber, "张伟", haoban.EFORBIDDEN, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, _, s, _ := counter(t)
			_, err := w.Identify(ctx, as(t, s, tc.user), app.Visitor{IDNumber: tc.id, Name: tc.person})
			wantCode(t, err, tc.code)
			if haoban.ErrorField(err) != tc.field {
				t.Fatalf("field %q, want %q", haoban.ErrorField(err), tc.field)
			}
		})
	}
	t.Run("ErrEverythingMissingAtOnce", func(t *testing.T) {
		w, _, s, _ := counter(t)
		_, err := w.Identify(ctx, as(t, s, "clerk-1"), app.Visitor{})
		if wantCode(t, err, haoban.EINVALID); len(haoban.ErrorDetails(err)) != 2 {
			t.Fatalf("details %v", haoban.ErrorDetails(err))
		}
	})
}

// TestWindowEntry: the clerk's draft is the person's, prefilled for them;
// only that clerk and the person edit it; submitting files a window case.
func TestWindowEntry(t *testing.T) {
	ctx := context.Background()
	w, d, s, f := counter(t)
	clerk := as(t, s, "clerk-1")
	draft, err := w.Start(ctx, clerk, app.WindowEntry{Visitor: app.Visitor{IDNumber: zhangWei.IDNumber, Name: "张伟"}, Bundle: "newborn"})
	wantCode(t, err, "")
	if draft.Applicant != "zhang-wei" || draft.EnteredBy != "clerk-1" || draft.Form["father.name"] != "张伟" {
		t.Fatalf("draft %+v", draft)
	}
	on, err := w.For(ctx, clerk, draft.ID)
	wantCode(t, err, "")
	t.Run("ErrOtherClerk", func(t *testing.T) {
		_, err := w.For(ctx, as(t, s, "clerk-2"), draft.ID)
		wantCode(t, err, haoban.ENOTFOUND)
		// Nor by claiming to act for the person: Own checks who entered it.
		other := as(t, s, "clerk-2").User
		_, err = d.Get(ctx, app.Request{User: on.User, Clerk: &other}, draft.ID)
		wantCode(t, err, haoban.ENOTFOUND)
	})
	t.Run("ErrClerkActsOnOwnDraftOfAnother", func(t *testing.T) {
		mine, err := d.Create(ctx, as(t, s, "li-na"), app.NewDraft{Bundle: "newborn"})
		wantCode(t, err, "")
		_, err = w.For(ctx, clerk, mine.ID)
		wantCode(t, err, haoban.ENOTFOUND)
	})
	t.Run("PersonEditsToo", func(t *testing.T) {
		_, err := d.Get(ctx, as(t, s, "zhang-wei"), draft.ID)
		wantCode(t, err, "")
		_, err = d.Get(ctx, as(t, s, "li-na"), draft.ID)
		wantCode(t, err, haoban.ENOTFOUND)
	})
	_, err = d.Patch(ctx, on, draft.ID, app.DraftChanges{Form: demo.NewbornForm()})
	wantCode(t, err, "")
	// Asking for another channel changes nothing: a clerk files at the window.
	id, err := d.Submit(ctx, on, draft.ID, app.SubmitOptions{Channel: haoban.FiledMobile})
	wantCode(t, err, "")
	nc := s.created[len(s.created)-1]
	if nc.ID != id || nc.Applicant != "zhang-wei" || nc.Channel != haoban.FiledWindow || nc.Window != "综合受理窗口 3 号" ||
		nc.EnteredBy != "clerk-1" || f.calls[len(f.calls)-1] != "start" {
		t.Fatalf("case %+v, calls %v", nc, f.calls)
	}
	t.Run("Receipt", func(t *testing.T) {
		c := s.cases[id]
		c.Channel, c.Window, c.EnteredBy = nc.Channel, nc.Window, nc.EnteredBy
		s.cases[id] = c
		got, err := w.Receipt(ctx, clerk, id)
		if wantCode(t, err, ""); got.ApplicantName != "张伟" {
			t.Fatalf("receipt %+v", got)
		}
		_, err = w.Receipt(ctx, as(t, s, "clerk-2"), id)
		wantCode(t, err, haoban.ENOTFOUND)
	})
}

// TestSubmitChannel: an applicant files online by default or from the
// phone app; never as a window case.
func TestSubmitChannel(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		ask  haoban.CaseChannel
		want haoban.CaseChannel
		code string
	}{
		{"OnlineByDefault", "", haoban.FiledOnline, ""},
		{"Mobile", haoban.FiledMobile, haoban.FiledMobile, ""},
		{"ErrWindow", haoban.FiledWindow, "", haoban.EINVALID},
		{"ErrUnknown", "fax", "", haoban.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, s, _ := drafts(t)
			r := as(t, s, "zhang-wei")
			draft, _ := d.Create(ctx, r, app.NewDraft{Bundle: "newborn"})
			_, err := d.Patch(ctx, r, draft.ID, app.DraftChanges{Form: demo.NewbornForm()})
			wantCode(t, err, "")
			_, err = d.Submit(ctx, r, draft.ID, app.SubmitOptions{Channel: tc.ask})
			if wantCode(t, err, tc.code); tc.code != "" {
				if haoban.ErrorField(err) != "body.channel" || len(s.created) != 0 {
					t.Fatalf("field %q, %d cases", haoban.ErrorField(err), len(s.created))
				}
				return
			}
			if got := s.created[0]; got.Channel != tc.want || got.Window != "" || got.EnteredBy != "" {
				t.Fatalf("case %+v", got)
			}
		})
	}
}
