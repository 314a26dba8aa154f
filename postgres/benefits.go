package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// Every benefit write takes its locks in one order: the case's row, then
// the policy period's budget row, then the audit chain. Two writers
// therefore never wait on each other in a cycle.

// OpenBenefit records a match's case in status matched, flagged when the
// credit registry lists the beneficiary as seriously untrustworthy on the
// day of the match, and the policy period's budget row when missing. A
// case recorded before is returned as it is.
func (s *Store) OpenBenefit(ctx context.Context, b haoban.BenefitCase, budget float64) (haoban.BenefitCase, error) {
	if b.ID == "" {
		b.ID = haoban.BenefitID(b.Policy, b.Period, b.Beneficiary)
	}
	if b.Account == "" {
		b.Account = haoban.BenefitAccount(b.Kind, b.Beneficiary)
	}
	var out haoban.BenefitCase
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var flagged bool
		err := tx.QueryRow(ctx, `INSERT INTO benefit_cases (id, policy, version, period, department, beneficiary, kind, name,
				amount, delivery, status, matched_at, updated_at, account, flagged)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'matched', $11, $11, $12,
				EXISTS (SELECT 1 FROM credit_records WHERE subject = $6
					AND (removed_on IS NULL OR removed_on > ($11::timestamptz AT TIME ZONE 'Asia/Shanghai')::date)))
			ON CONFLICT (id) DO NOTHING RETURNING flagged`,
			b.ID, b.Policy, b.Version, b.Period, b.Department, b.Beneficiary, b.Kind, b.Name, b.Amount, b.Delivery,
			b.MatchedAt, b.Account).Scan(&flagged)
		if err == pgx.ErrNoRows {
			out, err = findBenefit(ctx, tx, b.ID)
			return err
		} else if err != nil {
			return translate(err, "政策待享")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO policy_budgets (policy, period, budget) VALUES ($1, $2, $3)
			ON CONFLICT (policy, period) DO NOTHING`, b.Policy, b.Period, budget); err != nil {
			return fmt.Errorf("record budget of %s %s: %w", b.Policy, b.Period, err)
		}
		if out, err = findBenefit(ctx, tx, b.ID); err != nil {
			return err
		}
		return s.recordBenefitStep(ctx, tx, out, benefitStep{Key: "matched", Event: "matched", Actor: "system", At: b.MatchedAt,
			Detail: map[string]any{"amount": b.Amount, "flagged": flagged}})
	})
	return out, err
}

// TransitionBenefit applies a transition in one transaction: the case
// moves from one of t.From to t.To with t.Set's non-zero fields, and the
// step's event, audit entry and notice are written. A transition whose
// key is recorded already returns the case as it is.
func (s *Store) TransitionBenefit(ctx context.Context, t haoban.BenefitTransition) (haoban.BenefitCase, error) {
	if t.Key == "" {
		return haoban.BenefitCase{}, fmt.Errorf("transition benefit %s to %s: no step key", t.ID, t.To)
	}
	var out haoban.BenefitCase
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		status, err := lockBenefit(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		var done bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM benefit_events WHERE benefit_id = $1 AND key = $2)`,
			t.ID, t.Key).Scan(&done); err != nil {
			return fmt.Errorf("find benefit step %s: %w", t.Key, err)
		}
		if done {
			out, err = findBenefit(ctx, tx, t.ID)
			return err
		}
		if !slices.Contains(t.From, status) {
			return haoban.Errorf(haoban.ECONFLICT, "该待享当前为「%s」，不能办理此项", status.Name())
		}
		f := t.Set
		if _, err := tx.Exec(ctx, `UPDATE benefit_cases SET status = $2, updated_at = $3,
				reason = COALESCE(NULLIF($4, ''), reason),
				confirm_by = COALESCE($5, confirm_by), confirmed_at = COALESCE($6, confirmed_at),
				pledge_document = COALESCE(NULLIF($7, ''), pledge_document),
				publicity_from = COALESCE($8, publicity_from), publicity_to = COALESCE($9, publicity_to),
				decision_document = COALESCE(NULLIF($10, '')::uuid, decision_document),
				account = COALESCE(NULLIF($11, ''), account),
				payment_key = COALESCE(NULLIF($12, ''), payment_key), payment_serial = COALESCE(NULLIF($13, ''), payment_serial),
				paid_at = COALESCE($14, paid_at), recovery_serial = COALESCE(NULLIF($15, ''), recovery_serial),
				reversed_at = COALESCE($16, reversed_at)
			WHERE id = $1`,
			t.ID, t.To, t.At, f.Reason, orNull(f.ConfirmBy), orNull(f.ConfirmedAt), f.PledgeDocument,
			orNull(f.PublicityFrom), orNull(f.PublicityTo), f.DecisionDocument, f.Account, f.PaymentKey, f.PaymentSerial,
			orNull(f.PaidAt), f.RecoverySerial, orNull(f.ReversedAt)); err != nil {
			return fmt.Errorf("move benefit %s to %s: %w", t.ID, t.To, err)
		}
		if t.ReleaseBudget {
			if _, err := tx.Exec(ctx, `UPDATE policy_budgets p SET reserved = p.reserved - b.amount FROM benefit_cases b
				WHERE b.id = $1 AND p.policy = b.policy AND p.period = b.period`, t.ID); err != nil {
				return fmt.Errorf("release budget of benefit %s: %w", t.ID, err)
			}
		}
		if out, err = findBenefit(ctx, tx, t.ID); err != nil {
			return err
		}
		event := t.Event
		if event == "" {
			event = string(t.To)
		}
		return s.recordBenefitStep(ctx, tx, out, benefitStep{Key: t.Key, Event: event, Actor: t.Actor, At: t.At,
			Detail: t.Detail, Meta: t.Meta, Before: status, Notice: t.Notice})
	})
	return out, err
}

// ApproveBenefit reserves the case's amount from its policy period's
// budget and approves it, or, when the funds left do not cover it, marks
// it unfunded, in one transaction. The conditional UPDATE waits on the
// budget row's lock and re-reads it, so concurrent approvals never
// reserve more than the budget. A case approved or beyond is returned as
// it is.
func (s *Store) ApproveBenefit(ctx context.Context, id string, at time.Time) (haoban.BenefitCase, error) {
	var out haoban.BenefitCase
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		status, err := lockBenefit(ctx, tx, id)
		if err != nil {
			return err
		}
		switch status {
		case haoban.BenefitApproved, haoban.BenefitUnfunded, haoban.BenefitPaid, haoban.BenefitFailed, haoban.BenefitCorrected:
			out, err = findBenefit(ctx, tx, id)
			return err
		case haoban.BenefitPublicity:
		default:
			return haoban.Errorf(haoban.ECONFLICT, "该待享当前为「%s」，不能批准给付", status.Name())
		}
		tag, err := tx.Exec(ctx, `UPDATE policy_budgets p SET reserved = p.reserved + b.amount FROM benefit_cases b
			WHERE b.id = $1 AND p.policy = b.policy AND p.period = b.period AND p.reserved + b.amount <= p.budget`, id)
		if err != nil {
			return fmt.Errorf("reserve budget for benefit %s: %w", id, err)
		}
		funded := tag.RowsAffected() == 1
		if !funded {
			if err := budgetExists(ctx, tx, id); err != nil {
				return err
			}
		}
		to, reason := haoban.BenefitApproved, ""
		if !funded {
			to, reason = haoban.BenefitUnfunded, "本期资金已用完"
		}
		var approvedAt *time.Time
		if funded {
			approvedAt = &at
		}
		if _, err := tx.Exec(ctx, `UPDATE benefit_cases SET status = $2, updated_at = $3, reason = $4, approved_at = $5
			WHERE id = $1`, id, to, at, reason, approvedAt); err != nil {
			return fmt.Errorf("approve benefit %s: %w", id, err)
		}
		if out, err = findBenefit(ctx, tx, id); err != nil {
			return err
		}
		// An approved beneficiary is told once the grant decision is
		// sealed (app.BenefitFlow.Seal), with the document to verify.
		var notice *haoban.BenefitNotice
		if !funded {
			notice = &haoban.BenefitNotice{Kind: haoban.KindBenefitStopped, Title: "待享终止",
				Body: fmt.Sprintf("「%s」本期资金已用完，您的待享未能给付。", out.PolicyName)}
		}
		return s.recordBenefitStep(ctx, tx, out, benefitStep{Key: string(to), Event: string(to), Actor: "system", At: at,
			Detail: map[string]any{"amount": out.Amount}, Before: status, Notice: notice})
	})
	return out, err
}

// budgetExists tells an unfunded case from one whose policy period has no
// budget row, which OpenBenefit always writes: a missing row is a fault,
// not an empty purse.
func budgetExists(ctx context.Context, tx pgx.Tx, id string) error {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM policy_budgets p JOIN benefit_cases b
		ON p.policy = b.policy AND p.period = b.period WHERE b.id = $1)`, id).Scan(&ok)
	if err != nil {
		return fmt.Errorf("find budget of benefit %s: %w", id, err)
	} else if !ok {
		return fmt.Errorf("benefit %s: its policy period has no budget", id)
	}
	return nil
}

// lockBenefit locks a case's row for the transaction and returns its
// status.
func lockBenefit(ctx context.Context, tx pgx.Tx, id string) (haoban.BenefitStatus, error) {
	var status haoban.BenefitStatus
	err := tx.QueryRow(ctx, `SELECT status FROM benefit_cases WHERE id = $1 FOR UPDATE`, id).Scan(&status)
	return status, translate(err, "政策待享")
}

// orNull stores a zero time as NULL.
func orNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
