package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// ListLinkRules returns every licence type's link rule.
func (s *Store) ListLinkRules(ctx context.Context) ([]haoban.LinkRule, error) {
	rows, err := s.pool.Query(ctx, `SELECT licence_type, field, handling FROM link_rules ORDER BY licence_type, field`)
	if err != nil {
		return nil, fmt.Errorf("list link rules: %w", err)
	}
	var out []haoban.LinkRule
	var typ, field, handling string
	_, err = pgx.ForEachRow(rows, []any{&typ, &field, &handling}, func() error {
		if len(out) == 0 || out[len(out)-1].LicenceType != typ {
			out = append(out, haoban.LinkRule{LicenceType: typ, Fields: map[string]string{}})
		}
		out[len(out)-1].Fields[field] = handling
		return nil
	})
	return out, err
}

// SaveLinkRule replaces a licence type's link rule, audited when an admin
// saves it (meta.Actor set).
func (s *Store) SaveLinkRule(ctx context.Context, r haoban.LinkRule, meta haoban.AuditEntry) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM link_rules WHERE licence_type = $1`, r.LicenceType); err != nil {
			return fmt.Errorf("clear link rule: %w", err)
		}
		for field, handling := range r.Fields {
			if _, err := tx.Exec(ctx, `INSERT INTO link_rules (licence_type, field, handling) VALUES ($1, $2, $3)`,
				r.LicenceType, field, handling); err != nil {
				return fmt.Errorf("save link rule: %w", err)
			}
		}
		if meta.Actor == "" {
			return nil
		}
		meta.Action, meta.Target, meta.After = "link_rule_saved", r.LicenceType, Summary(r)
		return appendAudit(ctx, tx, meta)
	})
}

// EnsureLinkRule writes a licence type's rule unless it has one, so the
// demo's rules never undo an admin's edit.
func (s *Store) EnsureLinkRule(ctx context.Context, r haoban.LinkRule) error {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM link_rules WHERE licence_type = $1`, r.LicenceType).Scan(&n); err != nil {
		return fmt.Errorf("find link rule: %w", err)
	}
	if n > 0 {
		return nil
	}
	return s.SaveLinkRule(ctx, r, haoban.AuditEntry{})
}

// LinkedFailures lists the failed linked reissues still outstanding.
func (s *Store) LinkedFailures(ctx context.Context) ([]haoban.LinkedFailure, error) {
	rows, err := s.pool.Query(ctx, `SELECT f.case_id::text, f.at, f.detail, COALESCE(f.detail->>'licence', '') FROM events f
		WHERE f.type = 'linked_failed' AND NOT EXISTS (SELECT 1 FROM events r WHERE r.case_id = f.case_id
			AND r.type = 'linked_reissued' AND r.detail->>'licence' = f.detail->>'licence')
		ORDER BY f.at DESC LIMIT 200`)
	if err != nil {
		return nil, fmt.Errorf("list linked failures: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[haoban.LinkedFailure])
}
