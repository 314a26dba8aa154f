package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

const versionColumns = `bundle, version, state, body, COALESCE(effective_from, '0001-01-01 00:00:00+00'), changes, created_by, created_at,
	COALESCE(published_by, ''), COALESCE(published_at, '0001-01-01 00:00:00+00'), COALESCE(withdrawn_by, ''), COALESCE(withdrawn_at, '0001-01-01 00:00:00+00')`

func scanVersion(r pgx.CollectableRow) (haoban.CatalogueVersion, error) {
	var v haoban.CatalogueVersion
	err := r.Scan(&v.Bundle, &v.Version, &v.State, &v.Body, &v.EffectiveFrom, &v.Changes, &v.CreatedBy, &v.CreatedAt,
		&v.PublishedBy, &v.PublishedAt, &v.WithdrawnBy, &v.WithdrawnAt)
	for _, t := range []*time.Time{&v.EffectiveFrom, &v.PublishedAt, &v.WithdrawnAt} {
		if t.Year() <= 1 {
			*t = time.Time{}
		}
	}
	return v, err
}

// ListVersions returns a bundle's versions, newest first.
func (s *Store) ListVersions(ctx context.Context, bundle string) ([]haoban.CatalogueVersion, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+versionColumns+` FROM catalogue_versions WHERE bundle = $1 ORDER BY version DESC`, bundle)
	if err != nil {
		return nil, fmt.Errorf("list versions of %s: %w", bundle, err)
	}
	vs, err := pgx.CollectRows(rows, scanVersion)
	if err != nil {
		return nil, fmt.Errorf("scan versions: %w", err)
	}
	return vs, nil
}

// FindVersion returns one version of a bundle.
func (s *Store) FindVersion(ctx context.Context, bundle string, version int) (haoban.CatalogueVersion, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+versionColumns+` FROM catalogue_versions WHERE bundle = $1 AND version = $2`, bundle, version)
	if err != nil {
		return haoban.CatalogueVersion{}, fmt.Errorf("find version %s/%d: %w", bundle, version, err)
	}
	v, err := pgx.CollectExactlyOneRow(rows, scanVersion)
	return v, translate(err, "目录版本")
}

// SaveDraft writes the bundle's one draft: it replaces the open draft's
// body, or opens a draft numbered after the last version. It answers the
// draft as stored.
func (s *Store) SaveDraft(ctx context.Context, b haoban.Bundle, meta haoban.AuditEntry) (haoban.CatalogueVersion, error) {
	var out haoban.CatalogueVersion
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockBundle(ctx, tx, b.Code); err != nil {
			return err
		}
		var version int
		err := tx.QueryRow(ctx, `SELECT version FROM catalogue_versions WHERE bundle = $1 AND state = 'draft'`, b.Code).Scan(&version)
		switch {
		case err == pgx.ErrNoRows:
			if version, err = nextVersion(ctx, tx, b.Code); err != nil {
				return err
			}
			b.Version = version
			if err := insertVersion(ctx, tx, haoban.CatalogueVersion{Bundle: b.Code, Version: version, State: haoban.VersionDraft,
				Body: b, CreatedBy: meta.Actor, CreatedAt: meta.At}); err != nil {
				return err
			}
		case err != nil:
			return fmt.Errorf("find draft of %s: %w", b.Code, err)
		default:
			b.Version = version
			if _, err := tx.Exec(ctx, `UPDATE catalogue_versions SET body = $3 WHERE bundle = $1 AND version = $2`,
				b.Code, version, b); err != nil {
				return fmt.Errorf("save draft %s/%d: %w", b.Code, version, err)
			}
		}
		meta.Target = fmt.Sprintf("%s@%d", b.Code, version)
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+versionColumns+` FROM catalogue_versions WHERE bundle = $1 AND version = $2`, b.Code, version)
		if err != nil {
			return fmt.Errorf("read draft: %w", err)
		}
		out, err = pgx.CollectExactlyOneRow(rows, scanVersion)
		return err
	})
	return out, err
}

// PublishVersion turns a draft into a version effective from a date, with
// the changes it makes, audited in the same transaction. A draft already
// published answers ECONFLICT, so a retried publish says so instead of
// publishing twice.
func (s *Store) PublishVersion(ctx context.Context, v haoban.CatalogueVersion, meta haoban.AuditEntry) error {
	defer s.bundles.Clear()
	v.Body.Version = v.Version
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockBundle(ctx, tx, v.Bundle); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE catalogue_versions SET state = 'published', body = $3, effective_from = $4, changes = $5,
				published_by = $6, published_at = $7
			WHERE bundle = $1 AND version = $2 AND state = 'draft'`,
			v.Bundle, v.Version, v.Body, v.EffectiveFrom, orEmpty(v.Changes), v.PublishedBy, v.PublishedAt)
		if err != nil {
			return fmt.Errorf("publish %s/%d: %w", v.Bundle, v.Version, err)
		} else if tag.RowsAffected() == 0 {
			return haoban.Errorf(haoban.ECONFLICT, "第 %d 版不是草稿，不能再发布", v.Version)
		}
		if err := projectBundle(ctx, tx, v.Body); err != nil {
			return err
		}
		if err := indexGuide(ctx, tx, v.Body, v.EffectiveFrom); err != nil {
			return err
		}
		return appendAudit(ctx, tx, meta)
	})
}

// WithdrawVersion withdraws a published version that has not taken
// effect at now, audited. Once in force, cases may run under it: it can
// only be followed by a newer version.
func (s *Store) WithdrawVersion(ctx context.Context, bundle string, version int, now time.Time, meta haoban.AuditEntry) error {
	defer s.bundles.Clear()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockBundle(ctx, tx, bundle); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE catalogue_versions SET state = 'withdrawn', withdrawn_by = $4, withdrawn_at = $3
			WHERE bundle = $1 AND version = $2 AND state = 'published' AND effective_from > $3`, bundle, version, now, meta.Actor)
		if err != nil {
			return fmt.Errorf("withdraw %s/%d: %w", bundle, version, err)
		} else if tag.RowsAffected() == 0 {
			return haoban.Errorf(haoban.ECONFLICT, "第 %d 版已生效或不是待生效的版本，不能撤回", version)
		}
		if err := unindexGuide(ctx, tx, bundle, version); err != nil {
			return err
		}
		if err := reprojectInForce(ctx, tx, bundle); err != nil {
			return err
		}
		return appendAudit(ctx, tx, meta)
	})
}

// reprojectInForce writes the newest published version's names back to
// the projection after the newest one was withdrawn.
func reprojectInForce(ctx context.Context, tx pgx.Tx, bundle string) error {
	var b haoban.Bundle
	err := tx.QueryRow(ctx, `SELECT body FROM catalogue_versions WHERE bundle = $1 AND state = 'published'
		ORDER BY effective_from DESC, version DESC LIMIT 1`, bundle).Scan(&b)
	if err == pgx.ErrNoRows {
		return nil
	} else if err != nil {
		return fmt.Errorf("read newest version of %s: %w", bundle, err)
	}
	return projectBundle(ctx, tx, b)
}

// lockBundle serialises the writers of one bundle's versions.
func lockBundle(ctx context.Context, tx pgx.Tx, bundle string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('haoban-catalogue:' || $1))`, bundle); err != nil {
		return fmt.Errorf("lock bundle %s: %w", bundle, err)
	}
	return nil
}

func nextVersion(ctx context.Context, tx pgx.Tx, bundle string) (int, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(version), 0) + 1 FROM catalogue_versions WHERE bundle = $1`, bundle).Scan(&n); err != nil {
		return 0, fmt.Errorf("next version of %s: %w", bundle, err)
	}
	return n, nil
}

func insertVersion(ctx context.Context, tx pgx.Tx, v haoban.CatalogueVersion) error {
	var effective, publishedAt *time.Time
	var publishedBy *string
	if v.State != haoban.VersionDraft {
		effective, publishedAt, publishedBy = &v.EffectiveFrom, &v.PublishedAt, &v.PublishedBy
	}
	if _, err := tx.Exec(ctx, `INSERT INTO catalogue_versions (bundle, version, state, body, effective_from, changes, created_by,
			created_at, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		v.Bundle, v.Version, v.State, v.Body, effective, orEmpty(v.Changes), v.CreatedBy, v.CreatedAt, publishedBy, publishedAt); err != nil {
		return fmt.Errorf("insert version %s/%d: %w", v.Bundle, v.Version, err)
	}
	return nil
}
