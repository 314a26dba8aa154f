package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// CreateCase records a submitted case with its pending tasks and the
// submission event. The same applicant and idempotency key return the case
// created the first time (created is false); the same key with a different
// request is a conflict.
func (s *Store) CreateCase(ctx context.Context, nc haoban.NewCase) (id string, created bool, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if id, created, err = createCase(ctx, tx, nc); err != nil || !created {
			return err
		}
		return refreshCaseFacts(ctx, tx, id) // the "799" summaries (operations.go)
	})
	return id, created, err
}

func createCase(ctx context.Context, tx pgx.Tx, nc haoban.NewCase) (id string, created bool, err error) {
	err = func() error {
		prefill := nc.Prefill
		if prefill == nil {
			prefill = map[string]any{}
		}
		err := tx.QueryRow(ctx, `INSERT INTO cases (id, bundle, bundle_name, applicant, form, status, submitted_at, idempotency_key,
				request_hash, budget_days, prefill, prefill_ratio, address_ids, bundle_version, channel, window_name, entered_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, COALESCE($13, '{}'::jsonb), GREATEST($14, 1),
				COALESCE(NULLIF($15, ''), 'online'), $16, $17)
			ON CONFLICT (applicant, idempotency_key) DO NOTHING RETURNING id`,
			nc.ID, nc.Bundle.Code, nc.Bundle.Name, nc.Applicant, nc.Form, haoban.CaseInReview, nc.At,
			nc.IdempotencyKey, nc.RequestHash, nc.Bundle.PromisedDays, prefill, nc.PrefillRatio, nc.AddressIDs, nc.Bundle.Version,
			string(nc.Channel), nc.Window, nc.EnteredBy).Scan(&id)
		if err == pgx.ErrNoRows {
			return existingCase(ctx, tx, nc, &id)
		} else if err != nil {
			return translate(fmt.Errorf("insert case: %w", err), "申请人")
		}
		created = true
		for i, it := range nc.Bundle.Items {
			if _, err := tx.Exec(ctx, `INSERT INTO tasks (id, case_id, item, item_name, department, status, position, version, updated_at, budget_days)
				VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9)`,
				haoban.TaskID(nc.ID, it.Code), nc.ID, it.Code, it.Name, it.Department, haoban.TaskPending, i, nc.At, it.PromisedDays); err != nil {
				return fmt.Errorf("insert task %s: %w", it.Code, err)
			}
		}
		ev := haoban.NewEvent{Key: "submitted", Type: haoban.EventSubmitted, Actor: nc.Applicant,
			Detail: map[string]any{"bundle": nc.Bundle.Code}}
		if _, err := insertEvent(ctx, tx, nc.ID, nc.At, ev); err != nil {
			return err
		}
		entry := haoban.AuditEntry{At: nc.At, Actor: nc.Applicant, Role: haoban.RoleApplicant,
			Department: haoban.AnyDepartment, Action: haoban.EventSubmitted, CaseID: nc.ID, Target: nc.ID,
			After:     Summary(map[string]any{"bundle": nc.Bundle.Code, "status": haoban.CaseInReview}),
			RequestID: nc.RequestID, ClientAddr: nc.ClientAddr}
		if nc.EnteredBy != "" {
			// A clerk submitted at the counter for the applicant (issue 19).
			entry.Actor, entry.Role = nc.EnteredBy, haoban.RoleClerk
			entry.After = Summary(map[string]any{"bundle": nc.Bundle.Code, "status": haoban.CaseInReview,
				"for": nc.Applicant, "channel": nc.Channel, "window": nc.Window})
		}
		return appendAudit(ctx, tx, entry)
	}()
	return id, created, err
}

// CaseIDByKey is the applicant's case submitted under an idempotency key,
// "" when there is none: a retry is told apart from a second application.
func (s *Store) CaseIDByKey(ctx context.Context, applicant, key string) (string, error) {
	var id string
	err := s.pool.QueryRow(ctx, `SELECT id::text FROM cases WHERE applicant = $1 AND idempotency_key = $2`, applicant, key).Scan(&id)
	if err == pgx.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("find case by idempotency key: %w", err)
	}
	return id, nil
}

func existingCase(ctx context.Context, tx pgx.Tx, nc haoban.NewCase, id *string) error {
	var hash string
	err := tx.QueryRow(ctx, `SELECT id, request_hash FROM cases WHERE applicant = $1 AND idempotency_key = $2`,
		nc.Applicant, nc.IdempotencyKey).Scan(id, &hash)
	if err != nil {
		return fmt.Errorf("find case by idempotency key: %w", err)
	}
	if hash != nc.RequestHash {
		return haoban.FieldErrorf(haoban.ECONFLICT, "Idempotency-Key", "该 Idempotency-Key 已用于另一份不同的申请，请换用新的键")
	}
	return nil
}

const caseColumns = `id::text, bundle, bundle_name, status, COALESCE(outcome, ''), applicant, form, submitted_at, completed_at, budget_days,
	prefill, prefill_ratio, prefill_changes, address_ids, prereview, bundle_version, channel, window_name, entered_by`

func scanCase(r pgx.CollectableRow) (haoban.Case, error) {
	var c haoban.Case
	err := r.Scan(&c.ID, &c.Bundle, &c.BundleName, &c.Status, &c.Outcome, &c.Applicant, &c.Form, &c.SubmittedAt, &c.CompletedAt, &c.BudgetDays,
		&c.Prefill, &c.PrefillRatio, &c.PrefillChanges, &c.AddressIDs, &c.Prereview, &c.BundleVersion, &c.Channel, &c.Window, &c.EnteredBy)
	return c, err
}

// FindCase returns one case with its tasks and timeline.
func (s *Store) FindCase(ctx context.Context, id string) (haoban.Case, error) {
	if !isUUID(id) {
		return haoban.Case{}, haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	rows, err := s.pool.Query(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, id)
	if err != nil {
		return haoban.Case{}, fmt.Errorf("find case %s: %w", id, err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanCase)
	if err != nil {
		return haoban.Case{}, translate(err, "办件")
	}
	if c.Tasks, err = s.ListTasks(ctx, haoban.TaskFilter{CaseIDs: []string{id}}); err != nil {
		return haoban.Case{}, err
	}
	if c.Events, err = s.events(ctx, id); err != nil {
		return haoban.Case{}, err
	}
	if c.Materials, err = s.materials(ctx, "case_id", id); err != nil {
		return haoban.Case{}, err
	}
	return c, nil
}

func (s *Store) events(ctx context.Context, caseID string) ([]haoban.Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, type, at, actor, detail FROM events WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return pgx.CollectRows(rows, scanEvent)
}

// isUUID reports whether s has the shape of a UUID, so that a malformed ID
// is "not found" rather than a database error.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'):
			return false
		}
	}
	return true
}

// UnstartedCases returns cases submitted before cutoff whose workflow never
// wrote its first projection: the API recorded them but crashed, or lost
// Temporal, before starting the workflow, and the client did not retry.
func (s *Store) UnstartedCases(ctx context.Context, cutoff time.Time) ([]haoban.Case, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+caseColumns+` FROM cases c
		WHERE status = $1 AND submitted_at < $2
		  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.version > 0)
		ORDER BY submitted_at LIMIT 100`, haoban.CaseInReview, cutoff)
	if err != nil {
		return nil, fmt.Errorf("list unstarted cases: %w", err)
	}
	return pgx.CollectRows(rows, scanCase)
}

// PrefillStatsByBundle averages the recorded prefill ratios per bundle;
// the row with an empty bundle is the overall figure.
func (s *Store) PrefillStatsByBundle(ctx context.Context) ([]haoban.PrefillStats, error) {
	rows, err := s.pool.Query(ctx, `SELECT COALESCE(bundle, ''), count(*)::int, COALESCE(avg(prefill_ratio), 0)::float8 FROM cases
		WHERE prefill_ratio IS NOT NULL GROUP BY ROLLUP (bundle) ORDER BY bundle NULLS FIRST`)
	if err != nil {
		return nil, fmt.Errorf("prefill stats: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[haoban.PrefillStats])
}

// FindCasePrefill reads a case's form and prefill record.
func (s *Store) FindCasePrefill(ctx context.Context, id string) (haoban.CasePrefill, error) {
	var p haoban.CasePrefill
	var ratio *float64
	err := s.pool.QueryRow(ctx, `SELECT c.applicant, COALESCE(u.id_number, ''), u.name, COALESCE(c.draft_id::text, ''), c.bundle,
			c.bundle_version, c.submitted_at, c.form, c.prefill, c.prefill_ratio
		FROM cases c JOIN users u ON u.id = c.applicant WHERE c.id = $1`, id).
		Scan(&p.Applicant.ID, &p.Applicant.IDNumber, &p.Applicant.Name, &p.DraftID, &p.Bundle, &p.BundleVersion, &p.SubmittedAt, &p.Form, &p.Prefill, &ratio)
	if ratio == nil {
		p.Prefill = nil
	}
	return p, translate(err, "办件")
}

// RecordPrefill stores what the prefill check found: the record and ratio
// when the submission had none, and the values changed since shown. A
// retry writes the same.
func (s *Store) RecordPrefill(ctx context.Context, caseID string, record any, ratio *float64, changes any) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE cases SET prefill = COALESCE($2, prefill), prefill_ratio = COALESCE($3, prefill_ratio),
			prefill_changes = $4 WHERE id = $1`, caseID, record, ratio, changes); err != nil {
			return fmt.Errorf("record prefill: %w", err)
		}
		return refreshCaseFacts(ctx, tx, caseID) // the ratio is a "799" figure (operations.go)
	})
}

// CaseMaterials returns the materials attached to a case.
func (s *Store) CaseMaterials(ctx context.Context, caseID string) ([]haoban.CaseMaterial, error) {
	return s.materials(ctx, "case_id", caseID)
}

// RecordPrereview stores the pre-review report made at submission. When
// the case is not accepted, the draft it came from opens again for the
// applicant to fix and submit anew; a retry finds it open already.
func (s *Store) RecordPrereview(ctx context.Context, caseID string, report any, reopen bool) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE cases SET prereview = $2 WHERE id = $1`, caseID, report); err != nil {
			return fmt.Errorf("record prereview: %w", err)
		}
		if !reopen {
			return nil
		}
		_, err := tx.Exec(ctx, `UPDATE drafts SET submitted_at = NULL, case_id = NULL, attempts = attempts + 1
			WHERE id = (SELECT draft_id FROM cases WHERE id = $1) AND case_id = $1`, caseID)
		if err != nil {
			return fmt.Errorf("reopen draft: %w", err)
		}
		return nil
	})
}

// CountEarlierCases counts the applicant's cases of the same bundle
// submitted before this one.
func (s *Store) CountEarlierCases(ctx context.Context, c haoban.Case) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM cases WHERE applicant = $1 AND bundle = $2 AND submitted_at < $3`,
		c.Applicant, c.Bundle, c.SubmittedAt).Scan(&n)
	return n, err
}
