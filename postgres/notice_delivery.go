package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/notices"
)

// deliverNotice tells one person one notice inside the caller's
// transaction: in the app, unless they switched the kind off there, and in
// the outbox for each external channel they have an address for and keep
// on (a legal notice: in the app and on at least one, whatever they
// chose). An SMS that is not legal waits out the quiet hours. key makes
// the notice once per person and fact; the in-app row remembers it, so
// that reading the notice in the app marks it read on every channel. It
// says whether the notice is new.
func deliverNotice(ctx context.Context, tx pgx.Tx, n haoban.Notification, key string, legal bool, at time.Time) (bool, error) {
	kind := haoban.NoticeKindOf(n.Kind)
	prefs, err := noticePrefs(ctx, tx, n.UserID)
	if err != nil {
		return false, err
	}
	fresh := false
	if legal || prefs.Enabled(kind, haoban.ChannelInApp) {
		var caseRef, taskRef *string
		if n.CaseID != "" {
			caseRef = &n.CaseID
		}
		if n.TaskID != "" {
			taskRef = &n.TaskID
		}
		err := tx.QueryRow(ctx, `INSERT INTO notifications (user_id, kind, title, body, case_id, task_id, dedupe_key, notice_key, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id`,
			n.UserID, n.Kind, n.Title, n.Body, caseRef, taskRef, n.Key(), key, at).Scan(&n.ID)
		if err == pgx.ErrNoRows {
			return false, nil // told before
		} else if err != nil {
			return false, fmt.Errorf("insert notification: %w", err)
		}
		n.CreatedAt, fresh = at, true
		if err := notifyNotification(ctx, tx, n); err != nil {
			return false, err
		}
	}
	contacts, err := contactsIn(ctx, tx, n.UserID)
	if err != nil {
		return false, err
	}
	var out []haoban.OutboxNotice
	for _, ch := range prefs.External(kind, contacts) {
		due := at
		if ch == haoban.ChannelSMS {
			due = notices.SMSDue(at, legal)
		}
		out = append(out, haoban.OutboxNotice{Key: key, Channel: ch, UserID: n.UserID, Address: contacts[ch], CaseID: n.CaseID,
			Kind: n.Kind, Subject: n.Title, Body: n.Body, Legal: legal, NextAttemptAt: due})
	}
	queued, err := enqueueNotices(ctx, tx, out, at)
	return fresh || queued > 0, err
}

// contactsIn are a person's addresses, read in the caller's transaction.
func contactsIn(ctx context.Context, tx pgx.Tx, userID string) (map[haoban.NoticeChannel]string, error) {
	rows, err := tx.Query(ctx, `SELECT channel, address FROM notice_contacts WHERE user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	out := map[haoban.NoticeChannel]string{}
	var ch haoban.NoticeChannel
	var addr string
	_, err = pgx.ForEachRow(rows, []any{&ch, &addr}, func() error { out[ch] = addr; return nil })
	return out, err
}
