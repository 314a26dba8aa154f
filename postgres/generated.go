package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// AcceptScanned merges values read from a scan into an unsubmitted draft's
// form, with where each was read (key → provenance, merged into the draft's
// scanned), in one statement, audited: the applicant accepted them.
func (s *Store) AcceptScanned(ctx context.Context, draftID string, form map[string]any, scanned any, at time.Time,
	meta haoban.AuditEntry) error {
	if !isUUID(draftID) {
		return haoban.Errorf(haoban.ENOTFOUND, "申请草稿不存在")
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE drafts SET form = form || $2, scanned = scanned || $3, updated_at = $4
			WHERE id = $1 AND submitted_at IS NULL`, draftID, form, scanned, at)
		if err != nil {
			return fmt.Errorf("accept scanned values: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return haoban.Errorf(haoban.ECONFLICT, "申请草稿已提交，不能再修改")
		}
		keys := make([]string, 0, len(form))
		for k := range form {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		meta.Action, meta.Target, meta.After = "draft_scan_accepted", draftID, Summary(map[string]any{"fields": keys})
		return appendAudit(ctx, tx, meta)
	})
}

// ReplaceGenerated leaves keepID the draft's only material of a generated
// code: an earlier document of an unsubmitted draft is deleted, and one
// that went to a case not accepted (不予受理) stays that case's, no longer
// the draft's, so that the next submission's case has one.
func (s *Store) ReplaceGenerated(ctx context.Context, draftID, code, keepID string) error {
	if !isUUID(draftID) {
		return haoban.Errorf(haoban.ENOTFOUND, "申请草稿不存在")
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM materials WHERE draft_id = $1 AND code = $2 AND id::text <> $3 AND case_id IS NULL`,
			draftID, code, keepID); err != nil {
			return fmt.Errorf("remove earlier generated %s: %w", code, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE materials SET draft_id = NULL WHERE draft_id = $1 AND code = $2 AND id::text <> $3`,
			draftID, code, keepID); err != nil {
			return fmt.Errorf("detach earlier generated %s: %w", code, err)
		}
		return nil
	})
}

// DraftScanned is what a draft accepted from scans (key → provenance), as
// AcceptScanned stored it.
func (s *Store) DraftScanned(ctx context.Context, draftID string) (json.RawMessage, error) {
	if !isUUID(draftID) {
		return nil, haoban.Errorf(haoban.ENOTFOUND, "申请草稿不存在")
	}
	var raw json.RawMessage
	err := s.pool.QueryRow(ctx, `SELECT scanned FROM drafts WHERE id = $1`, draftID).Scan(&raw)
	return raw, translate(err, "申请草稿")
}
