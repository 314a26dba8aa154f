package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/postgres"
)

const noticeCase = "6c8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d0e"

// A case of zhang-wei's, reachable by e-mail and SMS.
func noticeStore(t *testing.T) *postgres.Store {
	t.Helper()
	s := openStore(t)
	ctx := context.Background()
	if _, _, err := s.CreateCase(ctx, newCase(noticeCase, "kn")); err != nil {
		t.Fatal(err)
	}
	for ch, addr := range map[haoban.NoticeChannel]string{haoban.ChannelEmail: "zhang.wei@example.cn", haoban.ChannelSMS: "13900139000"} {
		if err := s.SetContact(ctx, "zhang-wei", ch, addr, outboxNow); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// late is 23:00 in Beijing: quiet hours.
var late = time.Date(2026, 3, 5, 23, 0, 0, 0, haoban.Beijing)

func supplementAsked() haoban.Projection {
	t := haoban.TaskRow{Version: 3, Task: haoban.Task{ID: haoban.TaskID(noticeCase, "birth-certificate"), Item: "birth-certificate",
		ItemName: "出生医学证明", Department: "health", Status: haoban.TaskAwaitingSupplement,
		Missing: []haoban.Missing{{Kind: haoban.MissingField, Key: "mother.id_number", Reason: "与户籍不符"}},
		Pauses:  []haoban.Pause{{Reason: "supplement", By: "reviewer-health", From: late}}}}
	return haoban.Projection{CaseID: noticeCase, At: late, Status: haoban.CaseAwaitingSupplement, Tasks: []haoban.TaskRow{t},
		Events: []haoban.NewEvent{{Key: "supplement_requested:birth-certificate:3", Type: haoban.EventSupplementRequested,
			Actor: "reviewer-health", Detail: map[string]any{"task": t.ID, "item": t.Item, "comment": "请核对"}}}}
}

func count(t *testing.T, s *postgres.Store, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := s.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The projection that records a supplement request tells the applicant in
// the app and on both channels, audits the legal notice, and a replayed
// projection tells them once.
func TestProjectionTellsTheApplicantOnce(t *testing.T) {
	s := noticeStore(t)
	ctx := context.Background()
	for range 3 {
		if err := s.ApplyProjection(ctx, supplementAsked()); err != nil {
			t.Fatal(err)
		}
	}
	ns, _, err := s.Notifications(ctx, "zhang-wei", false, 0, 10)
	if err != nil || len(ns) != 1 {
		t.Fatalf("%d notifications (%v), want 1", len(ns), err)
	}
	n := ns[0]
	if n.Kind != string(haoban.KindSupplementRequested) || !strings.Contains(n.Title, "出生医学证明") ||
		!strings.Contains(n.Body, "母亲身份证号码：与户籍不符") || !strings.Contains(n.Body, "卫生健康委员会") ||
		!strings.Contains(n.Body, "2026年") || strings.Contains(n.Body, "mother.id_number") {
		t.Errorf("the notice reads:\n%s\n%s", n.Title, n.Body)
	}
	out, err := s.CaseNotices(ctx, noticeCase)
	if err != nil || len(out) != 2 {
		t.Fatalf("%d outbox rows (%v), want e-mail and SMS", len(out), err)
	}
	for _, o := range out {
		// A legal SMS is not held through the quiet hours.
		if !o.Legal || o.Subject != n.Title || !o.NextAttemptAt.Equal(late) {
			t.Errorf("outbox row %+v", o)
		}
	}
	if got := count(t, s, `SELECT count(*) FROM audit WHERE action = 'legal_notice' AND case_id = $1`, noticeCase); got != 1 {
		t.Errorf("%d audit entries of the legal notice, want 1", got)
	}
	// Read in the app, the notice is read on every channel.
	if err := s.MarkRead(ctx, "zhang-wei", n.ID, late.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := count(t, s, `SELECT count(*) FROM outbox WHERE case_id = $1 AND read_at IS NOT NULL`, noticeCase); got != 2 {
		t.Errorf("%d outbox rows read, want 2", got)
	}
}

// A notice that is not legal follows the preferences and holds its SMS
// until 08:00; switched off in the app, it is not in the inbox either.
func TestPlainNoticeFollowsPreferences(t *testing.T) {
	s := noticeStore(t)
	ctx := context.Background()
	p := haoban.DefaultNoticePrefs()
	p.Set(haoban.KindCaseCompleted, haoban.ChannelEmail, false)
	p.Set(haoban.KindCaseCompleted, haoban.ChannelInApp, false)
	if err := s.SetNoticePreferences(ctx, "zhang-wei", p, haoban.AuditEntry{At: outboxNow, Actor: "zhang-wei"}); err != nil {
		t.Fatal(err)
	}
	withdrawn := haoban.Projection{CaseID: noticeCase, At: late, Status: haoban.CaseWithdrawn,
		Events: []haoban.NewEvent{{Key: "withdrawn", Type: haoban.EventWithdrawn, Actor: "zhang-wei", Detail: map[string]any{"reason": "重复申请"}}}}
	completed := haoban.Projection{CaseID: noticeCase, At: late, Events: []haoban.NewEvent{{Key: "completed", Type: haoban.EventCompleted,
		Detail: map[string]any{"outcome": "approved"}}}}
	for _, pr := range []haoban.Projection{withdrawn, completed} {
		if err := s.ApplyProjection(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
	morning := time.Date(2026, 3, 6, 8, 0, 0, 0, haoban.Beijing)
	rows, err := s.CaseNotices(ctx, noticeCase)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]time.Time{}
	for _, o := range rows {
		got[o.Kind+"/"+string(o.Channel)] = o.NextAttemptAt
		if o.Legal {
			t.Errorf("%s is marked legal", o.Kind)
		}
	}
	if len(got) != 3 || !got["withdrawn/email"].Equal(late) || !got["withdrawn/sms"].Equal(morning) || !got["case_completed/sms"].Equal(morning) {
		t.Errorf("outbox rows due %v, want withdrawn by e-mail now, both SMS at 08:00, no completion e-mail", got)
	}
	if n := count(t, s, `SELECT count(*) FROM notifications WHERE user_id = 'zhang-wei' AND kind = 'case_completed'`); n != 0 {
		t.Errorf("a notice switched off in the app is in the inbox")
	}
	if n := count(t, s, `SELECT count(*) FROM audit WHERE action = 'legal_notice'`); n != 0 {
		t.Errorf("%d plain notices audited as legal", n)
	}
}

// A projection whose notice cannot be written writes nothing: neither the
// fact nor the notice. Once it can, both are written together.
func TestFailedProjectionLeavesNeitherFactNorNotice(t *testing.T) {
	s := noticeStore(t)
	ctx := context.Background()
	if _, err := s.Pool().Exec(ctx, `UPDATE notice_templates SET body = '{{.NoSuchField}}' WHERE kind = 'supplement_requested'`); err != nil {
		t.Fatal(err)
	}
	if err := s.ApplyProjection(ctx, supplementAsked()); err == nil {
		t.Fatal("a projection whose notice failed was applied")
	}
	facts := `SELECT count(*) FROM events WHERE case_id = $1 AND type = 'supplement_requested'`
	state := `SELECT count(*) FROM cases WHERE id = $1 AND status = 'awaiting_supplement'`
	told := `SELECT (SELECT count(*) FROM notifications WHERE case_id = $1) + (SELECT count(*) FROM outbox WHERE case_id = $1)`
	for _, q := range []string{facts, state, told} {
		if n := count(t, s, q, noticeCase); n != 0 {
			t.Errorf("%s = %d after the failed projection", q, n)
		}
	}
	if _, err := s.Pool().Exec(ctx, `UPDATE notice_templates SET body = 'please answer' WHERE kind = 'supplement_requested'`); err != nil {
		t.Fatal(err)
	}
	if err := s.ApplyProjection(ctx, supplementAsked()); err != nil {
		t.Fatal(err)
	}
	if count(t, s, facts, noticeCase) != 1 || count(t, s, state, noticeCase) != 1 || count(t, s, told, noticeCase) != 3 {
		t.Error("the retried projection did not write the fact with its notices")
	}
}
