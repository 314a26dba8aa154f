// Package migrations holds the forward-only SQL migrations, embedded, and
// applies them with tern.
package migrations

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/tern/v2/migrate"
)

//go:embed *.sql
var files embed.FS

// Migrate applies every migration not yet applied to the database at url.
// tern holds an advisory lock, so several processes may call it at once.
func Migrate(ctx context.Context, url string) (version int32, err error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	m, err := migrate.NewMigrator(ctx, conn, "schema_version")
	if err != nil {
		return 0, fmt.Errorf("new migrator: %w", err)
	}
	if err := m.LoadMigrations(files); err != nil {
		return 0, fmt.Errorf("load migrations: %w", err)
	}
	if err := m.Migrate(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	if err := seedNoticeTemplates(ctx, conn); err != nil {
		return 0, err
	}
	return m.GetCurrentVersion(ctx)
}
