package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/notices"
)

// benefitStep is what a step of a benefit case leaves behind besides the
// row: its timeline event, audit entry and notice.
type benefitStep struct {
	Key    string // unique per case
	Event  string
	Actor  string
	At     time.Time
	Detail map[string]any
	Meta   haoban.AuditEntry // who acted, from where; its At, Action and Target are the step's
	Before haoban.BenefitStatus
	Notice *haoban.BenefitNotice
}

// recordBenefitStep writes a step of case b, which holds the case after
// the step, inside tx. A step whose key is recorded already writes
// nothing: a retried step neither audits nor notifies twice.
func (s *Store) recordBenefitStep(ctx context.Context, tx pgx.Tx, b haoban.BenefitCase, st benefitStep) error {
	detail := st.Detail
	if detail == nil {
		detail = map[string]any{}
	}
	tag, err := tx.Exec(ctx, `INSERT INTO benefit_events (benefit_id, key, at, type, actor, detail)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (benefit_id, key) DO NOTHING`, b.ID, st.Key, st.At, st.Event, st.Actor, detail)
	if err != nil {
		return fmt.Errorf("insert benefit event %s: %w", st.Key, err)
	} else if tag.RowsAffected() == 0 {
		return nil
	}
	meta := st.Meta
	if meta.Actor == "" {
		meta.Actor = st.Actor
	}
	meta.At, meta.Action, meta.CaseID, meta.Target = st.At, "benefit."+st.Event, "", b.ID
	if st.Before != "" {
		meta.Before = Summary(map[string]any{"status": st.Before})
	}
	after := map[string]any{"status": b.Status}
	if b.Reason != "" {
		after["reason"] = b.Reason
	}
	meta.After = Summary(after)
	if err := appendAudit(ctx, tx, meta); err != nil {
		return err
	}
	if st.Notice == nil {
		return nil
	}
	n, err := s.benefitNotice(ctx, tx, b, *st.Notice, st.At)
	if err != nil {
		return err
	}
	return noticeBeneficiary(ctx, tx, b, st.Key, n, st.At)
}

// benefitNotice words a step's notice with its kind's template, which an
// administrator may reword like the case notices': the step's own
// sentence is its comment. A kind without a template keeps the step's
// words.
func (s *Store) benefitNotice(ctx context.Context, tx pgx.Tx, b haoban.BenefitCase, n haoban.BenefitNotice, at time.Time) (haoban.BenefitNotice, error) {
	ts, err := noticeTemplates(ctx, tx)
	if err != nil {
		return n, err
	}
	t, ok := ts[n.Kind]
	if !ok {
		return n, nil
	}
	r, err := notices.Render(t, notices.Data{Bundle: b.PolicyName, Applicant: b.Name, Date: notices.Date(at), Title: n.Title, Comment: n.Body,
		Reason: b.Reason, Link: s.publicURL + "/benefits/" + b.ID})
	if err != nil {
		return n, fmt.Errorf("word the %s notice: %w", n.Kind, err)
	}
	n.Title, n.Body = r.Subject, r.Body
	return n, nil
}

// noticeBeneficiary tells every account of the beneficiary: the person's,
// or those of the enterprise's legal representative. The key of the step
// makes a retried step tell each of them once.
func noticeBeneficiary(ctx context.Context, tx pgx.Tx, b haoban.BenefitCase, key string, n haoban.BenefitNotice, at time.Time) error {
	rows, err := tx.Query(ctx, `SELECT id FROM users WHERE disabled_at IS NULL AND id_number =
			CASE WHEN $2 = 'enterprise' THEN (SELECT legal_rep_id FROM enterprises WHERE uscc = $1) ELSE $1 END
		ORDER BY id`, b.Beneficiary, b.Kind)
	if err != nil {
		return fmt.Errorf("find beneficiary's users: %w", err)
	}
	users, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("find beneficiary's users: %w", err)
	}
	fact := "benefit:" + b.ID + ":" + key
	for _, u := range users {
		note := haoban.Notification{UserID: u, Kind: string(n.Kind), Title: n.Title, Body: n.Body}.WithKey(fact)
		if _, err := deliverNotice(ctx, tx, note, haoban.NoticeKey("", fact, u), n.Kind.Legal(), at); err != nil {
			return err
		}
	}
	return nil
}
