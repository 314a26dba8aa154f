package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/postgres"
)

// screenSetup is zhang-wei's newborn draft, his conversation c1 with the
// health department's helper, and the helpers with their skills.
func screenSetup(t *testing.T) (*postgres.Store, string, time.Time) {
	t.Helper()
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	if err := s.UpsertUsers(ctx, []haoban.User{
		{ID: "screen-helper-health", Name: "赵帮办", Roles: []string{haoban.RoleHelper}, Department: "health"},
		{ID: "screen-helper-samr", Name: "孙帮办", Roles: []string{haoban.RoleHelper}, Department: "samr"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool().Exec(ctx, `INSERT INTO helper_skills (helper, department, item) VALUES
		('screen-helper-health', 'health', NULL), ('screen-helper-samr', 'samr', 'business-licence')`); err != nil {
		t.Fatal(err)
	}
	d := haoban.Draft{ID: uuid.NewString(), Applicant: "zhang-wei", Bundle: "newborn", CreatedAt: at}
	if err := s.CreateDraft(ctx, d, audited(at)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool().Exec(ctx, `INSERT INTO conversations (id, channel, applicant, idempotency_key, question, department,
			item, helper, status, created_at)
		VALUES ('c1', 'online', 'zhang-wei', 'k1', '出生证明怎么填？', 'health', 'birth-certificate', 'screen-helper-health', 'open', $1)`, at); err != nil {
		t.Fatal(err)
	}
	return s, d.ID, at
}

// TestScreenConsentAndHighlights: a consent is kept with its draft and
// revoked; a highlight is kept and announced only while the consent holds,
// and a saved draft is announced only while shared.
func TestScreenConsentAndHighlights(t *testing.T) {
	s, draft, at := screenSetup(t)
	ctx := context.Background()
	heard := listenScreen(t, s)

	c, err := s.FindScreenConversation(ctx, "c1")
	if err != nil || c.Consent.Active() || c.DepartmentName == "" || c.ItemName != "出生医学证明" {
		t.Fatalf("before consent %+v (%v)", c, err)
	}
	if _, err := s.FindScreenConversation(ctx, "nope"); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Fatalf("unknown conversation: %v", err)
	}
	h := haoban.ScreenHighlight{Conversation: "c1", Draft: draft, Field: "father.name", Message: "请核对", Helper: "screen-helper-health", At: at}
	if _, err := s.AddScreenHighlight(ctx, h, audited(at)); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Fatalf("highlight without consent: %v", err)
	}
	if err := s.PatchDraft(ctx, draft, haoban.DraftPatch{Form: map[string]any{"father.name": "张伟"}}, at); err != nil {
		t.Fatal(err)
	}

	if err := s.SetScreenConsent(ctx, "c1", draft, at.Add(time.Minute), audited(at)); err != nil {
		t.Fatal(err)
	}
	if c, _ = s.FindScreenConversation(ctx, "c1"); !c.Consent.Active() || c.Consent.Draft != draft {
		t.Fatalf("after consent %+v", c.Consent)
	}
	if list, err := s.ScreenConversationsOf(ctx, "zhang-wei"); err != nil || len(list) != 1 || list[0].ID != "c1" {
		t.Fatalf("zhang-wei's conversations %+v (%v)", list, err)
	}
	if list, _ := s.ScreenConversationsOf(ctx, "li-na"); len(list) != 0 {
		t.Fatalf("li-na sees %+v", list)
	}
	if err := s.PatchDraft(ctx, draft, haoban.DraftPatch{Form: map[string]any{"father.name": "张伟伟"}}, at.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	got, err := s.AddScreenHighlight(ctx, h, audited(at))
	if err != nil || got.ID == 0 {
		t.Fatalf("highlight %+v (%v)", got, err)
	}
	if list, err := s.ScreenHighlights(ctx, "c1"); err != nil || len(list) != 1 || list[0].Field != "father.name" || list[0].Draft != draft {
		t.Fatalf("highlights %+v (%v)", list, err)
	}

	if err := s.SetScreenConsent(ctx, "c1", "", at.Add(3*time.Minute), audited(at)); err != nil {
		t.Fatal(err)
	}
	if c, _ = s.FindScreenConversation(ctx, "c1"); c.Consent.Active() {
		t.Fatalf("after revoke %+v", c.Consent)
	}
	if _, err := s.AddScreenHighlight(ctx, h, audited(at)); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Fatalf("highlight after revoke: %v", err)
	}
	if err := s.PatchDraft(ctx, draft, haoban.DraftPatch{Form: map[string]any{"father.name": "张伟"}}, at.Add(4*time.Minute)); err != nil {
		t.Fatal(err)
	}
	// The save before consent and the one after revoking are not
	// announced: everything heard before the end marker is what was.
	notifyScreenProbe(t, s, "end")
	var kinds []string
	for e := range heard {
		if e.Kind == "end" {
			break
		}
		if e.Draft != draft || e.Applicant != "zhang-wei" {
			t.Fatalf("announcement %+v", e)
		}
		if e.Kind == haoban.ScreenHighlighted && (e.Highlight == nil || e.Highlight.Field != "father.name") {
			t.Fatalf("highlight announced as %+v", e.Highlight)
		}
		kinds = append(kinds, e.Kind)
	}
	if want := []string{haoban.ScreenDraftSaved, haoban.ScreenHighlighted, haoban.ScreenRevoked}; !slices.Equal(kinds, want) {
		t.Fatalf("announced %v, want %v", kinds, want)
	}
	var audits int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM audit`).Scan(&audits); err != nil || audits < 4 {
		t.Fatalf("audit entries %d (%v)", audits, err)
	}
}

// listenScreen hears the shared screen's announcements, probes left out;
// it returns once the listener listens.
func listenScreen(t *testing.T, s *postgres.Store) <-chan haoban.ScreenEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	in := make(chan haoban.ScreenEvent, 1024)
	go func() {
		_ = postgres.Listener{URL: s.Pool().Config().ConnString()}.Listen(ctx, func(a haoban.Announcement) {
			if a.Screen != nil {
				in <- *a.Screen
			}
		})
	}()
	// A NOTIFY sent before the listener listens is lost: probe until one
	// is heard.
	for heard := false; !heard; {
		notifyScreenProbe(t, s, "probe")
		select {
		case e := <-in:
			heard = e.Kind == "probe"
		default:
		}
	}
	out := make(chan haoban.ScreenEvent, 16)
	go func() {
		for e := range in {
			if e.Kind != "probe" {
				out <- e
			}
		}
	}()
	return out
}

func notifyScreenProbe(t *testing.T, s *postgres.Store, kind string) {
	t.Helper()
	if _, err := s.Pool().Exec(context.Background(), `SELECT pg_notify($1, $2)`, postgres.ChannelScreen,
		`{"kind":"`+kind+`","draft":"-"}`); err != nil {
		t.Fatal(err)
	}
}
