package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// ListCatalogueVersions returns the drafts and published versions of every
// bundle, by bundle code and newest first: the catalogue's pages list
// bundles that have only a draft yet, and draw new codes unused anywhere.
// Withdrawn versions are left out.
func (s *Store) ListCatalogueVersions(ctx context.Context) ([]haoban.CatalogueVersion, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+versionColumns+` FROM catalogue_versions
		WHERE state <> 'withdrawn' ORDER BY bundle, version DESC`)
	if err != nil {
		return nil, fmt.Errorf("list catalogue versions: %w", err)
	}
	vs, err := pgx.CollectRows(rows, scanVersion)
	if err != nil {
		return nil, fmt.Errorf("scan catalogue versions: %w", err)
	}
	return vs, nil
}
