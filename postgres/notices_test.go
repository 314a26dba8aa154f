package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// Preferences round-trip, refuse a legal notice switched off in the app,
// and every change is audited.
func TestNoticePreferences(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	p, err := s.NoticePreferences(ctx, "li-na")
	if err != nil || !p.Enabled(haoban.KindWithdrawn, haoban.ChannelSMS) {
		t.Fatalf("defaults: %+v, %v", p, err)
	}
	p.Set(haoban.KindWithdrawn, haoban.ChannelSMS, false)
	p.Set(haoban.KindItemDecided, haoban.ChannelEmail, false)
	meta := haoban.AuditEntry{At: outboxNow, Actor: "li-na", Role: "applicant"}
	if err := s.SetNoticePreferences(ctx, "li-na", p, meta); err != nil {
		t.Fatal(err)
	}
	got, err := s.NoticePreferences(ctx, "li-na")
	if err != nil {
		t.Fatal(err)
	}
	if got.Enabled(haoban.KindWithdrawn, haoban.ChannelSMS) || got.Enabled(haoban.KindItemDecided, haoban.ChannelEmail) ||
		!got.Enabled(haoban.KindItemDecided, haoban.ChannelSMS) || !got.Enabled(haoban.KindWithdrawn, haoban.ChannelEmail) {
		t.Errorf("saved preferences read back as %+v", got)
	}
	bad := haoban.NoticePrefs{Off: map[haoban.NoticeKind][]haoban.NoticeChannel{haoban.KindNotAccepted: {haoban.ChannelInApp}}}
	if err := s.SetNoticePreferences(ctx, "li-na", bad, meta); haoban.ErrorCode(err) != haoban.EUNPROCESSABLE {
		t.Errorf("a legal notice switched off in the app: %v", err)
	}
	if err := s.SetNoticePreferences(ctx, "nobody", p, meta); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Errorf("preferences of an unknown user: %v", err)
	}
	var n int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM audit WHERE action = 'notice_prefs_set' AND target = 'li-na'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d audit entries of the preferences, %v", n, err)
	}
}

// Staff notices follow preferences too, and their SMS waits out the quiet
// hours.
func TestDeliverFollowsPreferencesAndQuietHours(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	for ch, addr := range map[haoban.NoticeChannel]string{haoban.ChannelEmail: "fire@example.cn", haoban.ChannelSMS: "13700137000"} {
		if err := s.SetContact(ctx, "reviewer-fire", ch, addr, outboxNow); err != nil {
			t.Fatal(err)
		}
	}
	p := haoban.DefaultNoticePrefs()
	p.Set(haoban.KindUrge, haoban.ChannelSMS, false)
	if err := s.SetNoticePreferences(ctx, "reviewer-fire", p, haoban.AuditEntry{At: outboxNow, Actor: "reviewer-fire"}); err != nil {
		t.Fatal(err)
	}
	late := time.Date(2026, 3, 5, 22, 30, 0, 0, haoban.Beijing)
	notes := []haoban.Notification{
		haoban.Notification{UserID: "reviewer-fire", Kind: "reminder:50%", Title: "提醒", Body: "请及时办理"}.WithKey("r1"),
		haoban.Notification{UserID: "reviewer-fire", Kind: "remind", Title: "催办", Body: "请尽快办理"}.WithKey("u1"),
	}
	if err := s.Deliver(ctx, notes, "", late, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Pool().Query(ctx, `SELECT kind || '/' || channel, next_attempt_at FROM outbox WHERE user_id = 'reviewer-fire'`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]time.Time{}
	var k string
	var due time.Time
	if _, err := pgx.ForEachRow(rows, []any{&k, &due}, func() error { got[k] = due; return nil }); err != nil {
		t.Fatal(err)
	}
	morning := time.Date(2026, 3, 6, 8, 0, 0, 0, haoban.Beijing)
	if len(got) != 3 || !got["reminder:50%/sms"].Equal(morning) || !got["reminder:50%/email"].Equal(late) || !got["remind/email"].Equal(late) {
		t.Errorf("outbox %v: want the reminder's SMS at 08:00, its e-mail now, the urging by e-mail only", got)
	}
}
