package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// UpsertDepartments inserts or renames departments.
func (s *Store) UpsertDepartments(ctx context.Context, depts []haoban.Department) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, d := range depts {
			if _, err := tx.Exec(ctx, `INSERT INTO departments (code, name, review_body, court) VALUES ($1, $2, $3, $4)
				ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, review_body = EXCLUDED.review_body, court = EXCLUDED.court`,
				d.Code, d.Name, d.ReviewBody, d.Court); err != nil {
				return fmt.Errorf("upsert department %s: %w", d.Code, err)
			}
		}
		return nil
	})
}

// UpsertBundle validates a bundle and, when it differs from the version
// in force, publishes it as a new version in force from now.
func (s *Store) UpsertBundle(ctx context.Context, b haoban.Bundle) error {
	return s.SaveBundle(ctx, b, haoban.AuditEntry{})
}

// SaveBundle is UpsertBundle that also appends meta to the audit trail in
// the same transaction, unless meta has no actor (the demo load). The
// first version of a bundle is in force since always, so cases under any
// test clock find it; later ones from the store's now.
func (s *Store) SaveBundle(ctx context.Context, b haoban.Bundle, meta haoban.AuditEntry) error {
	if err := b.Validate(); err != nil {
		return err
	}
	defer s.bundles.Clear()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockBundle(ctx, tx, b.Code); err != nil {
			return err
		}
		cur, err := inForce(ctx, tx, b.Code, s.now())
		if err != nil && haoban.ErrorCode(err) != haoban.ENOTFOUND {
			return err
		}
		effective := infinitePast
		if err == nil {
			b.Version = cur.Version
			if sameBundle(cur, b) {
				return nil
			}
			effective = s.now()
		}
		actor := meta.Actor
		if actor == "" {
			actor = "system"
		}
		v := haoban.CatalogueVersion{Bundle: b.Code, State: haoban.VersionPublished, Body: b, EffectiveFrom: effective,
			CreatedBy: actor, CreatedAt: s.now(), PublishedBy: actor, PublishedAt: s.now()}
		if v.Version, err = nextVersion(ctx, tx, b.Code); err != nil {
			return err
		}
		v.Body.Version = v.Version
		if err := insertVersion(ctx, tx, v); err != nil {
			return err
		}
		if err := projectBundle(ctx, tx, v.Body); err != nil {
			return err
		}
		if err := indexGuide(ctx, tx, v.Body, effective); err != nil {
			return err
		}
		if meta.Actor == "" {
			return nil
		}
		return appendAudit(ctx, tx, meta)
	})
}

// infinitePast is the effective date of a bundle's first version.
var infinitePast = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)

// sameBundle compares two bundles, ignoring their versions.
func sameBundle(a, b haoban.Bundle) bool {
	a.Version, b.Version = 0, 0
	return a.Canonical() == b.Canonical()
}

// projectBundle writes a published version's names and item list to
// bundles, items and bundle_items, which cases and tasks reference.
func projectBundle(ctx context.Context, tx pgx.Tx, b haoban.Bundle) error {
	if _, err := tx.Exec(ctx, `INSERT INTO bundles (code, name, promised_days) VALUES ($1, $2, $3)
		ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, promised_days = EXCLUDED.promised_days, updated_at = now()`,
		b.Code, b.Name, b.PromisedDays); err != nil {
		return fmt.Errorf("upsert bundle %s: %w", b.Code, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM bundle_items WHERE bundle = $1`, b.Code); err != nil {
		return fmt.Errorf("clear bundle items: %w", err)
	}
	for i, it := range b.Items {
		if _, err := tx.Exec(ctx, `INSERT INTO items (code, name, department, promised_days, legal_days, instant, optional, fields,
				materials, reminders, licence, licence_name, amends)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, department = EXCLUDED.department,
				promised_days = EXCLUDED.promised_days, legal_days = EXCLUDED.legal_days, instant = EXCLUDED.instant,
				optional = EXCLUDED.optional, fields = EXCLUDED.fields, materials = EXCLUDED.materials,
				reminders = EXCLUDED.reminders, licence = EXCLUDED.licence, licence_name = EXCLUDED.licence_name,
				amends = EXCLUDED.amends, updated_at = now()`,
			it.Code, it.Name, it.Department, it.PromisedDays, it.LegalDays, it.Instant, it.Optional, orEmpty(it.Fields),
			orEmpty(it.Materials), orEmpty(it.Reminders), it.Licence, it.LicenceName, it.Amends); err != nil {
			return translate(fmt.Errorf("upsert item %s: %w", it.Code, err), "事项所属部门")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bundle_items (bundle, item, position, depends_on) VALUES ($1, $2, $3, $4)`,
			b.Code, it.Code, i, orEmpty(it.DependsOn)); err != nil {
			return fmt.Errorf("insert bundle item %s: %w", it.Code, err)
		}
	}
	return nil
}

// orEmpty stores a nil list as an empty one.
func orEmpty[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// ListBundles returns every bundle in the version in force, in code order.
func (s *Store) ListBundles(ctx context.Context) ([]haoban.Bundle, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT ON (bundle) body FROM catalogue_versions
		WHERE state = 'published' AND effective_from <= $1 ORDER BY bundle, effective_from DESC, version DESC`, s.now())
	if err != nil {
		return nil, fmt.Errorf("list bundles: %w", err)
	}
	bundles, err := pgx.CollectRows(rows, pgx.RowTo[haoban.Bundle])
	if err != nil {
		return nil, fmt.Errorf("scan bundles: %w", err)
	}
	return bundles, nil
}

// FindBundle returns a bundle in the version in force. Bundles change
// rarely and every submission reads one: they are kept for a minute, but
// never past the moment a version already published takes effect.
func (s *Store) FindBundle(ctx context.Context, code string) (haoban.Bundle, error) {
	now := s.now()
	if c, ok := s.bundles.Get(code); ok && now.Before(c.until) {
		return c.bundle, nil
	}
	b, err := inForce(ctx, s.pool, code, now)
	if err != nil {
		return b, err
	}
	until := farFuture
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(min(effective_from), $3) FROM catalogue_versions
		WHERE bundle = $1 AND state = 'published' AND effective_from > $2`, code, now, farFuture).Scan(&until); err != nil {
		return b, fmt.Errorf("next version of %s: %w", code, err)
	}
	s.bundles.Put(code, cachedBundle{bundle: b, until: until})
	return b, nil
}

// cachedBundle is a bundle in force until the next version takes effect.
type cachedBundle struct {
	bundle haoban.Bundle
	until  time.Time
}

// farFuture stands for "no version scheduled".
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// FindBundleVersion returns a bundle as one version has it: a case's
// pages, issuing and reconciling read the version it was accepted under.
func (s *Store) FindBundleVersion(ctx context.Context, code string, version int) (haoban.Bundle, error) {
	var b haoban.Bundle
	err := s.pool.QueryRow(ctx, `SELECT body FROM catalogue_versions WHERE bundle = $1 AND version = $2 AND state <> 'draft'`,
		code, version).Scan(&b)
	if err == pgx.ErrNoRows {
		return b, haoban.FieldErrorf(haoban.ENOTFOUND, "bundle", "「一件事」%s 没有第 %d 版", code, version)
	}
	return b, err
}

// rowQuerier is a pool or a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// inForce reads the version of a bundle in force at now.
func inForce(ctx context.Context, q rowQuerier, code string, now time.Time) (haoban.Bundle, error) {
	var b haoban.Bundle
	err := q.QueryRow(ctx, `SELECT body FROM catalogue_versions WHERE bundle = $1 AND state = 'published' AND effective_from <= $2
		ORDER BY effective_from DESC, version DESC LIMIT 1`, code, now).Scan(&b)
	if err == pgx.ErrNoRows {
		return b, haoban.FieldErrorf(haoban.ENOTFOUND, "bundle", "「一件事」%s 不存在", code)
	} else if err != nil {
		return b, fmt.Errorf("find bundle %s: %w", code, err)
	}
	return b, nil
}

// FindDepartment returns one department.
func (s *Store) FindDepartment(ctx context.Context, code string) (haoban.Department, error) {
	var d haoban.Department
	err := s.pool.QueryRow(ctx, `SELECT code, name, review_body, court FROM departments WHERE code = $1`, code).
		Scan(&d.Code, &d.Name, &d.ReviewBody, &d.Court)
	return d, translate(err, "部门")
}
