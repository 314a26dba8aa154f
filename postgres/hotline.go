package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// hotlineColumns read a ticket with its conversation: a helper who answered
// the conversation from the help desk's queue, rather than connecting the
// ticket, connected it by that first reply.
const hotlineColumns = `t.id, t.caller_name, t.phone, t.question, t.item, t.case_number, t.department,
	COALESCE(t.specialist, c.helper, ''), t.conversation, ` + hotlineStatus + `, t.received_at,
	COALESCE(t.connected_at, c.first_response_at), COALESCE(t.connect_seconds, c.first_response_seconds), t.submitted_by`

const hotlineStatus = `CASE WHEN t.status = 'connected' OR c.first_response_at IS NOT NULL THEN 'connected' ELSE 'waiting' END`

const hotlineFrom = ` FROM hotline_tickets t JOIN conversations c ON c.id = t.conversation`

func scanHotline(r pgx.CollectableRow) (haoban.HotlineTicket, error) {
	var t haoban.HotlineTicket
	err := r.Scan(&t.ID, &t.CallerName, &t.Phone, &t.Question, &t.Item, &t.CaseNumber, &t.Department, &t.Specialist,
		&t.Conversation, &t.Status, &t.ReceivedAt, &t.ConnectedAt, &t.ConnectSeconds, &t.SubmittedBy)
	return t, err
}

// CreateHotlineTicket records a 12345 ticket and the hotline conversation
// it is routed as, to its item's department, with its audit entry, in one
// transaction. A retry with the submitter's key returns the first ticket;
// the key reused for another request is ECONFLICT.
func (s *Store) CreateHotlineTicket(ctx context.Context, t haoban.HotlineTicket, key, hash string, audit haoban.AuditEntry) (haoban.HotlineTicket, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// Two retries arriving together: the second waits, then finds the first.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('haoban-hotline:' || $1 || ':' || $2))`, t.SubmittedBy, key); err != nil {
			return fmt.Errorf("lock hotline key: %w", err)
		}
		var firstID, firstHash string
		err := tx.QueryRow(ctx, `SELECT id, request_hash FROM hotline_tickets WHERE submitted_by = $1 AND idempotency_key = $2`,
			t.SubmittedBy, key).Scan(&firstID, &firstHash)
		if err == nil {
			if firstHash != hash {
				return haoban.FieldErrorf(haoban.ECONFLICT, "header.Idempotency-Key", "此 Idempotency-Key 已用于另一张工单")
			}
			t.ID = firstID
			return nil
		} else if err != pgx.ErrNoRows {
			return fmt.Errorf("find hotline ticket by key: %w", err)
		}
		if err := tx.QueryRow(ctx, `SELECT department FROM items WHERE code = $1`, t.Item).Scan(&t.Department); err == pgx.ErrNoRows {
			return haoban.FieldErrorf(haoban.EINVALID, "body.item", "事项不存在：%s", t.Item)
		} else if err != nil {
			return fmt.Errorf("find item %s: %w", t.Item, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO conversations (id, channel, idempotency_key, question, department, item, status, created_at)
			VALUES ($1, 'hotline', $2, $3, $4, $5, 'waiting', $6)`,
			t.Conversation, "hotline:"+t.ID, t.Question, t.Department, t.Item, t.ReceivedAt); err != nil {
			return translate(err, "咨询")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO hotline_tickets (id, submitted_by, idempotency_key, request_hash, caller_name, phone,
				question, item, case_number, department, conversation, status, received_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'waiting', $12)`,
			t.ID, t.SubmittedBy, key, hash, t.CallerName, t.Phone, t.Question, t.Item, t.CaseNumber, t.Department,
			t.Conversation, t.ReceivedAt); err != nil {
			return translate(err, "工单")
		}
		audit.After = Summary(map[string]string{"item": t.Item, "department": t.Department, "phone": haoban.MaskPersonal(t.Phone)})
		return appendAudit(ctx, tx, audit)
	})
	if err != nil {
		return haoban.HotlineTicket{}, err
	}
	return s.FindHotlineTicket(ctx, t.ID)
}

// FindHotlineTicket is one ticket.
func (s *Store) FindHotlineTicket(ctx context.Context, id string) (haoban.HotlineTicket, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+hotlineColumns+hotlineFrom+` WHERE t.id = $1`, id)
	if err != nil {
		return haoban.HotlineTicket{}, fmt.Errorf("find hotline ticket %s: %w", id, err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, scanHotline)
	return t, translate(err, "工单")
}

// ConnectHotlineTicket records the specialist who took a waiting ticket
// and gives them its conversation, whose first response the connection
// is. Taken by someone else already: ECONFLICT; by the same one: a retry.
func (s *Store) ConnectHotlineTicket(ctx context.Context, id, specialist string, at time.Time, seconds int, audit haoban.AuditEntry) (haoban.HotlineTicket, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// The conversation's row first, as the help desk's reply locks it:
		// whoever answered first, here or there, took the call.
		var taker string
		var answered bool
		if err := tx.QueryRow(ctx, `SELECT COALESCE(t.specialist, c.helper, ''), t.status = 'connected' OR c.first_response_at IS NOT NULL
			FROM hotline_tickets t JOIN conversations c ON c.id = t.conversation WHERE t.id = $1 FOR UPDATE OF c, t`, id).Scan(&taker, &answered); err != nil {
			return translate(err, "工单")
		}
		switch {
		case answered && taker == specialist:
			return nil // a retry
		case answered || (taker != "" && taker != specialist):
			return haoban.Errorf(haoban.ECONFLICT, "此来电已由其他帮办人员接听")
		}
		var conversation string
		if err := tx.QueryRow(ctx, `UPDATE hotline_tickets SET status = 'connected', specialist = $2, connected_at = $3, connect_seconds = $4
			WHERE id = $1 RETURNING conversation`, id, specialist, at, seconds).Scan(&conversation); err != nil {
			return fmt.Errorf("connect hotline ticket: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE conversations SET helper = $2, status = 'open', first_response_at = $3,
				first_response_seconds = $4 WHERE id = $1 AND status = 'waiting'`, conversation, specialist, at, seconds); err != nil {
			return fmt.Errorf("give hotline conversation: %w", err)
		}
		audit.After = Summary(map[string]any{"specialist": specialist, "connect_seconds": seconds})
		return appendAudit(ctx, tx, audit)
	})
	if err != nil {
		return haoban.HotlineTicket{}, err
	}
	return s.FindHotlineTicket(ctx, id)
}

// HotlineTickets are the tickets received in [from, to), oldest first, of
// the departments given (nil: all), of one status ("": any).
func (s *Store) HotlineTickets(ctx context.Context, departments []string, status haoban.HotlineStatus, from, to time.Time) ([]haoban.HotlineTicket, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+hotlineColumns+hotlineFrom+`
		WHERE t.received_at >= $1 AND t.received_at < $2 AND ($3::text[] IS NULL OR t.department = ANY($3))
			AND ($4 = '' OR `+hotlineStatus+` = $4)
		ORDER BY t.received_at, t.id`, from, to, departments, string(status))
	if err != nil {
		return nil, fmt.Errorf("list hotline tickets: %w", err)
	}
	return pgx.CollectRows(rows, scanHotline)
}
