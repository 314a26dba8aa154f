package postgres

import (
	"context"
	"strings"
	"time"
)

func ExplainSearch(ctx context.Context, s *Store, terms []string, text string, at time.Time) (string, error) {
	match, err := s.selectiveQuery(ctx, terms)
	if err != nil {
		return "", err
	}
	tsq := "'" + strings.Join(terms, "' | '") + "'"
	rows, err := s.pool.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+searchKnowledge, match, tsq, text, at, terms, []string{}, 10, match == "''")
	if err != nil {
		return "", err
	}
	var out []string
	for rows.Next() {
		var l string
		rows.Scan(&l)
		out = append(out, l)
	}
	return match + "\n" + strings.Join(out, "\n"), nil
}
