package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"haoban"
	"haoban/postgres"
)

var outboxNow = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

var emailOnly = []haoban.NoticeChannel{haoban.ChannelEmail}

func queue(t *testing.T, s *postgres.Store, n int) {
	t.Helper()
	var ns []haoban.OutboxNotice
	for i := range n {
		ns = append(ns, haoban.OutboxNotice{Key: fmt.Sprintf("k%03d", i), Channel: haoban.ChannelEmail, UserID: "li-na",
			Address: "li.na@example.cn", Kind: "test", Subject: "主题", Body: "正文"})
	}
	if _, err := s.EnqueueNotices(context.Background(), ns, outboxNow); err != nil {
		t.Fatal(err)
	}
}

func outboxCount(t *testing.T, s *postgres.Store, where string) int {
	t.Helper()
	var n int
	if err := s.Pool().QueryRow(context.Background(), `SELECT count(*) FROM outbox WHERE `+where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Deliver queues an external notice per address of the recipient in the
// transaction of the in-app notification, once per key.
func TestDeliverQueuesExternalNotices(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if err := s.SetContact(ctx, "li-na", haoban.ChannelSMS, "1380013800", outboxNow); haoban.ErrorCode(err) != haoban.EINVALID {
		t.Fatalf("a 10-digit phone number was saved: %v", err)
	}
	for ch, addr := range map[haoban.NoticeChannel]string{haoban.ChannelEmail: "li.na@example.cn", haoban.ChannelSMS: "+86 13800138000"} {
		if err := s.SetContact(ctx, "li-na", ch, addr, outboxNow); err != nil {
			t.Fatal(err)
		}
	}
	notes := []haoban.Notification{
		haoban.Notification{UserID: "li-na", Kind: "reminder", Title: "提醒", Body: "请及时办理"}.WithKey("fact-1"),
		haoban.Notification{UserID: "zhang-wei", Kind: "reminder", Title: "提醒", Body: "请及时办理"}.WithKey("fact-1"),
	}
	for range 2 {
		if err := s.Deliver(ctx, notes, "", outboxNow, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := outboxCount(t, s, `user_id = 'li-na'`); n != 2 {
		t.Fatalf("li-na has %d outbox rows, want one per channel", n)
	}
	if n := outboxCount(t, s, `user_id = 'zhang-wei'`); n != 0 {
		t.Fatalf("zhang-wei, who gave no address, has %d outbox rows", n)
	}
	if n := outboxCount(t, s, `channel = 'sms' AND address = '13800138000' AND status = 'queued' AND subject = '提醒'`); n != 1 {
		t.Fatal("the SMS row is not queued to the stored number")
	}
	t.Run("ErrNoNoticeWithoutItsFact", func(t *testing.T) {
		late := []haoban.Notification{haoban.Notification{UserID: "li-na", Kind: "reminder", Title: "提醒", Body: "x"}.WithKey("fact-2")}
		err := s.Deliver(ctx, late, "00000000-0000-0000-0000-000000000000", outboxNow,
			&haoban.NewEvent{Key: "e-fact-2", Type: "reminded", Actor: "system"})
		if err == nil {
			t.Fatal("an event of a case that does not exist was recorded")
		}
		if n := outboxCount(t, s, `user_id = 'li-na'`); n != 2 {
			t.Fatalf("the failed fact left %d outbox rows, want the 2 from before", n)
		}
	})
}

func TestClaimNotices(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	queue(t, s, 5)
	t.Run("SkipsLockedRows", func(t *testing.T) {
		tx, err := s.Pool().Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx) //nolint:errcheck
		if _, err := tx.Exec(ctx, `SELECT id FROM outbox ORDER BY id LIMIT 2 FOR UPDATE`); err != nil {
			t.Fatal(err)
		}
		quick, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		got, err := s.ClaimNotices(quick, emailOnly, outboxNow, outboxNow.Add(time.Minute), 10)
		if err != nil || len(got) != 3 {
			t.Fatalf("claimed %d rows (%v), want the 3 not locked", len(got), err)
		}
	})
	t.Run("LeaseAndFence", func(t *testing.T) {
		if got, _ := s.ClaimNotices(ctx, emailOnly, outboxNow.Add(30*time.Second), outboxNow.Add(2*time.Minute), 10); len(got) != 2 {
			t.Fatalf("claimed %d, want the 2 unleased rows", len(got))
		}
		old, _ := s.ClaimNotices(ctx, emailOnly, outboxNow.Add(59*time.Second), outboxNow.Add(2*time.Minute), 10)
		if len(old) != 0 {
			t.Fatalf("claimed %d rows under a lease", len(old))
		}
		later := outboxNow.Add(time.Minute)
		again, err := s.ClaimNotices(ctx, emailOnly, later, later.Add(time.Minute), 10)
		if err != nil || len(again) != 3 || again[0].Attempts != 2 || again[0].Status != haoban.OutboxSending {
			t.Fatalf("after the lease: %d rows, %+v (%v)", len(again), again, err)
		}
		stale := haoban.OutboxOutcome{ID: again[0].ID, Claim: again[0].Claim - 100, Status: haoban.OutboxDead, At: later}
		fresh := haoban.OutboxOutcome{ID: again[1].ID, Claim: again[1].Claim, Status: haoban.OutboxSent, ProviderID: "m-1", At: later}
		retry := haoban.OutboxOutcome{ID: again[2].ID, Claim: again[2].Claim, Status: haoban.OutboxQueued, Error: "451",
			NextAttemptAt: later.Add(time.Hour), At: later}
		if err := s.RecordOutcomes(ctx, []haoban.OutboxOutcome{stale, fresh, retry}); err != nil {
			t.Fatal(err)
		}
		if n := outboxCount(t, s, fmt.Sprintf(`id = %d AND status = 'sending'`, again[0].ID)); n != 1 {
			t.Fatal("a stale claim recorded its outcome")
		}
		if n := outboxCount(t, s, fmt.Sprintf(`id = %d AND status = 'sent' AND provider_id = 'm-1' AND sent_at IS NOT NULL`, again[1].ID)); n != 1 {
			t.Fatal("sent outcome not recorded")
		}
		if n := outboxCount(t, s, fmt.Sprintf(`id = %d AND status = 'queued' AND last_error = '451' AND next_attempt_at > '2026-12-03 10:00Z'`,
			again[2].ID)); n != 1 {
			t.Fatal("retry not recorded")
		}
	})
}

func TestDeadLettersAndResend(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	queue(t, s, 3)
	got, _ := s.ClaimNotices(ctx, emailOnly, outboxNow, outboxNow.Add(time.Minute), 10)
	var outs []haoban.OutboxOutcome
	for _, n := range got {
		outs = append(outs, haoban.OutboxOutcome{ID: n.ID, Claim: n.Claim, Status: haoban.OutboxDead, Error: "550 mailbox unavailable", At: outboxNow})
	}
	if err := s.RecordOutcomes(ctx, outs); err != nil {
		t.Fatal(err)
	}
	page, next, total, err := s.DeadLetters(ctx, haoban.PageRequest{Limit: 2})
	if err != nil || len(page) != 2 || next == "" || total != 3 || page[0].LastError != "550 mailbox unavailable" {
		t.Fatalf("first page = %d rows, next %q, total %d (%v)", len(page), next, total, err)
	}
	rest, next, _, err := s.DeadLetters(ctx, haoban.PageRequest{Limit: 2, Cursor: next})
	if err != nil || len(rest) != 1 || next != "" || rest[0].ID >= page[1].ID {
		t.Fatalf("second page = %+v, next %q (%v)", rest, next, err)
	}
	admin := haoban.AuditEntry{At: outboxNow.Add(time.Hour), Actor: "admin", Role: "admin", Department: "*"}
	if err := s.ResendNotice(ctx, rest[0].ID, admin); err != nil {
		t.Fatal(err)
	}
	if n := outboxCount(t, s, fmt.Sprintf(`id = %d AND status = 'queued' AND attempts = 0`, rest[0].ID)); n != 1 {
		t.Fatal("the dead letter is not queued again")
	}
	var audited int
	err = s.Pool().QueryRow(ctx, `SELECT count(*) FROM audit WHERE action = 'notice.resend' AND actor = 'admin' AND target = $1`,
		fmt.Sprintf("notice:%d", rest[0].ID)).Scan(&audited)
	if err != nil || audited != 1 {
		t.Fatalf("resend audited %d times (%v)", audited, err)
	}
	if err := s.ResendNotice(ctx, rest[0].ID, admin); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Fatalf("resending a queued notice: %v, want ECONFLICT", err)
	}
	if err := s.ResendNotice(ctx, 999999, admin); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Fatalf("resending no notice: %v, want ENOTFOUND", err)
	}
}

func TestRecordReceipt(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	sms := []haoban.OutboxNotice{{Key: "k1", Channel: haoban.ChannelSMS, UserID: "li-na", Address: "13800138000", Kind: "t", Subject: "s", Body: "b"},
		{Key: "k2", Channel: haoban.ChannelSMS, UserID: "li-na", Address: "13800138001", Kind: "t", Subject: "s", Body: "b"}}
	if _, err := s.EnqueueNotices(ctx, sms, outboxNow); err != nil {
		t.Fatal(err)
	}
	got, _ := s.ClaimNotices(ctx, []haoban.NoticeChannel{haoban.ChannelSMS}, outboxNow, outboxNow.Add(time.Minute), 10)
	var outs []haoban.OutboxOutcome
	for _, n := range got {
		outs = append(outs, haoban.OutboxOutcome{ID: n.ID, Claim: n.Claim, Status: haoban.OutboxSent, ProviderID: "m-" + n.Key, At: outboxNow})
	}
	if err := s.RecordOutcomes(ctx, outs); err != nil {
		t.Fatal(err)
	}
	seen := outboxNow.Add(time.Minute)
	receipt := func(key, status, nonce string) error {
		return s.RecordReceipt(ctx, haoban.DeliveryReceipt{ProviderID: "m-" + key, Key: key, Status: status, Error: "关机",
			Nonce: nonce, At: seen}, seen, seen.Add(-10*time.Minute))
	}
	if err := receipt("k1", haoban.ReceiptDelivered, "nonce-001"); err != nil {
		t.Fatal(err)
	}
	if n := outboxCount(t, s, `key = 'k1' AND status = 'delivered' AND delivered_at IS NOT NULL`); n != 1 {
		t.Fatal("delivery not recorded")
	}
	if err := receipt("k1", haoban.ReceiptDelivered, "nonce-001"); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Fatalf("replayed nonce: %v, want ECONFLICT", err)
	}
	if err := receipt("k9", haoban.ReceiptDelivered, "nonce-002"); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Fatalf("receipt of no message: %v, want ENOTFOUND", err)
	}
	if err := receipt("k2", haoban.ReceiptFailed, "nonce-003"); err != nil {
		t.Fatal(err)
	}
	if n := outboxCount(t, s, `key = 'k2' AND status = 'dead' AND last_error LIKE '%关机%'`); n != 1 {
		t.Fatal("a failed delivery is not a dead letter with the provider's reason")
	}
}
