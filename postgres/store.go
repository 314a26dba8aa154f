// Package postgres is Haoban's store: explicit SQL over pgx for the
// catalogue, users, cases, tasks, timelines and idempotent responses.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"haoban"
	"haoban/cache"
	"haoban/calendar"
)

// Store reads and writes Haoban's data in PostgreSQL.
type Store struct {
	pool      *pgxpool.Pool
	calendars *cache.TTL[struct{}, *calendar.Calendar]
	bundles   *cache.TTL[string, cachedBundle]
	// publicURL is where people reach the service, for the links in
	// notices (SetPublicURL).
	publicURL string
	// clock says which catalogue version is in force (SetTime).
	clock haoban.TimeSource
}

// SetTime sets where the store reads now: the same source as the API's,
// so a version published "now" is in force for the next read.
func (s *Store) SetTime(t haoban.TimeSource) { s.clock = t }

func (s *Store) now() time.Time { return s.clock.Now() }

// Open connects a pool to the database at url and checks that it answers.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("ping %s: %w", cfg.ConnConfig.Host, err)
	}
	return &Store{pool: pool, calendars: cache.New[struct{}, *calendar.Calendar](time.Minute, 1),
		bundles: cache.New[string, cachedBundle](time.Minute, 1000), clock: haoban.SystemTime{}}, nil
}

// Close releases the pool.
func (s *Store) Close() { s.pool.Close() }

// Ping reports whether PostgreSQL answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// inTx runs f in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, f func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// translate turns pgx errors into application errors at the edge.
func translate(err error, what string) error {
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return haoban.Errorf(haoban.ENOTFOUND, "%s不存在", what)
	case errors.As(err, &pgErr) && pgErr.Code == "23505":
		return haoban.Errorf(haoban.ECONFLICT, "%s已存在", what)
	case errors.As(err, &pgErr) && pgErr.Code == "23503":
		return haoban.Errorf(haoban.EUNPROCESSABLE, "%s引用的数据不存在", what)
	}
	return err
}

// Pool is the connection pool, for bulk tools such as the seeder.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }
