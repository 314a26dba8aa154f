package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// ListSources returns the data-source catalogue (数源目录).
func (s *Store) ListSources(ctx context.Context) ([]haoban.SourceInfo, error) {
	rows, err := s.pool.Query(ctx, `SELECT code, name, authority, fields, freshness FROM sources ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[haoban.SourceInfo])
}

// UpsertSource registers a source or corrects its entry, with an audit row
// when an admin makes the change (meta.Actor set).
func (s *Store) UpsertSource(ctx context.Context, src haoban.SourceInfo, meta haoban.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sources (code, name, authority, fields, freshness) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, authority = EXCLUDED.authority,
				fields = EXCLUDED.fields, freshness = EXCLUDED.freshness`,
			src.Code, src.Name, src.Authority, src.Fields, src.Freshness); err != nil {
			return fmt.Errorf("upsert source %s: %w", src.Code, err)
		}
		if meta.Actor == "" {
			return nil
		}
		meta.Action, meta.Target, meta.After = "source_saved", src.Code, Summary(src)
		return appendAudit(ctx, tx, meta)
	})
}
