package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// screenStore keeps conversations, consents and highlights in maps; users
// and drafts come from the drafts' fake store.
type screenStore struct {
	*store
	conversations map[string]haoban.ScreenConversation
	skills        map[string][]haoban.HelperSkill
	highlights    []haoban.ScreenHighlight
	consents      []haoban.AuditEntry
}

func (s *screenStore) FindScreenConversation(_ context.Context, id string) (haoban.ScreenConversation, error) {
	c, ok := s.conversations[id]
	if !ok {
		return c, errNotFound
	}
	return c, nil
}

func (s *screenStore) ScreenConversationsOf(_ context.Context, applicant string) ([]haoban.ScreenConversation, error) {
	var out []haoban.ScreenConversation
	for _, c := range s.conversations {
		if c.Applicant == applicant && c.Live() {
			out = append(out, c)
		}
	}
	return out, nil
}

func (s *screenStore) SetScreenConsent(_ context.Context, id, draft string, at time.Time, e haoban.AuditEntry) error {
	c := s.conversations[id]
	if draft != "" {
		c.Consent.Draft, c.Consent.GrantedAt = draft, &at
	} else {
		c.Consent.RevokedAt = &at
	}
	s.conversations[id] = c
	s.consents = append(s.consents, e)
	return nil
}

func (s *screenStore) AddScreenHighlight(_ context.Context, h haoban.ScreenHighlight, _ haoban.AuditEntry) (haoban.ScreenHighlight, error) {
	h.ID = int64(len(s.highlights) + 1)
	s.highlights = append(s.highlights, h)
	return h, nil
}

func (s *screenStore) ScreenHighlights(_ context.Context, id string) ([]haoban.ScreenHighlight, error) {
	var out []haoban.ScreenHighlight
	for _, h := range s.highlights {
		if h.Conversation == id {
			out = append(out, h)
		}
	}
	return out, nil
}

func (s *screenStore) ScreenHelperSkills(_ context.Context, helper string) ([]haoban.HelperSkill, error) {
	return s.skills[helper], nil
}

// screenFixture is zhang-wei's newborn draft d1 and his conversation c1 about the
// birth certificate, answered by helper-health; helper-samr answers another
// department; li-na has a conversation c2 of her own.
func screenFixture(t *testing.T) (*app.Screen, *screenStore) {
	t.Helper()
	d, s, _ := drafts(t)
	s.drafts["d1"] = haoban.Draft{ID: "d1", Applicant: "zhang-wei", Bundle: "newborn", Form: map[string]any{"father.name": "张伟"}}
	s.drafts["d2"] = haoban.Draft{ID: "d2", Applicant: "li-na", Bundle: "newborn", Form: map[string]any{"father.name": "王五"}}
	for _, u := range []haoban.User{
		{ID: "helper-health", Name: "赵帮办", Roles: []string{haoban.RoleHelper}, Department: "health"},
		{ID: "helper-health-2", Name: "钱帮办", Roles: []string{haoban.RoleHelper}, Department: "health"},
		{ID: "helper-samr", Name: "孙帮办", Roles: []string{haoban.RoleHelper}, Department: "samr"},
	} {
		s.users[u.ID] = u
	}
	ss := &screenStore{store: s, conversations: map[string]haoban.ScreenConversation{
		"c1": {ID: "c1", Channel: haoban.ConversationOnline, Applicant: "zhang-wei", Helper: "helper-health", Department: "health",
			Item: "birth-certificate", Status: haoban.ConversationOpen},
		"c2": {ID: "c2", Channel: haoban.ConversationOnline, Applicant: "li-na", Department: "health", Status: haoban.ConversationWaiting},
	}, skills: map[string][]haoban.HelperSkill{
		"helper-health":   {{Helper: "helper-health", Department: "health"}},
		"helper-health-2": {{Helper: "helper-health-2", Department: "health", Item: "birth-certificate"}},
		"helper-samr":     {{Helper: "helper-samr", Department: "samr"}},
	}}
	return &app.Screen{Store: ss, Drafts: d, Time: clock}, ss
}

func TestScreen(t *testing.T) {
	ctx := context.Background()
	t.Run("OKConsentViewHighlightRevoke", func(t *testing.T) {
		sc, s := screenFixture(t)
		wantCode(t, sc.Consent(ctx, as(t, s.store, "zhang-wei"), "c1", "d1"), "")
		v, err := sc.View(ctx, as(t, s.store, "helper-health"), "c1")
		wantCode(t, err, "")
		if v.Page.Draft.ID != "d1" || v.ApplicantName != "张伟" || len(v.Page.Sections) == 0 {
			t.Fatalf("view %+v", v)
		}
		var value any
		for _, sec := range v.Page.Sections {
			for _, f := range sec.Fields {
				if f.Key == "father.name" {
					value = f.Value
				}
			}
		}
		if value != "张伟" {
			t.Fatalf("father.name shows %v, want the applicant's value", value)
		}
		h, err := sc.Highlight(ctx, as(t, s.store, "helper-health"), "c1", app.HighlightInput{Field: "father.name", Message: " 请核对姓名 "})
		wantCode(t, err, "")
		if h.Draft != "d1" || h.Message != "请核对姓名" || h.Helper != "helper-health" || !h.At.Equal(clock.T) {
			t.Fatalf("highlight %+v", h)
		}
		wantCode(t, sc.Revoke(ctx, as(t, s.store, "zhang-wei"), "c1"), "")
		_, err = sc.View(ctx, as(t, s.store, "helper-health"), "c1")
		wantCode(t, err, haoban.EFORBIDDEN)
		_, err = sc.Highlight(ctx, as(t, s.store, "helper-health"), "c1", app.HighlightInput{Field: "father.name"})
		wantCode(t, err, haoban.EFORBIDDEN)
		if len(s.highlights) != 1 || len(s.consents) != 2 || s.consents[0].Action != "screen.consent" || s.consents[1].Action != "screen.revoke" {
			t.Fatalf("highlights %+v, audit %+v", s.highlights, s.consents)
		}
	})
	t.Run("ErrNoConsent", func(t *testing.T) {
		sc, s := screenFixture(t)
		_, err := sc.View(ctx, as(t, s.store, "helper-health"), "c1")
		wantCode(t, err, haoban.EFORBIDDEN)
		_, err = sc.Highlight(ctx, as(t, s.store, "helper-health"), "c1", app.HighlightInput{Field: "father.name"})
		wantCode(t, err, haoban.EFORBIDDEN)
		if len(s.highlights) != 0 {
			t.Fatalf("highlight kept without consent: %+v", s.highlights)
		}
	})
	t.Run("ErrHelperOfAnotherSkill", func(t *testing.T) {
		sc, s := screenFixture(t)
		wantCode(t, sc.Consent(ctx, as(t, s.store, "zhang-wei"), "c1", "d1"), "")
		_, err := sc.View(ctx, as(t, s.store, "helper-samr"), "c1")
		wantCode(t, err, haoban.EFORBIDDEN)
		_, err = sc.Highlight(ctx, as(t, s.store, "helper-samr"), "c1", app.HighlightInput{Field: "father.name"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrSkilledButNotTheConversationsHelper", func(t *testing.T) {
		sc, s := screenFixture(t)
		wantCode(t, sc.Consent(ctx, as(t, s.store, "zhang-wei"), "c1", "d1"), "")
		_, err := sc.View(ctx, as(t, s.store, "helper-health-2"), "c1")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrAnotherApplicantsDraft", func(t *testing.T) {
		sc, s := screenFixture(t)
		// zhang-wei cannot share li-na's draft, nor consent in her conversation.
		wantCode(t, sc.Consent(ctx, as(t, s.store, "zhang-wei"), "c1", "d2"), haoban.ENOTFOUND)
		wantCode(t, sc.Consent(ctx, as(t, s.store, "zhang-wei"), "c2", "d1"), haoban.ENOTFOUND)
		wantCode(t, sc.Revoke(ctx, as(t, s.store, "zhang-wei"), "c2"), haoban.ENOTFOUND)
		// A consent that names another's draft never shows it: the view
		// reads the draft as the conversation's applicant.
		c := s.conversations["c1"]
		c.Consent.Draft, c.Consent.GrantedAt = "d2", &clock.T
		s.conversations["c1"] = c
		_, err := sc.View(ctx, as(t, s.store, "helper-health"), "c1")
		wantCode(t, err, haoban.ENOTFOUND)
	})
	t.Run("ErrUnknownField", func(t *testing.T) {
		sc, s := screenFixture(t)
		wantCode(t, sc.Consent(ctx, as(t, s.store, "zhang-wei"), "c1", "d1"), "")
		_, err := sc.Highlight(ctx, as(t, s.store, "helper-health"), "c1", app.HighlightInput{Field: "no.such"})
		if wantCode(t, err, haoban.EINVALID) != "field" {
			t.Fatalf("error %v names no field", err)
		}
	})
	t.Run("ErrEndedConversation", func(t *testing.T) {
		sc, s := screenFixture(t)
		c := s.conversations["c1"]
		c.Status = haoban.ConversationResolved
		s.conversations["c1"] = c
		wantCode(t, sc.Consent(ctx, as(t, s.store, "zhang-wei"), "c1", "d1"), haoban.ECONFLICT)
	})
	t.Run("PanelSharing", func(t *testing.T) {
		sc, s := screenFixture(t)
		p, err := sc.Panel(ctx, as(t, s.store, "zhang-wei"), "d1")
		wantCode(t, err, "")
		if len(p.Conversations) != 1 || p.Sharing(p.Conversations[0]) {
			t.Fatalf("panel before consent %+v", p)
		}
		wantCode(t, sc.Consent(ctx, as(t, s.store, "zhang-wei"), "c1", "d1"), "")
		if on, err := sc.Shared(ctx, as(t, s.store, "zhang-wei"), "d1"); err != nil || !on {
			t.Fatalf("shared %v (%v)", on, err)
		}
		_, err = sc.Panel(ctx, as(t, s.store, "li-na"), "d1")
		wantCode(t, err, haoban.ENOTFOUND)
	})
}
