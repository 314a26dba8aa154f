package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/rules"
)

const ruleColumns = `r.id::text, r.item, r.code, v.expression, v.message, v.hint, v.legal_basis, v.severity,
	v.effective_from, v.effective_to, v.version`

func scanRule(row pgx.CollectableRow) (rules.Rule, error) {
	var r rules.Rule
	var to *time.Time
	err := row.Scan(&r.ID, &r.Item, &r.Code, &r.Expression, &r.Message, &r.Hint, &r.LegalBasis, &r.Severity,
		&r.EffectiveFrom, &to, &r.Version)
	if to != nil {
		r.EffectiveTo = *to
	}
	return r, err
}

// ListRules returns the newest version of every rule, of the given items
// only when items is not empty.
func (s *Store) ListRules(ctx context.Context, items []string) ([]rules.Rule, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+ruleColumns+` FROM rules r
		JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.version
		WHERE COALESCE(cardinality($1::text[]), 0) = 0 OR r.item = ANY($1) ORDER BY r.item, r.code`, items)
	if err != nil {
		return nil, fmt.Errorf("list rules: %w", err)
	}
	return pgx.CollectRows(rows, scanRule)
}

// RuleHistory returns every version of one rule, the newest first.
func (s *Store) RuleHistory(ctx context.Context, id string) ([]rules.Rule, error) {
	if !isUUID(id) {
		return nil, haoban.Errorf(haoban.ENOTFOUND, "审查要点不存在")
	}
	rows, err := s.pool.Query(ctx, `SELECT `+ruleColumns+` FROM rules r JOIN rule_versions v ON v.rule_id = r.id
		WHERE r.id = $1 ORDER BY v.version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("rule history: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanRule)
	if err == nil && len(list) == 0 {
		err = haoban.Errorf(haoban.ENOTFOUND, "审查要点不存在")
	}
	return list, err
}

// SaveRule writes a version of a rule: version 1 of a new rule (an item
// and code already taken is a conflict), or the next version of rule r.ID.
// The saved rule comes back with its ID and version.
func (s *Store) SaveRule(ctx context.Context, r rules.Rule, meta haoban.AuditEntry) (rules.Rule, error) {
	if !isUUID(r.ID) {
		return r, haoban.Errorf(haoban.ENOTFOUND, "审查要点不存在")
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if r.Version == 0 {
			r.Version = 1
			_, err = tx.Exec(ctx, `INSERT INTO rules (id, item, code, version) VALUES ($1, $2, $3, 1)`, r.ID, r.Item, r.Code)
			err = translate(err, "该事项的审查要点编码")
		} else {
			err = tx.QueryRow(ctx, `UPDATE rules SET version = version + 1 WHERE id = $1 RETURNING item, code, version`,
				r.ID).Scan(&r.Item, &r.Code, &r.Version)
			err = translate(err, "审查要点")
		}
		if err != nil {
			return err
		}
		if err := insertRuleVersion(ctx, tx, r, meta.Actor); err != nil {
			return err
		}
		meta.Action, meta.Target, meta.After = "rule_saved", r.ID, Summary(r)
		return appendAudit(ctx, tx, meta)
	})
	return r, err
}

// EnsureRule writes version 1 of a rule unless its item already has a rule
// of that code: the demo's rules load once and never undo an admin's edit.
func (s *Store) EnsureRule(ctx context.Context, r rules.Rule) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO rules (id, item, code, version) VALUES ($1, $2, $3, 1)
			ON CONFLICT (item, code) DO NOTHING`, r.ID, r.Item, r.Code)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		r.Version = 1
		return insertRuleVersion(ctx, tx, r, "system")
	})
}

func insertRuleVersion(ctx context.Context, tx pgx.Tx, r rules.Rule, savedBy string) error {
	var to *time.Time
	if !r.EffectiveTo.IsZero() {
		to = &r.EffectiveTo
	}
	if _, err := tx.Exec(ctx, `INSERT INTO rule_versions (rule_id, version, expression, message, hint, legal_basis,
			severity, effective_from, effective_to, saved_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		r.ID, r.Version, r.Expression, r.Message, r.Hint, r.LegalBasis, r.Severity, r.EffectiveFrom, to, savedBy); err != nil {
		return fmt.Errorf("insert rule version: %w", err)
	}
	return nil
}
