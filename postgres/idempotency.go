package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// FindResponse returns the stored response for a user's key in a scope.
func (s *Store) FindResponse(ctx context.Context, user, scope, key string) (haoban.StoredResponse, bool, error) {
	var r haoban.StoredResponse
	err := s.pool.QueryRow(ctx, `SELECT request_hash, status, response FROM idempotency
		WHERE user_id = $1 AND scope = $2 AND key = $3`, user, scope, key).Scan(&r.RequestHash, &r.Status, &r.Body)
	if err == pgx.ErrNoRows {
		return r, false, nil
	} else if err != nil {
		return r, false, fmt.Errorf("find idempotent response: %w", err)
	}
	return r, true, nil
}

// SaveResponse stores a response; the first one stored for a key wins.
func (s *Store) SaveResponse(ctx context.Context, user, scope, key string, r haoban.StoredResponse) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO idempotency (user_id, scope, key, request_hash, status, response)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, user, scope, key, r.RequestHash, r.Status, r.Body)
	if err != nil {
		return fmt.Errorf("save idempotent response: %w", err)
	}
	return nil
}
