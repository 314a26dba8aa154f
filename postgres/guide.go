package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// The 办事指南 reads guide_entries: one row per bundle and per item of each
// published version, whose text the trigram index searches. Which version
// is in force stays catalogue_versions' to say: every read joins it.

// inForceVersions is the version of each bundle in force at $1.
const inForceVersions = `WITH in_force AS (
	SELECT DISTINCT ON (bundle) bundle, version FROM catalogue_versions
	WHERE state = 'published' AND effective_from <= $1
	ORDER BY bundle, effective_from DESC, version DESC)`

const guideColumns = `g.bundle, g.version, g.item, g.name, g.bundle_name, g.summary, g.stage, g.audience, g.promised_days,
	g.items, g.demo, g.effective_from`

func scanGuideEntry(row pgx.Row, e *haoban.GuideEntry, more ...any) error {
	return row.Scan(append([]any{&e.Bundle, &e.Version, &e.Item, &e.Name, &e.BundleName, &e.Summary, &e.Stage, &e.For,
		&e.PromisedDays, &e.Items, &e.Demo, &e.Effective}, more...)...)
}

// indexGuide writes the guide's rows for version b.Version of a bundle,
// effective from effectiveFrom, replacing any it had. Publishing calls it
// in its transaction, so the guide and the catalogue change together.
func indexGuide(ctx context.Context, tx pgx.Tx, b haoban.Bundle, effectiveFrom time.Time) error {
	if err := unindexGuide(ctx, tx, b.Code, b.Version); err != nil {
		return err
	}
	const insert = `INSERT INTO guide_entries (bundle, version, item, position, name, bundle_name, summary, conditions,
		materials, stage, audience, promised_days, items, demo, effective_from)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`
	batch := &pgx.Batch{}
	batch.Queue(insert, b.Code, b.Version, "", 0, b.Name, b.Name, b.Summary, "", "", b.Stage, string(b.For),
		b.PromisedDays, len(b.Items), b.Demo, effectiveFrom)
	for i, it := range b.Items {
		names := make([]string, len(it.Materials))
		for j, m := range it.Materials {
			names[j] = m.Name
		}
		batch.Queue(insert, b.Code, b.Version, it.Code, i+1, it.Name, b.Name, "", strings.Join(it.Conditions, "\n"),
			strings.Join(names, "\n"), b.Stage, string(b.For), it.PromisedDays, 0, b.Demo, effectiveFrom)
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("index guide %s/%d: %w", b.Code, b.Version, err)
	}
	return nil
}

// unindexGuide removes a version's rows from the guide: withdrawing it.
func unindexGuide(ctx context.Context, tx pgx.Tx, bundle string, version int) error {
	if _, err := tx.Exec(ctx, `DELETE FROM guide_entries WHERE bundle = $1 AND version = $2`, bundle, version); err != nil {
		return fmt.Errorf("unindex guide %s/%d: %w", bundle, version, err)
	}
	return nil
}

// ReindexGuide rebuilds the guide from every published version: after the
// demo load, after the migration that made the table, and in tests.
func (s *Store) ReindexGuide(ctx context.Context) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// Publishers wait until the rebuild commits, so none of their rows
		// is lost between the delete and the inserts.
		if _, err := tx.Exec(ctx, `LOCK TABLE guide_entries IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("lock guide: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM guide_entries`); err != nil {
			return fmt.Errorf("clear guide: %w", err)
		}
		// The first versions are in force since '-infinity', which time.Time cannot hold.
		rows, err := tx.Query(ctx, `SELECT version, body, GREATEST(effective_from, '0001-01-01 00:00:00+00')
			FROM catalogue_versions WHERE state = 'published' ORDER BY bundle, version`)
		if err != nil {
			return fmt.Errorf("read published versions: %w", err)
		}
		type published struct {
			b    haoban.Bundle
			from time.Time
		}
		var all []published
		var version int
		var p published
		_, err = pgx.ForEachRow(rows, []any{&version, &p.b, &p.from}, func() error {
			p.b.Version = version // the column's, whatever the body says
			all = append(all, p)
			// JSON keeps what a body leaves out: start each row afresh.
			p = published{}
			return nil
		})
		if err != nil {
			return fmt.Errorf("scan published versions: %w", err)
		}
		for _, v := range all {
			if err := indexGuide(ctx, tx, v.b, v.from); err != nil {
				return err
			}
		}
		return nil
	})
}

// GuideList returns the bundles in force at now, as the guide lists them:
// by stage, then name.
func (s *Store) GuideList(ctx context.Context, now time.Time) ([]haoban.GuideEntry, error) {
	rows, err := s.pool.Query(ctx, inForceVersions+` SELECT `+guideColumns+`
		FROM guide_entries g JOIN in_force f ON f.bundle = g.bundle AND f.version = g.version
		WHERE g.item = '' ORDER BY g.stage, g.name`, now)
	if err != nil {
		return nil, fmt.Errorf("list guide: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.GuideEntry, error) {
		var e haoban.GuideEntry
		return e, scanGuideEntry(r, &e)
	})
	if err != nil {
		return nil, fmt.Errorf("scan guide: %w", err)
	}
	return list, nil
}
