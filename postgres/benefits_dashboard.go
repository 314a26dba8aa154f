package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// BenefitDashboard counts a policy's cases by status, every status
// present even at zero, with the cases that had an objection, were ever
// confirmed, declined or failed a payment (from their timelines), the funds
// reserved and paid against the budget of all its periods, and the
// average days from match to payment. The name is the newest version's.
func (s *Store) BenefitDashboard(ctx context.Context, policy string) (haoban.BenefitDashboard, error) {
	d := haoban.BenefitDashboard{Policy: policy, Counts: map[haoban.BenefitStatus]int{}}
	err := s.pool.QueryRow(ctx, `SELECT body->>'name' FROM policy_versions WHERE policy = $1 ORDER BY version DESC LIMIT 1`,
		policy).Scan(&d.Name)
	if err != nil {
		return d, translate(err, "政策")
	}
	err = s.pool.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM benefit_cases WHERE policy = $1),
			(SELECT count(DISTINCT o.benefit_id) FROM benefit_objections o JOIN benefit_cases b ON b.id = o.benefit_id
				WHERE b.policy = $1),
			(SELECT count(DISTINCT e.benefit_id) FILTER (WHERE e.type = 'confirmed') FROM benefit_events e
				JOIN benefit_cases b ON b.id = e.benefit_id WHERE b.policy = $1),
			(SELECT count(DISTINCT e.benefit_id) FILTER (WHERE e.type = 'declined') FROM benefit_events e
				JOIN benefit_cases b ON b.id = e.benefit_id WHERE b.policy = $1),
			(SELECT count(DISTINCT e.benefit_id) FILTER (WHERE e.type = 'payment_failed') FROM benefit_events e
				JOIN benefit_cases b ON b.id = e.benefit_id WHERE b.policy = $1),
			(SELECT COALESCE(sum(budget), 0)::float8 FROM policy_budgets WHERE policy = $1),
			(SELECT COALESCE(sum(reserved), 0)::float8 FROM policy_budgets WHERE policy = $1),
			COALESCE(sum(amount), 0)::float8, count(*),
			COALESCE(avg(extract(epoch FROM paid_at - matched_at)) / 86400, 0)::float8
		FROM benefit_cases WHERE policy = $1 AND status = 'paid'`, policy).
		Scan(&d.Matched, &d.Objected, &d.Confirmed, &d.Declined, &d.Failed, &d.Budget, &d.Reserved, &d.Paid, &d.PaidCount, &d.AvgDays)
	if err != nil {
		return d, fmt.Errorf("benefit dashboard of %s: %w", policy, err)
	}
	for _, st := range haoban.BenefitStatuses {
		d.Counts[st] = 0
	}
	rows, err := s.pool.Query(ctx, `SELECT status, count(*) FROM benefit_cases WHERE policy = $1 GROUP BY status`, policy)
	if err != nil {
		return d, fmt.Errorf("count benefits of %s: %w", policy, err)
	}
	var st haoban.BenefitStatus
	var n int
	_, err = pgx.ForEachRow(rows, []any{&st, &n}, func() error { d.Counts[st] = n; return nil })
	return d, err
}
