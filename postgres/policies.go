package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

const policyColumns = `policy, version, state, body, COALESCE(effective_from, '0001-01-01 00:00:00+00'), created_by, created_at,
	COALESCE(published_by, ''), COALESCE(published_at, '0001-01-01 00:00:00+00'),
	COALESCE(withdrawn_by, ''), COALESCE(withdrawn_at, '0001-01-01 00:00:00+00')`

func scanPolicyVersion(r pgx.CollectableRow) (haoban.PolicyVersion, error) {
	var v haoban.PolicyVersion
	err := r.Scan(&v.Policy, &v.Version, &v.State, &v.Body, &v.EffectiveFrom, &v.CreatedBy, &v.CreatedAt, &v.PublishedBy, &v.PublishedAt,
		&v.WithdrawnBy, &v.WithdrawnAt)
	for _, t := range []*time.Time{&v.EffectiveFrom, &v.PublishedAt, &v.WithdrawnAt} {
		if t.Year() <= 1 {
			*t = time.Time{}
		}
	}
	return v, err
}

// ListPolicyVersions returns every policy's versions, by policy and
// newest first.
func (s *Store) ListPolicyVersions(ctx context.Context) ([]haoban.PolicyVersion, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+policyColumns+` FROM policy_versions ORDER BY policy, version DESC`)
	if err != nil {
		return nil, fmt.Errorf("list policy versions: %w", err)
	}
	return pgx.CollectRows(rows, scanPolicyVersion)
}

// FindPolicyVersion returns one version of a policy.
func (s *Store) FindPolicyVersion(ctx context.Context, policy string, version int) (haoban.PolicyVersion, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+policyColumns+` FROM policy_versions WHERE policy = $1 AND version = $2`, policy, version)
	if err != nil {
		return haoban.PolicyVersion{}, fmt.Errorf("find policy %s/%d: %w", policy, version, err)
	}
	v, err := pgx.CollectExactlyOneRow(rows, scanPolicyVersion)
	return v, translate(err, "政策版本")
}

// PoliciesInForce returns, for every policy, the published version with
// the latest effective date not after at.
func (s *Store) PoliciesInForce(ctx context.Context, at time.Time) ([]haoban.Policy, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT ON (policy) body FROM policy_versions
		WHERE state = 'published' AND effective_from <= $1 ORDER BY policy, effective_from DESC, version DESC`, at)
	if err != nil {
		return nil, fmt.Errorf("policies in force: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[haoban.Policy])
}

// SavePolicyDraft writes the policy's one draft: it replaces the open
// draft's body, or opens a draft numbered after the last version. It
// answers the draft as stored, audited in the same transaction.
func (s *Store) SavePolicyDraft(ctx context.Context, p haoban.Policy, meta haoban.AuditEntry) (haoban.PolicyVersion, error) {
	var out haoban.PolicyVersion
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockPolicy(ctx, tx, p.Code); err != nil {
			return err
		}
		var version int
		err := tx.QueryRow(ctx, `UPDATE policy_versions SET body = $2 WHERE policy = $1 AND state = 'draft' RETURNING version`,
			p.Code, p).Scan(&version)
		if err == pgx.ErrNoRows {
			err = tx.QueryRow(ctx, `INSERT INTO policy_versions (policy, version, state, body, created_by, created_at)
				SELECT $1, COALESCE(max(version), 0) + 1, 'draft', $2, $3, $4 FROM policy_versions WHERE policy = $1
				RETURNING version`, p.Code, p, meta.Actor, meta.At).Scan(&version)
		}
		if err != nil {
			return fmt.Errorf("save policy draft %s: %w", p.Code, err)
		}
		meta.Target = fmt.Sprintf("policy:%s@%d", p.Code, version)
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+policyColumns+` FROM policy_versions WHERE policy = $1 AND version = $2`, p.Code, version)
		if err != nil {
			return fmt.Errorf("read policy draft: %w", err)
		}
		out, err = pgx.CollectExactlyOneRow(rows, scanPolicyVersion)
		return err
	})
	return out, err
}

// PublishPolicy turns a draft into a version effective from a date,
// audited in the same transaction. A version that is no longer a draft
// answers ECONFLICT, so a retried publish says so instead of publishing
// twice.
func (s *Store) PublishPolicy(ctx context.Context, v haoban.PolicyVersion, meta haoban.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockPolicy(ctx, tx, v.Policy); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE policy_versions SET state = 'published', body = $3, effective_from = $4,
				published_by = $5, published_at = $6
			WHERE policy = $1 AND version = $2 AND state = 'draft'`,
			v.Policy, v.Version, v.Body, v.EffectiveFrom, v.PublishedBy, v.PublishedAt)
		if err != nil {
			return fmt.Errorf("publish policy %s/%d: %w", v.Policy, v.Version, err)
		} else if tag.RowsAffected() == 0 {
			return haoban.Errorf(haoban.ECONFLICT, "第 %d 版不是草稿，不能再发布", v.Version)
		}
		return appendAudit(ctx, tx, meta)
	})
}

// WithdrawPolicy withdraws a published version that has not taken effect
// at now, audited in the same transaction. Once in force, matching runs
// may have paid under it: it can only be followed by a newer version.
func (s *Store) WithdrawPolicy(ctx context.Context, policy string, version int, now time.Time, meta haoban.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockPolicy(ctx, tx, policy); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE policy_versions SET state = 'withdrawn', withdrawn_by = $4, withdrawn_at = $3
			WHERE policy = $1 AND version = $2 AND state = 'published' AND effective_from > $3`, policy, version, now, meta.Actor)
		if err != nil {
			return fmt.Errorf("withdraw policy %s/%d: %w", policy, version, err)
		} else if tag.RowsAffected() == 0 {
			return haoban.Errorf(haoban.ECONFLICT, "第 %d 版已生效或不是待生效的版本，不能撤回", version)
		}
		return appendAudit(ctx, tx, meta)
	})
}

// PolicyAudit returns the audit entries of a policy's versions (saved,
// published, withdrawn), oldest first. They are in the chain of actions
// tied to no case, whose index the query uses.
func (s *Store) PolicyAudit(ctx context.Context, policy string) ([]haoban.AuditEntry, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+auditColumns+` FROM audit
		WHERE case_id IS NULL AND target LIKE 'policy:' || $1 || '@%' ORDER BY seq`, policy)
	if err != nil {
		return nil, fmt.Errorf("policy audit %s: %w", policy, err)
	}
	return pgx.CollectRows(rows, scanAudit)
}

// lockPolicy serialises the writers of one policy's versions.
func lockPolicy(ctx context.Context, tx pgx.Tx, policy string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('haoban-policy:' || $1))`, policy); err != nil {
		return fmt.Errorf("lock policy %s: %w", policy, err)
	}
	return nil
}

// EnsurePolicy publishes a policy as version 1, effective from its start,
// unless it has versions already (the demo's policies; a second start
// changes nothing).
func (s *Store) EnsurePolicy(ctx context.Context, p haoban.Policy) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO policy_versions (policy, version, state, body, effective_from, created_by, created_at,
			published_by, published_at)
		SELECT $1, 1, 'published', $2, $3, 'demo', $3, 'demo', $3
		WHERE NOT EXISTS (SELECT 1 FROM policy_versions WHERE policy = $1)`, p.Code, p, p.From)
	if err != nil {
		return fmt.Errorf("ensure policy %s: %w", p.Code, err)
	}
	return nil
}
