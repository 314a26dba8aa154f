package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// The outbox: notices written in the transaction of their fact, claimed
// by dispatchers with FOR UPDATE SKIP LOCKED (migrations/019_outbox.sql).

const outboxColumns = `id, key, channel, user_id, address, COALESCE(case_id::text, ''), kind, subject, body, legal,
	status, attempts, next_attempt_at, COALESCE(claim, 0), last_error, provider_id, created_at,
	sent_at, delivered_at, read_at, dead_at`

func scanOutbox(r pgx.CollectableRow) (haoban.OutboxNotice, error) {
	var n haoban.OutboxNotice
	err := r.Scan(&n.ID, &n.Key, &n.Channel, &n.UserID, &n.Address, &n.CaseID, &n.Kind, &n.Subject, &n.Body, &n.Legal,
		&n.Status, &n.Attempts, &n.NextAttemptAt, &n.Claim, &n.LastError, &n.ProviderID, &n.CreatedAt,
		&n.SentAt, &n.DeliveredAt, &n.ReadAt, &n.DeadAt)
	return n, err
}

// EnqueueNotices queues notices in a transaction of their own; a notice
// whose key and channel are queued already is left alone. It returns how
// many were new. Store code that records a fact queues its notices with
// enqueueNotices in the fact's own transaction instead.
func (s *Store) EnqueueNotices(ctx context.Context, notices []haoban.OutboxNotice, at time.Time) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx pgx.Tx) (err error) {
		n, err = enqueueNotices(ctx, tx, notices, at)
		return err
	})
	return n, err
}

// enqueueNotices queues notices inside the caller's transaction, so that
// there is no notice without its fact and no fact without its notice. A
// notice is due at its NextAttemptAt, or at once when that is not set.
func enqueueNotices(ctx context.Context, tx pgx.Tx, notices []haoban.OutboxNotice, at time.Time) (int, error) {
	if len(notices) == 0 {
		return 0, nil
	}
	cols := make([][]string, 8)
	legal := make([]bool, len(notices))
	due := make([]time.Time, len(notices))
	for i, n := range notices {
		for j, v := range []string{n.Key, string(n.Channel), n.UserID, n.Address, n.CaseID, n.Kind, n.Subject, n.Body} {
			cols[j] = append(cols[j], v)
		}
		legal[i], due[i] = n.Legal, n.NextAttemptAt
		if due[i].IsZero() {
			due[i] = at
		}
	}
	tag, err := tx.Exec(ctx, `INSERT INTO outbox (key, channel, user_id, address, case_id, kind, subject, body, legal,
			next_attempt_at, created_at)
		SELECT k, ch, u, a, NULLIF(c, '')::uuid, kd, s, b, l, d, $11
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bool[],
			$10::timestamptz[]) AS n(k, ch, u, a, c, kd, s, b, l, d)
		ON CONFLICT (key, channel) DO NOTHING`,
		cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], legal, due, at)
	if err != nil {
		return 0, fmt.Errorf("enqueue notices: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// ClaimNotices claims up to limit rows of the channels given that are due
// at now: queued rows whose time has come and sending rows whose lease has
// ended (their dispatcher died). Each claimed row is sending, counts an
// attempt, carries a new claim number and is leased until leaseEnd. Rows
// another dispatcher holds locked are skipped, not waited for.
func (s *Store) ClaimNotices(ctx context.Context, channels []haoban.NoticeChannel, now, leaseEnd time.Time, limit int) ([]haoban.OutboxNotice, error) {
	names := make([]string, len(channels))
	for i, c := range channels {
		names[i] = string(c)
	}
	// id = ANY(ARRAY(…)) makes the planner look the claimed rows up by key
	// rather than join them against a scan of the whole table.
	rows, err := s.pool.Query(ctx, `UPDATE outbox SET status = 'sending', attempts = attempts + 1,
			claim = nextval('outbox_claims'), next_attempt_at = $2
		WHERE id = ANY(ARRAY(SELECT id FROM outbox WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1
			AND channel = ANY($3) ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED))
		RETURNING `+outboxColumns, now, leaseEnd, names, limit)
	if err != nil {
		return nil, fmt.Errorf("claim notices: %w", err)
	}
	return pgx.CollectRows(rows, scanOutbox)
}

// RecordOutcomes records what a dispatcher did with the rows it claimed,
// in one statement. A row claimed again since (its lease ended) is not
// touched: its new holder records it.
func (s *Store) RecordOutcomes(ctx context.Context, outcomes []haoban.OutboxOutcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	ids, claims := make([]int64, len(outcomes)), make([]int64, len(outcomes))
	status, provider, errs := make([]string, len(outcomes)), make([]string, len(outcomes)), make([]string, len(outcomes))
	next, at := make([]time.Time, len(outcomes)), make([]time.Time, len(outcomes))
	untried := make([]bool, len(outcomes))
	for i, o := range outcomes {
		ids[i], claims[i], status[i], provider[i], errs[i] = o.ID, o.Claim, string(o.Status), o.ProviderID, o.Error
		next[i], at[i], untried[i] = o.NextAttemptAt, o.At, o.Untried
	}
	// A claim number is held only while the row is sending, so matching it
	// is the whole fence; o.id = ANY($1) has the planner find the rows by
	// key rather than scan the queue.
	_, err := s.pool.Exec(ctx, `UPDATE outbox o SET status = r.status, claim = NULL,
			attempts = o.attempts - CASE WHEN r.untried THEN 1 ELSE 0 END,
			provider_id = CASE WHEN r.provider <> '' THEN r.provider ELSE o.provider_id END,
			last_error = CASE WHEN r.untried THEN o.last_error ELSE r.err END,
			next_attempt_at = CASE WHEN r.status = 'queued' THEN r.next ELSE o.next_attempt_at END,
			sent_at = CASE WHEN r.status = 'sent' THEN r.at ELSE o.sent_at END,
			dead_at = CASE WHEN r.status = 'dead' THEN r.at ELSE o.dead_at END
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::bool[])
			AS r(id, claim, status, provider, err, next, at, untried)
		WHERE o.id = ANY($1) AND o.id = r.id AND o.claim = r.claim`,
		ids, claims, status, provider, errs, next, at, untried)
	if err != nil {
		return fmt.Errorf("record notice outcomes: %w", err)
	}
	return nil
}
