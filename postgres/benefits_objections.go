package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"haoban"
)

const objectionColumns = `o.id, o.benefit_id, o.filed_by, o.reasons, o.filed_at, o.due_at, o.status,
	COALESCE(o.decided_by, ''), o.decided_at, o.finding`

func scanObjection(r pgx.CollectableRow) (haoban.Objection, error) {
	var o haoban.Objection
	var decided *time.Time
	err := r.Scan(&o.ID, &o.Benefit, &o.FiledBy, &o.Reasons, &o.FiledAt, &o.DueAt, &o.Status, &o.DecidedBy, &decided, &o.Finding)
	if decided != nil {
		o.DecidedAt = *decided
	}
	return o, err
}

// FileObjection records an objection to a case in publicity before its
// end and moves the case to objected, in one transaction. The objection's
// ID makes a retried filing record it once; an empty ID gets a new one.
func (s *Store) FileObjection(ctx context.Context, o haoban.Objection, meta haoban.AuditEntry) (haoban.Objection, error) {
	if strings.TrimSpace(o.Reasons) == "" {
		return o, haoban.FieldErrorf(haoban.EINVALID, "reasons", "请填写异议理由")
	}
	if o.ID == "" {
		o.ID = uuid.NewString()
	}
	var out haoban.Objection
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		status, err := lockBenefit(ctx, tx, o.Benefit)
		if err != nil {
			return err
		}
		if out, err = findObjection(ctx, tx, o.ID); err == nil && out.Benefit == o.Benefit {
			return nil // filed before
		} else if err == nil {
			return haoban.Errorf(haoban.ECONFLICT, "异议已存在")
		} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
			return err
		}
		var from, to *time.Time
		if err := tx.QueryRow(ctx, `SELECT publicity_from, publicity_to FROM benefit_cases WHERE id = $1`,
			o.Benefit).Scan(&from, &to); err != nil {
			return fmt.Errorf("read publicity of benefit %s: %w", o.Benefit, err)
		}
		switch {
		case status != haoban.BenefitPublicity && status != haoban.BenefitObjected || from == nil || to == nil ||
			o.FiledAt.Before(*from):
			return haoban.Errorf(haoban.ECONFLICT, "该待享不在公示期")
		case !o.FiledAt.Before(*to):
			return haoban.Errorf(haoban.ECONFLICT, "公示期已结束")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO benefit_objections (id, benefit_id, filed_by, reasons, filed_at, due_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, o.ID, o.Benefit, o.FiledBy, o.Reasons, o.FiledAt, o.DueAt); err != nil {
			return translate(err, "异议")
		}
		if _, err := tx.Exec(ctx, `UPDATE benefit_cases SET status = 'objected', updated_at = $2 WHERE id = $1`,
			o.Benefit, o.FiledAt); err != nil {
			return fmt.Errorf("mark benefit %s objected: %w", o.Benefit, err)
		}
		b, err := findBenefit(ctx, tx, o.Benefit)
		if err != nil {
			return err
		}
		if out, err = findObjection(ctx, tx, o.ID); err != nil {
			return err
		}
		// The timeline is the beneficiary's to read: it says that an
		// objection came, never who filed it. The audit keeps the filer.
		meta.Actor = o.FiledBy
		return s.recordBenefitStep(ctx, tx, b, benefitStep{Key: "objection:" + o.ID, Event: "objection_filed", Actor: "public",
			At: o.FiledAt, Detail: map[string]any{"objection": o.ID, "due_at": o.DueAt}, Meta: meta, Before: status})
	})
	return out, err
}

// DecideObjection decides an open objection: upheld stops the case with
// the finding as its reason and tells the beneficiary; rejected returns
// the case to publicity once no other objection to it is open. meta gives
// who decides and when.
func (s *Store) DecideObjection(ctx context.Context, id string, upheld bool, finding string, meta haoban.AuditEntry) (haoban.Objection, haoban.BenefitCase, error) {
	var o haoban.Objection
	var b haoban.BenefitCase
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var benefit string
		err := tx.QueryRow(ctx, `SELECT benefit_id FROM benefit_objections WHERE id = $1`, id).Scan(&benefit)
		if err != nil {
			return translate(err, "异议")
		}
		// The case first, as every benefit write locks it: the objection's
		// row is then only ever locked under it.
		status, err := lockBenefit(ctx, tx, benefit)
		if err != nil {
			return err
		}
		outcome := haoban.ObjectionRejected
		if upheld {
			outcome = haoban.ObjectionUpheld
		}
		tag, err := tx.Exec(ctx, `UPDATE benefit_objections SET status = $2, decided_by = $3, decided_at = $4, finding = $5
			WHERE id = $1 AND status = 'open'`, id, outcome, meta.Actor, meta.At, finding)
		if err != nil {
			return fmt.Errorf("decide objection %s: %w", id, err)
		} else if tag.RowsAffected() == 0 {
			return haoban.Errorf(haoban.ECONFLICT, "该异议已处理")
		}
		var notice *haoban.BenefitNotice
		switch {
		case upheld && (status == haoban.BenefitObjected || status == haoban.BenefitPublicity):
			_, err = tx.Exec(ctx, `UPDATE benefit_cases SET status = 'stopped', reason = $2, updated_at = $3 WHERE id = $1`,
				benefit, "异议成立："+finding, meta.At)
			notice = &haoban.BenefitNotice{Kind: haoban.KindBenefitStopped, Title: "待享终止"}
		case !upheld && status == haoban.BenefitObjected:
			_, err = tx.Exec(ctx, `UPDATE benefit_cases SET status = 'publicity', updated_at = $2
				WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM benefit_objections WHERE benefit_id = $1 AND status = 'open')`,
				benefit, meta.At)
		}
		if err != nil {
			return fmt.Errorf("apply objection %s to benefit %s: %w", id, benefit, err)
		}
		if b, err = findBenefit(ctx, tx, benefit); err != nil {
			return err
		}
		if o, err = findObjection(ctx, tx, id); err != nil {
			return err
		}
		if notice != nil {
			notice.Body = fmt.Sprintf("您的「%s」经公示期异议核查，异议成立，给付终止。理由：%s", b.PolicyName, finding)
		}
		return s.recordBenefitStep(ctx, tx, b, benefitStep{Key: "objection:" + id + ":" + outcome, Event: "objection_" + outcome,
			Actor: meta.Actor, At: meta.At, Detail: map[string]any{"objection": id, "finding": finding}, Meta: meta,
			Before: status, Notice: notice})
	})
	return o, b, err
}

func findObjection(ctx context.Context, q querier, id string) (haoban.Objection, error) {
	rows, err := q.Query(ctx, `SELECT `+objectionColumns+` FROM benefit_objections o WHERE o.id = $1`, id)
	if err != nil {
		return haoban.Objection{}, fmt.Errorf("find objection %s: %w", id, err)
	}
	o, err := pgx.CollectExactlyOneRow(rows, scanObjection)
	return o, translate(err, "异议")
}

// FindObjection reads one objection.
func (s *Store) FindObjection(ctx context.Context, id string) (haoban.Objection, error) {
	return findObjection(ctx, s.pool, id)
}

// ObjectionsOf lists a case's objections, oldest first.
func (s *Store) ObjectionsOf(ctx context.Context, benefit string) ([]haoban.Objection, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+objectionColumns+` FROM benefit_objections o WHERE o.benefit_id = $1
		ORDER BY o.filed_at, o.id`, benefit)
	if err != nil {
		return nil, fmt.Errorf("list objections of %s: %w", benefit, err)
	}
	return pgx.CollectRows(rows, scanObjection)
}

// DepartmentBenefitWork lists what waits for a department: the open
// objections to its cases, oldest due first, and its cases in manual
// review, oldest first.
func (s *Store) DepartmentBenefitWork(ctx context.Context, department string) ([]haoban.Objection, []haoban.BenefitCase, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+objectionColumns+` FROM benefit_objections o
		JOIN benefit_cases b ON b.id = o.benefit_id
		WHERE b.department = $1 AND o.status = 'open' ORDER BY o.due_at, o.id`, department)
	if err != nil {
		return nil, nil, fmt.Errorf("list open objections of %s: %w", department, err)
	}
	objs, err := pgx.CollectRows(rows, scanObjection)
	if err != nil {
		return nil, nil, fmt.Errorf("list open objections of %s: %w", department, err)
	}
	rows, err = s.pool.Query(ctx, benefitList+` WHERE b.department = $1 AND b.status = 'review' ORDER BY b.updated_at, b.id`,
		department)
	if err != nil {
		return nil, nil, fmt.Errorf("list benefits in review of %s: %w", department, err)
	}
	bs, err := pgx.CollectRows(rows, scanBenefit)
	return objs, bs, err
}
