package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Hit counts one attempt against key in a fixed window that opens at the
// key's first attempt and lasts window; every API instance counts in the
// same row. It returns the attempts in the window, this one included, and
// when the window closes.
func (s *Store) Hit(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error) {
	var hits int
	var start time.Time
	err := s.pool.QueryRow(ctx, `INSERT INTO rate_limits AS r (key, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN r.window_start <= $2::timestamptz - $3::interval THEN 1 ELSE r.hits + 1 END,
			window_start = CASE WHEN r.window_start <= $2::timestamptz - $3::interval THEN $2 ELSE r.window_start END
		RETURNING hits, window_start`, key, now, window).Scan(&hits, &start)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count attempt %s: %w", key, err)
	}
	if hits == 1 {
		// A new window: forget the windows that closed long ago.
		if _, err := s.pool.Exec(ctx, `DELETE FROM rate_limits WHERE window_start < $1`, now.Add(-24*time.Hour)); err != nil {
			return 0, time.Time{}, fmt.Errorf("forget old attempts: %w", err)
		}
	}
	return hits, start.Add(window), nil
}

// Hits returns the attempts counted against key in its open window and
// when it closes; none when the window has closed.
func (s *Store) Hits(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error) {
	var hits int
	var start time.Time
	err := s.pool.QueryRow(ctx, `SELECT hits, window_start FROM rate_limits WHERE key = $1 AND window_start > $2::timestamptz - $3::interval`,
		key, now, window).Scan(&hits, &start)
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, time.Time{}, nil
		}
		return 0, time.Time{}, fmt.Errorf("read attempts %s: %w", key, err)
	}
	return hits, start.Add(window), nil
}
