package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// benefitColumns reads a case with its policy version's name; facts is
// the match's facts or, for lists that show no facts (the public list
// above all), an empty object.
func benefitColumns(facts string) string {
	return `SELECT b.id, b.policy, COALESCE(v.body->>'name', ''), b.version, b.period, b.department, b.beneficiary, b.kind,
		b.name, b.amount::float8, ` + facts + `, b.delivery, b.status, b.reason, b.matched_at, b.updated_at,
		b.confirm_by, b.confirmed_at, COALESCE(b.pledge_document, ''), b.flagged, b.publicity_from, b.publicity_to,
		b.approved_at, COALESCE(b.decision_document::text, ''), b.account, COALESCE(b.payment_key, ''),
		COALESCE(b.payment_serial, ''), b.paid_at, COALESCE(b.recovery_serial, ''), b.reversed_at
	FROM benefit_cases b JOIN policy_versions v ON v.policy = b.policy AND v.version = b.version`
}

var (
	benefitWithFacts = benefitColumns("m.facts") + ` JOIN policy_matches m
		ON m.policy = b.policy AND m.period = b.period AND m.beneficiary = b.beneficiary`
	benefitList = benefitColumns(`'{}'::jsonb`)
)

func scanBenefit(r pgx.CollectableRow) (haoban.BenefitCase, error) {
	var b haoban.BenefitCase
	var confirmBy, confirmedAt, from, to, approved, paid, reversed *time.Time
	err := r.Scan(&b.ID, &b.Policy, &b.PolicyName, &b.Version, &b.Period, &b.Department, &b.Beneficiary, &b.Kind,
		&b.Name, &b.Amount, &b.Facts, &b.Delivery, &b.Status, &b.Reason, &b.MatchedAt, &b.UpdatedAt,
		&confirmBy, &confirmedAt, &b.PledgeDocument, &b.Flagged, &from, &to,
		&approved, &b.DecisionDocument, &b.Account, &b.PaymentKey,
		&b.PaymentSerial, &paid, &b.RecoverySerial, &reversed)
	for _, f := range []struct {
		dst *time.Time
		src *time.Time
	}{{&b.ConfirmBy, confirmBy}, {&b.ConfirmedAt, confirmedAt}, {&b.PublicityFrom, from}, {&b.PublicityTo, to},
		{&b.ApprovedAt, approved}, {&b.PaidAt, paid}, {&b.ReversedAt, reversed}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	return b, err
}

// findBenefit reads one case with its facts, in a transaction or not.
func findBenefit(ctx context.Context, q querier, id string) (haoban.BenefitCase, error) {
	rows, err := q.Query(ctx, benefitWithFacts+` WHERE b.id = $1`, id)
	if err != nil {
		return haoban.BenefitCase{}, fmt.Errorf("find benefit %s: %w", id, err)
	}
	b, err := pgx.CollectExactlyOneRow(rows, scanBenefit)
	return b, translate(err, "政策待享")
}

// FindBenefit reads one case, with the facts it was matched on.
func (s *Store) FindBenefit(ctx context.Context, id string) (haoban.BenefitCase, error) {
	return findBenefit(ctx, s.pool, id)
}

// BenefitsOf lists the cases of the beneficiaries, newest first.
func (s *Store) BenefitsOf(ctx context.Context, beneficiaries []string) ([]haoban.BenefitCase, error) {
	rows, err := s.pool.Query(ctx, benefitWithFacts+` WHERE b.beneficiary = ANY($1) ORDER BY b.matched_at DESC, b.id`,
		beneficiaries)
	if err != nil {
		return nil, fmt.Errorf("list benefits: %w", err)
	}
	return pgx.CollectRows(rows, scanBenefit)
}

// BenefitEvents returns a case's timeline, oldest first.
func (s *Store) BenefitEvents(ctx context.Context, id string) ([]haoban.BenefitEvent, error) {
	rows, err := s.pool.Query(ctx, `SELECT at, type, actor, detail FROM benefit_events WHERE benefit_id = $1 ORDER BY at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("list benefit events %s: %w", id, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.BenefitEvent, error) {
		var e haoban.BenefitEvent
		err := r.Scan(&e.At, &e.Type, &e.Actor, &e.Detail)
		return e, err
	})
}

// PublicityList lists a policy's cases in publicity at instant at, those
// under objection included, keyset-paged by case ID.
func (s *Store) PublicityList(ctx context.Context, policy string, at time.Time, page haoban.PageRequest) ([]haoban.BenefitCase, string, error) {
	var after string
	if page.Cursor != "" {
		if err := haoban.DecodeCursor(page.Cursor, &after); err != nil {
			return nil, "", err
		}
	}
	limit := page.Size()
	rows, err := s.pool.Query(ctx, benefitList+` WHERE b.policy = $1 AND b.status IN ('publicity', 'objected')
			AND b.publicity_from <= $2 AND b.publicity_to > $2 AND b.id > $3
		ORDER BY b.id LIMIT $4`, policy, at, after, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list publicity of %s: %w", policy, err)
	}
	bs, err := pgx.CollectRows(rows, scanBenefit)
	if err != nil || len(bs) <= limit {
		return bs, "", err
	}
	bs = bs[:limit]
	return bs, haoban.EncodeCursor(bs[limit-1].ID), nil
}

// PaidBenefits lists the cases paid or recovered in [from, to), for
// reconciliation with the treasury's ledger.
func (s *Store) PaidBenefits(ctx context.Context, from, to time.Time) ([]haoban.BenefitCase, error) {
	rows, err := s.pool.Query(ctx, benefitList+` WHERE (b.paid_at >= $1 AND b.paid_at < $2)
			OR (b.reversed_at >= $1 AND b.reversed_at < $2)
		ORDER BY b.paid_at, b.id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("list paid benefits: %w", err)
	}
	return pgx.CollectRows(rows, scanBenefit)
}

// UndeliveredMatches lists a policy period's matches whose benefit case
// has not been started, in beneficiary order, at most limit.
func (s *Store) UndeliveredMatches(ctx context.Context, policy, period string, limit int) ([]haoban.PolicyMatch, error) {
	rows, err := s.pool.Query(ctx, `SELECT policy, version, period, beneficiary, kind, name, amount::float8, facts, matched_at, run_id
		FROM policy_matches WHERE policy = $1 AND period = $2 AND delivered_at IS NULL
		ORDER BY beneficiary LIMIT $3`, policy, period, limit)
	if err != nil {
		return nil, fmt.Errorf("list undelivered matches: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.PolicyMatch, error) {
		var m haoban.PolicyMatch
		err := r.Scan(&m.Policy, &m.Version, &m.Period, &m.Beneficiary, &m.Kind, &m.Name, &m.Amount, &m.Facts, &m.MatchedAt, &m.RunID)
		return m, err
	})
}

// MarkDelivered records that the matches' cases have started; marking
// again keeps the first time.
func (s *Store) MarkDelivered(ctx context.Context, policy, period string, beneficiaries []string, at time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE policy_matches SET delivered_at = $4
		WHERE policy = $1 AND period = $2 AND beneficiary = ANY($3) AND delivered_at IS NULL`, policy, period, beneficiaries, at)
	if err != nil {
		return fmt.Errorf("mark matches delivered: %w", err)
	}
	return nil
}
