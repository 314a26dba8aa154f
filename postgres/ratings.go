package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// 好差评 (issue 19): ratings, once per person per target, never deleted.

const ratingColumns = `r.id, r.rater, r.target, r.ref, COALESCE(r.case_id::text, ''), r.bundle, r.item, r.department, r.staff,
	r.channel, r.level, r.indicators, r.comment, r.anonymous, r.given_at, r.changed_at, r.excluded, r.title,
	COALESCE(rc.status, '')`

const ratingFrom = ` FROM ratings r LEFT JOIN rectifications rc ON rc.rating = r.id`

func scanRating(row pgx.CollectableRow) (haoban.Rating, error) {
	var r haoban.Rating
	var level int16
	err := row.Scan(&r.ID, &r.Rater, &r.Target, &r.Ref, &r.Case, &r.Bundle, &r.Item, &r.Department, &r.Staff,
		&r.Channel, &level, &r.Indicators, &r.Comment, &r.Anonymous, &r.GivenAt, &r.ChangedAt, &r.Excluded, &r.Title,
		&r.Rectification)
	r.Level = haoban.RatingLevel(level)
	return r, err
}

func ratingSummary(r haoban.Rating) string {
	b, _ := json.Marshal(map[string]any{"level": r.Level, "indicators": r.Indicators, "anonymous": r.Anonymous,
		"department": r.Department, "target": r.Target, "excluded": r.Excluded})
	return string(b)
}

// FindRating reads a rating with its rectification's status.
func (s *Store) FindRating(ctx context.Context, id string) (haoban.Rating, error) {
	return findRating(ctx, s.pool, id)
}

func findRating(ctx context.Context, q querier, id string) (haoban.Rating, error) {
	rows, err := q.Query(ctx, `SELECT `+ratingColumns+ratingFrom+` WHERE r.id = $1`, id)
	if err != nil {
		return haoban.Rating{}, fmt.Errorf("find rating %s: %w", id, err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, scanRating)
	return r, translate(err, "评价")
}

// SaveRating records a rating, or its change under the same ID, and
// opens rc (when given) once per rating, with their audit entries and
// the operations NOTIFY, in one transaction.
func (s *Store) SaveRating(ctx context.Context, r haoban.Rating, rc *haoban.Rectification, meta haoban.AuditEntry) (haoban.Rating, error) {
	var out haoban.Rating
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if before, err := findRating(ctx, tx, r.ID); err == nil {
			meta.Before = ratingSummary(before)
		}
		_, err := tx.Exec(ctx, `INSERT INTO ratings (id, rater, target, ref, case_id, bundle, item, department, staff, channel,
			level, indicators, comment, anonymous, given_at, changed_at, title)
			VALUES ($1, $2, $3, $4, NULLIF($5, '')::uuid, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
			ON CONFLICT (id) DO UPDATE SET level = EXCLUDED.level, indicators = EXCLUDED.indicators,
			comment = EXCLUDED.comment, anonymous = EXCLUDED.anonymous, changed_at = EXCLUDED.changed_at`,
			r.ID, r.Rater, r.Target, r.Ref, r.Case, r.Bundle, r.Item, r.Department, r.Staff, r.Channel,
			int16(r.Level), r.Indicators, r.Comment, r.Anonymous, r.GivenAt, r.ChangedAt, r.Title)
		if err != nil {
			return fmt.Errorf("save rating: %w", translate(err, "评价"))
		}
		meta.After = ratingSummary(r)
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		if err := notifyOperations(ctx, tx, OperationsChange{Kind: "rating", Department: r.Department, Item: r.Item}); err != nil {
			return err
		}
		// A named rating made anonymous later is no longer one the
		// department must call back, and the other way round.
		if _, err := tx.Exec(ctx, `UPDATE rectifications SET named = $2 WHERE rating = $1`, r.ID, !r.Anonymous); err != nil {
			return fmt.Errorf("rename rectification: %w", err)
		}
		if rc != nil {
			if err := openRectification(ctx, tx, *rc, meta); err != nil {
				return err
			}
		}
		out, err = findRating(ctx, tx, r.ID)
		return err
	})
	return out, err
}

func openRectification(ctx context.Context, tx pgx.Tx, rc haoban.Rectification, meta haoban.AuditEntry) error {
	tag, err := tx.Exec(ctx, `INSERT INTO rectifications (id, rating, department, named, opened_at, due_at, status)
		VALUES ($1, $2, $3, $4, $5, $6, 'open') ON CONFLICT (rating) DO NOTHING`,
		rc.ID, rc.Rating, rc.Department, rc.Named, rc.OpenedAt, rc.DueAt)
	if err != nil {
		return fmt.Errorf("open rectification: %w", err)
	} else if tag.RowsAffected() == 0 {
		return nil
	}
	meta.Action, meta.Target, meta.Before = "rectification.open", "rectification:"+rc.ID, ""
	meta.After = rectificationSummary(rc)
	if err := appendAudit(ctx, tx, meta); err != nil {
		return err
	}
	return notifyOperations(ctx, tx, OperationsChange{Kind: "rectification", Department: rc.Department})
}

// RatingsOfCase lists the rater's ratings of a case and its items.
func (s *Store) RatingsOfCase(ctx context.Context, rater, caseID string) ([]haoban.Rating, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+ratingColumns+ratingFrom+` WHERE r.case_id = $2::uuid AND r.rater = $1
		ORDER BY r.given_at, r.id`, rater, caseID)
	if err != nil {
		return nil, fmt.Errorf("ratings of case %s: %w", caseID, err)
	}
	return pgx.CollectRows(rows, scanRating)
}

// Ratings lists a department's ratings ("": all) given since since, the
// newest first, at most 200.
func (s *Store) Ratings(ctx context.Context, department string, since time.Time) ([]haoban.Rating, error) {
	sql := `SELECT ` + ratingColumns + ratingFrom + ` WHERE r.given_at >= $1`
	args := []any{since}
	if department != "" {
		sql += ` AND r.department = $2`
		args = append(args, department)
	}
	rows, err := s.pool.Query(ctx, sql+` ORDER BY r.given_at DESC, r.id LIMIT 200`, args...)
	if err != nil {
		return nil, fmt.Errorf("list ratings: %w", err)
	}
	return pgx.CollectRows(rows, scanRating)
}
