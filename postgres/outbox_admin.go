package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// SetContact saves where a person is reached through a channel, after
// checking the address; an empty address removes it.
func (s *Store) SetContact(ctx context.Context, userID string, ch haoban.NoticeChannel, address string, at time.Time) error {
	if address == "" {
		_, err := s.pool.Exec(ctx, `DELETE FROM notice_contacts WHERE user_id = $1 AND channel = $2`, userID, ch)
		return err
	}
	address, err := haoban.ValidateContact(ch, address)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO notice_contacts (user_id, channel, address, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, channel) DO UPDATE SET address = EXCLUDED.address, updated_at = EXCLUDED.updated_at`,
		userID, ch, address, at)
	return translate(err, "用户")
}

// Contacts returns the addresses a person has given, by channel.
func (s *Store) Contacts(ctx context.Context, userID string) (map[haoban.NoticeChannel]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT channel, address FROM notice_contacts WHERE user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	out := map[haoban.NoticeChannel]string{}
	var ch haoban.NoticeChannel
	var addr string
	_, err = pgx.ForEachRow(rows, []any{&ch, &addr}, func() error { out[ch] = addr; return nil })
	return out, err
}

// CaseNotices returns the external notices of a case with their delivery
// state, oldest first.
func (s *Store) CaseNotices(ctx context.Context, caseID string) ([]haoban.OutboxNotice, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("list case notices: %w", err)
	}
	return pgx.CollectRows(rows, scanOutbox)
}

// DeadLetters returns a page of the notices that could not be delivered,
// newest first, the cursor of the next page ("" on the last) and how many
// there are.
func (s *Store) DeadLetters(ctx context.Context, page haoban.PageRequest) ([]haoban.OutboxNotice, string, int, error) {
	var after int64
	if page.Cursor != "" {
		if err := haoban.DecodeCursor(page.Cursor, &after); err != nil {
			return nil, "", 0, err
		}
	}
	size := page.Size()
	rows, err := s.pool.Query(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE status = 'dead' AND ($1 = 0 OR id < $1)
		ORDER BY id DESC LIMIT $2`, after, size+1)
	if err != nil {
		return nil, "", 0, fmt.Errorf("list dead letters: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanOutbox)
	if err != nil {
		return nil, "", 0, fmt.Errorf("list dead letters: %w", err)
	}
	next := ""
	if len(list) > size {
		list = list[:size]
		next = haoban.EncodeCursor(list[size-1].ID)
	}
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE status = 'dead'`).Scan(&total); err != nil {
		return nil, "", 0, fmt.Errorf("count dead letters: %w", err)
	}
	return list, next, total, nil
}

// ResendNotice puts a dead letter back in the queue, due at once with its
// attempts counted afresh, and records who did it in the audit trail.
func (s *Store) ResendNotice(ctx context.Context, id int64, audit haoban.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var status haoban.OutboxStatus
		var caseID, lastError string
		err := tx.QueryRow(ctx, `SELECT status, COALESCE(case_id::text, ''), last_error FROM outbox WHERE id = $1 FOR UPDATE`, id).
			Scan(&status, &caseID, &lastError)
		if err != nil {
			return translate(err, "通知")
		}
		if status != haoban.OutboxDead {
			return haoban.Errorf(haoban.ECONFLICT, "只有发送失败的通知可以重发")
		}
		if _, err := tx.Exec(ctx, `UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = $2, dead_at = NULL
			WHERE id = $1`, id, audit.At); err != nil {
			return fmt.Errorf("resend notice: %w", err)
		}
		before, _ := json.Marshal(map[string]string{"status": string(status), "last_error": lastError})
		audit.Action, audit.CaseID, audit.Target = "notice.resend", caseID, "notice:"+strconv.FormatInt(id, 10)
		audit.Before, audit.After = string(before), `{"status":"queued"}`
		return appendAudit(ctx, tx, audit)
	})
}

// RecordReceipt takes an SMS provider's delivery receipt once: its nonce
// is remembered, so the same receipt sent again is refused as a replay
// (ECONFLICT). Nonces seen before forgetBefore are forgotten: receipts that
// old are refused by their timestamp. A receipt for no message we sent is
// ENOTFOUND.
func (s *Store) RecordReceipt(ctx context.Context, r haoban.DeliveryReceipt, seenAt, forgetBefore time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sms_receipt_nonces WHERE seen_at < $1`, forgetBefore); err != nil {
			return fmt.Errorf("forget old nonces: %w", err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO sms_receipt_nonces (nonce, seen_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, r.Nonce, seenAt)
		if err != nil {
			return fmt.Errorf("remember nonce: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return haoban.Errorf(haoban.ECONFLICT, "回执重复：此 nonce 已使用")
		}
		if r.Status == haoban.ReceiptDelivered {
			tag, err = tx.Exec(ctx, `UPDATE outbox SET status = 'delivered', delivered_at = COALESCE(delivered_at, $3)
				WHERE channel = 'sms' AND provider_id = $1 AND key = $2 AND status IN ('sent', 'delivered')`, r.ProviderID, r.Key, r.At)
		} else {
			tag, err = tx.Exec(ctx, `UPDATE outbox SET status = 'dead', dead_at = $3, last_error = $4
				WHERE channel = 'sms' AND provider_id = $1 AND key = $2 AND status IN ('sent', 'delivered')`,
				r.ProviderID, r.Key, r.At, "短信未送达："+r.Error)
		}
		if err != nil {
			return fmt.Errorf("record receipt: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return haoban.Errorf(haoban.ENOTFOUND, "没有这条短信")
		}
		return nil
	})
}
