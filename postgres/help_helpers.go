package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// HelperSkills lists a helper's skills.
func (s *Store) HelperSkills(ctx context.Context, helper string) ([]haoban.HelperSkill, error) {
	rows, err := s.pool.Query(ctx, `SELECT helper, department, COALESCE(item, '') FROM helper_skills WHERE helper = $1
		ORDER BY department, item NULLS FIRST`, helper)
	if err != nil {
		return nil, fmt.Errorf("list skills of %s: %w", helper, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[haoban.HelperSkill])
}

// SetHelperSkills replaces a helper's skills (the demo data, an admin).
func (s *Store) SetHelperSkills(ctx context.Context, helper string, skills []haoban.HelperSkill) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM helper_skills WHERE helper = $1`, helper); err != nil {
			return fmt.Errorf("clear skills of %s: %w", helper, err)
		}
		for _, sk := range skills {
			var item *string
			if sk.Item != "" {
				item = &sk.Item
			}
			if _, err := tx.Exec(ctx, `INSERT INTO helper_skills (helper, department, item) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, helper, sk.Department, item); err != nil {
				return translate(err, "帮办技能")
			}
		}
		return nil
	})
}

// SetHelperAvailable marks a helper available or away.
func (s *Store) SetHelperAvailable(ctx context.Context, helper string, available bool, at time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO helper_presence (helper, available, changed_at) VALUES ($1, $2, $3)
		ON CONFLICT (helper) DO UPDATE SET available = EXCLUDED.available, changed_at = EXCLUDED.changed_at`, helper, available, at)
	return translate(err, "帮办人员")
}

// HelperAvailable reports whether a helper is available; one who never
// said is away.
func (s *Store) HelperAvailable(ctx context.Context, helper string) (bool, error) {
	var available bool
	err := s.pool.QueryRow(ctx, `SELECT COALESCE((SELECT available FROM helper_presence WHERE helper = $1), false)`,
		helper).Scan(&available)
	if err != nil {
		return false, fmt.Errorf("read presence of %s: %w", helper, err)
	}
	return available, nil
}

// skillMatch ranks how a skill k covers a conversation's department $1
// and item $2: 2 the item, 1 the department, 0 every department.
const skillMatch = `CASE WHEN k.department = '*' THEN 0 WHEN k.item IS NULL THEN 1 ELSE 2 END`

// skillCovers is a skill k that covers department $1 and item $2.
const skillCovers = `(k.department = '*' OR (k.department = $1 AND $1 <> '' AND (k.item IS NULL OR k.item = $2)))`

// HelperCandidates lists the available, enabled helpers whose skills cover
// a department and item, with their best match and open conversations.
func (s *Store) HelperCandidates(ctx context.Context, department, item string) ([]haoban.HelperLoad, error) {
	if department == "" && item != "" {
		// Routed as CreateConversation records it: by the item's department.
		if err := s.pool.QueryRow(ctx, `SELECT department FROM items WHERE code = $1`, item).Scan(&department); err != nil && err != pgx.ErrNoRows {
			return nil, fmt.Errorf("read department of %s: %w", item, err)
		}
	}
	rows, err := s.pool.Query(ctx, `SELECT k.helper, max(`+skillMatch+`),
			(SELECT count(*) FROM conversations c WHERE c.helper = k.helper AND c.status IN ('waiting', 'open', 'closing'))
		FROM helper_skills k JOIN helper_presence p ON p.helper = k.helper AND p.available
		JOIN users u ON u.id = k.helper AND u.disabled_at IS NULL
		WHERE `+skillCovers+` GROUP BY k.helper ORDER BY k.helper`, department, item)
	if err != nil {
		return nil, fmt.Errorf("list helpers for %s/%s: %w", department, item, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[haoban.HelperLoad])
}

// AlertHelpers tells every available helper whose skills cover a waiting
// conversation that it is still unanswered, and records alerted_at, in one
// transaction and once: a retried activity finds it alerted.
func (s *Store) AlertHelpers(ctx context.Context, id string, at time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var department, item, question string
		err := tx.QueryRow(ctx, `UPDATE conversations SET alerted_at = $2
			WHERE id = $1 AND alerted_at IS NULL AND status = 'waiting' RETURNING department, item, question`,
			id, at).Scan(&department, &item, &question)
		if err == pgx.ErrNoRows {
			return nil // alerted before, or answered meanwhile
		} else if err != nil {
			return fmt.Errorf("mark conversation %s alerted: %w", id, err)
		}
		rows, err := tx.Query(ctx, `SELECT DISTINCT k.helper FROM helper_skills k
			JOIN helper_presence p ON p.helper = k.helper AND p.available
			JOIN users u ON u.id = k.helper AND u.disabled_at IS NULL
			WHERE `+skillCovers+` ORDER BY k.helper`, department, item)
		if err != nil {
			return fmt.Errorf("list helpers to alert: %w", err)
		}
		helpers, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("list helpers to alert: %w", err)
		}
		for _, h := range helpers {
			key := "help-alert:" + id + ":" + h
			// A new_task kind: in the app by default, like a task opened in
			// the pool, and switched off with it.
			n := haoban.Notification{UserID: h, Kind: string(haoban.KindNewTask) + ":help", Title: "有群众等待人工帮办超过 45 秒",
				Body: "问题：" + truncateRunes(question, 80) + "。请尽快接手：" + s.publicURL + "/helper/conversations/" + id}.WithKey(key)
			if _, err := deliverNotice(ctx, tx, n, key, false, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// truncateRunes cuts s to at most n characters, marking the cut.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
