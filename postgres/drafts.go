package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// CreateDraft starts an empty draft for a bundle.
func (s *Store) CreateDraft(ctx context.Context, d haoban.Draft, meta haoban.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO drafts (id, applicant, bundle, form, created_at, updated_at, entered_by)
			VALUES ($1, $2, $3, '{}', $4, $4, $5)`, d.ID, d.Applicant, d.Bundle, d.CreatedAt, d.EnteredBy); err != nil {
			return translate(fmt.Errorf("insert draft: %w", err), "申请草稿")
		}
		after := map[string]string{"bundle": d.Bundle}
		if d.EnteredBy != "" {
			after["for"] = d.Applicant // a clerk entered it at the counter
		}
		meta.Action, meta.Target, meta.After = "draft_created", d.ID, Summary(after)
		return appendAudit(ctx, tx, meta)
	})
}

// FindDraft returns a draft with its materials.
func (s *Store) FindDraft(ctx context.Context, id string) (haoban.Draft, error) {
	if !isUUID(id) {
		return haoban.Draft{}, haoban.Errorf(haoban.ENOTFOUND, "申请草稿不存在")
	}
	var d haoban.Draft
	var caseID *string
	err := s.pool.QueryRow(ctx, `SELECT id::text, applicant, bundle, form, created_at, updated_at, submitted_at, case_id::text,
			address_ids, shown, attempts, entered_by
		FROM drafts WHERE id = $1`, id).Scan(&d.ID, &d.Applicant, &d.Bundle, &d.Form, &d.CreatedAt, &d.UpdatedAt, &d.SubmittedAt, &caseID,
		&d.AddressIDs, &d.Shown, &d.Attempts, &d.EnteredBy)
	if err != nil {
		return haoban.Draft{}, translate(err, "申请草稿")
	}
	if caseID != nil {
		d.CaseID = *caseID
	}
	d.Materials, err = s.materials(ctx, "draft_id", id)
	return d, err
}

// PatchDraft merges a patch into an unsubmitted draft.
func (s *Store) PatchDraft(ctx context.Context, id string, p haoban.DraftPatch, at time.Time) error {
	if p.Form == nil {
		p.Form = map[string]any{}
	}
	if p.AddressIDs == nil {
		p.AddressIDs = map[string]any{}
	}
	tag, err := s.pool.Exec(ctx, `UPDATE drafts SET form = jsonb_strip_nulls(form || $2),
			address_ids = jsonb_strip_nulls(address_ids || $3), shown = COALESCE($4, shown), updated_at = $5
		WHERE id = $1 AND submitted_at IS NULL`, id, p.Form, p.AddressIDs, p.Shown, at)
	if err != nil {
		return fmt.Errorf("patch draft: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return haoban.Errorf(haoban.ECONFLICT, "申请草稿已提交，不能再修改")
	}
	return s.announceDraftSaved(ctx, id, at) // to a helper watching it (同屏, screen.go)
}

// SubmitDraft turns a draft into a case in one transaction: the case, its
// tasks and submission event, the draft's materials attached to it, and
// the draft marked submitted. A retried submission returns the same case.
func (s *Store) SubmitDraft(ctx context.Context, draftID string, nc haoban.NewCase) (string, error) {
	var id string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var created bool
		var err error
		if id, created, err = createCase(ctx, tx, nc); err != nil || !created {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE materials SET case_id = $2 WHERE draft_id = $1`, draftID, id); err != nil {
			return fmt.Errorf("attach materials: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE cases SET draft_id = $2 WHERE id = $1`, id, draftID); err != nil {
			return fmt.Errorf("link case to draft: %w", err)
		}
		if _, err = tx.Exec(ctx, `UPDATE drafts SET submitted_at = $2, case_id = $3 WHERE id = $1`, draftID, nc.At, id); err != nil {
			return err
		}
		return refreshCaseFacts(ctx, tx, id) // the "799" summaries (operations.go)
	})
	return id, err
}

// OpenDrafts lists an applicant's unsubmitted drafts, the most recently
// changed first, keyset on (updated_at, id) after the given row (zero: from
// the first); bundle "" means every bundle. total counts them all.
func (s *Store) OpenDrafts(ctx context.Context, applicant, bundle string, afterAt time.Time, afterID string, limit int) ([]haoban.Draft, int, error) {
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM drafts WHERE applicant = $1 AND submitted_at IS NULL
		AND ($2 = '' OR bundle = $2)`, applicant, bundle).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count drafts: %w", err)
	}
	if afterID != "" && !isUUID(afterID) {
		return nil, 0, haoban.FieldErrorf(haoban.EINVALID, "query.cursor", "翻页标记无效：请从第一页重新开始")
	}
	rows, err := s.pool.Query(ctx, `SELECT id::text, applicant, bundle, form, created_at, updated_at, attempts
		FROM drafts WHERE applicant = $1 AND submitted_at IS NULL AND ($2 = '' OR bundle = $2)
			AND ($4 = '' OR (updated_at, id) < ($3, $4::uuid))
		ORDER BY updated_at DESC, id DESC LIMIT $5`, applicant, bundle, afterAt, afterID, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list drafts: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.Draft, error) {
		var d haoban.Draft
		err := r.Scan(&d.ID, &d.Applicant, &d.Bundle, &d.Form, &d.CreatedAt, &d.UpdatedAt, &d.Attempts)
		return d, err
	})
	return list, total, err
}

// OpenCases are an applicant's cases of a bundle still being handled (not
// completed, withdrawn or refused acceptance), the newest first.
func (s *Store) OpenCases(ctx context.Context, applicant, bundle string) ([]haoban.Case, error) {
	rows, err := s.pool.Query(ctx, `SELECT id::text, bundle, bundle_name, status, applicant, form, submitted_at
		FROM cases WHERE applicant = $1 AND bundle = $2 AND status NOT IN ('completed', 'withdrawn', 'not_accepted')
		ORDER BY submitted_at DESC, id DESC`, applicant, bundle)
	if err != nil {
		return nil, fmt.Errorf("find open cases: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.Case, error) {
		var c haoban.Case
		err := r.Scan(&c.ID, &c.Bundle, &c.BundleName, &c.Status, &c.Applicant, &c.Form, &c.SubmittedAt)
		return c, err
	})
}

// EnterprisesNamed are the registered enterprises with exactly this name
// (企业名称登记), for the check that a new one does not take it.
func (s *Store) EnterprisesNamed(ctx context.Context, name string) ([]haoban.Enterprise, error) {
	rows, err := s.pool.Query(ctx, `SELECT uscc, name, legal_rep_id, updated_at FROM enterprises WHERE name = $1 ORDER BY uscc`, name)
	if err != nil {
		return nil, fmt.Errorf("find enterprises by name: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.Enterprise, error) {
		var e haoban.Enterprise
		err := r.Scan(&e.USCC, &e.Name, &e.LegalRepID, &e.UpdatedAt)
		return e, err
	})
}

// RemoveDraftMaterials takes materials off an unsubmitted draft (replaced
// or deleted by the applicant); the bytes stay in the blob store, which
// other uploads of the same content may share.
func (s *Store) RemoveDraftMaterials(ctx context.Context, draftID string, ids []string) error {
	if !isUUID(draftID) {
		return haoban.Errorf(haoban.ENOTFOUND, "申请草稿不存在")
	}
	_, err := s.pool.Exec(ctx, `DELETE FROM materials m USING drafts d
		WHERE m.draft_id = $1 AND d.id = m.draft_id AND d.submitted_at IS NULL AND m.case_id IS NULL AND m.id::text = ANY($2)`,
		draftID, ids)
	if err != nil {
		return fmt.Errorf("remove draft materials: %w", err)
	}
	return nil
}
