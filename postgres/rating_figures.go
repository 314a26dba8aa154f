package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// ratingScope is the WHERE clause of the ratings given in q's period and
// scope, and its arguments. The department and item conditions are only
// written when asked for, so the planner picks ratings_department_given
// or ratings_item_given (or ratings_given for the city) even with a
// generic plan.
func ratingScope(q haoban.FigureQuery) (string, []any) {
	where, args := ` WHERE r.given_at >= $1 AND r.given_at < $2`, []any{q.From, q.To}
	if q.Department != "" {
		args = append(args, q.Department)
		where += ` AND r.department = $` + strconv.Itoa(len(args))
	}
	if q.Item != "" {
		args = append(args, q.Item)
		where += ` AND r.item = $` + strconv.Itoa(len(args))
	}
	return where, args
}

// RatingFigures counts the ratings given in q's period and scope: by
// level, the bad ones rectified and (named) followed up, and the appeals
// by outcome. An upheld appeal's rating counts only in Excluded.
func (s *Store) RatingFigures(ctx context.Context, q haoban.FigureQuery) (haoban.RatingFigures, error) {
	var f haoban.RatingFigures
	where, args := ratingScope(q)
	err := s.pool.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE NOT r.excluded),
		count(*) FILTER (WHERE NOT r.excluded AND r.level = 1),
		count(*) FILTER (WHERE NOT r.excluded AND r.level = 2),
		count(*) FILTER (WHERE NOT r.excluded AND r.level = 3),
		count(*) FILTER (WHERE NOT r.excluded AND r.level = 4),
		count(*) FILTER (WHERE NOT r.excluded AND r.level = 5),
		count(*) FILTER (WHERE NOT r.excluded AND r.level <= 2),
		count(*) FILTER (WHERE NOT r.excluded AND r.level <= 2 AND rc.fixed_at IS NOT NULL),
		count(*) FILTER (WHERE NOT r.excluded AND r.level <= 2 AND NOT r.anonymous),
		count(*) FILTER (WHERE NOT r.excluded AND r.level <= 2 AND NOT r.anonymous AND rc.called_back_at IS NOT NULL),
		count(*) FILTER (WHERE a.status = 'pending'),
		count(*) FILTER (WHERE a.status = 'upheld'),
		count(*) FILTER (WHERE a.status = 'rejected'),
		count(*) FILTER (WHERE r.excluded)
		FROM ratings r LEFT JOIN rectifications rc ON rc.rating = r.id LEFT JOIN rating_appeals a ON a.rating = r.id`+where, args...).
		Scan(&f.Total, &f.Levels[0], &f.Levels[1], &f.Levels[2], &f.Levels[3], &f.Levels[4], &f.Bad, &f.Rectified,
			&f.NamedBad, &f.NamedFollowedUp, &f.AppealsPending, &f.AppealsUpheld, &f.AppealsRejected, &f.Excluded)
	if err != nil {
		return f, fmt.Errorf("rating figures: %w", err)
	}
	return f, nil
}

// RatingDrill lists the ratings given in q's period and scope, oldest
// first, limit of them after the rating (afterAt, afterID) (zero: from
// the start), and how many there are in all.
func (s *Store) RatingDrill(ctx context.Context, q haoban.FigureQuery, afterAt time.Time, afterID string, limit int) ([]haoban.Rating, int, error) {
	where, args := ratingScope(q)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM ratings r`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count rated: %w", err)
	}
	if !afterAt.IsZero() {
		args = append(args, afterAt, afterID)
		where += fmt.Sprintf(` AND (r.given_at, r.id) > ($%d, $%d)`, len(args)-1, len(args))
	}
	args = append(args, limit)
	rows, err := s.pool.Query(ctx, `SELECT `+ratingColumns+ratingFrom+where+
		fmt.Sprintf(` ORDER BY r.given_at, r.id LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("drill ratings: %w", err)
	}
	rts, err := pgx.CollectRows(rows, scanRating)
	return rts, total, err
}
