package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// A person's notice preferences: the kinds and channels they switched off,
// or on where a kind is off by default (migrations/020, 021).

// NoticePreferences returns what a person chose; the defaults when they
// never chose.
func (s *Store) NoticePreferences(ctx context.Context, userID string) (haoban.NoticePrefs, error) {
	return noticePrefs(ctx, s.pool, userID)
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func noticePrefs(ctx context.Context, q querier, userID string) (haoban.NoticePrefs, error) {
	p := haoban.DefaultNoticePrefs()
	rows, err := q.Query(ctx, `SELECT kind, channel, enabled FROM notice_prefs WHERE user_id = $1 ORDER BY kind, channel`, userID)
	if err != nil {
		return p, fmt.Errorf("read notice preferences: %w", err)
	}
	var kind haoban.NoticeKind
	var ch haoban.NoticeChannel
	var on bool
	_, err = pgx.ForEachRow(rows, []any{&kind, &ch, &on}, func() error {
		if !on {
			p.Off[kind] = append(p.Off[kind], ch)
		} else if p.On == nil {
			p.On = map[haoban.NoticeKind][]haoban.NoticeChannel{kind: {ch}}
		} else {
			p.On[kind] = append(p.On[kind], ch)
		}
		return nil
	})
	return p, err
}

// SetNoticePreferences replaces what a person chose, after checking it,
// and audits the change (meta gives who, when and from where).
func (s *Store) SetNoticePreferences(ctx context.Context, userID string, p haoban.NoticePrefs, meta haoban.AuditEntry) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, userID).Scan(&one); err != nil {
			return translate(fmt.Errorf("lock user: %w", err), "用户")
		}
		before, err := noticePrefs(ctx, tx, userID)
		if err != nil {
			return err
		}
		var kinds, chans []string
		var enabled []bool
		for on, m := range []map[haoban.NoticeKind][]haoban.NoticeChannel{p.Off, p.On} {
			for k, list := range m {
				for _, ch := range list {
					kinds, chans, enabled = append(kinds, string(k)), append(chans, string(ch)), append(enabled, on == 1)
				}
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM notice_prefs WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("clear notice preferences: %w", err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO notice_prefs (user_id, kind, channel, enabled, updated_at)
			SELECT $1, k, c, e, $5 FROM unnest($2::text[], $3::text[], $4::bool[]) AS p(k, c, e) ON CONFLICT DO NOTHING`,
			userID, kinds, chans, enabled, meta.At)
		if err != nil {
			return fmt.Errorf("save notice preferences: %w", err)
		}
		meta.Action, meta.Target = "notice_prefs_set", userID
		meta.Before, meta.After = Summary(before), Summary(p)
		return appendAudit(ctx, tx, meta)
	})
}
