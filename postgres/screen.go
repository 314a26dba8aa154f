package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// ChannelScreen carries the shared screen's announcements (同屏): a shared
// draft saved, a field highlighted, a consent revoked.
const ChannelScreen = "haoban_screen"

// screenActive is the SQL of an active consent on conversations c.
const screenActive = `c.screen_draft IS NOT NULL AND c.screen_consent_at IS NOT NULL
	AND (c.screen_revoked_at IS NULL OR c.screen_revoked_at < c.screen_consent_at)
	AND c.status IN ('waiting', 'open')`

const screenConversationColumns = `c.id, c.channel, COALESCE(c.applicant, ''), COALESCE(c.helper, ''), c.department,
	COALESCE(d.name, ''), c.item, COALESCE(i.name, ''), c.question, c.status,
	COALESCE(c.screen_draft::text, NULLIF(c.draft, ''), ''), c.screen_consent_at, c.screen_revoked_at`

const screenConversationFrom = ` FROM conversations c
	LEFT JOIN departments d ON d.code = c.department
	LEFT JOIN items i ON i.code = c.item`

func scanScreenConversation(r pgx.CollectableRow) (haoban.ScreenConversation, error) {
	var c haoban.ScreenConversation
	err := r.Scan(&c.ID, &c.Channel, &c.Applicant, &c.Helper, &c.Department, &c.DepartmentName, &c.Item, &c.ItemName,
		&c.Question, &c.Status, &c.Consent.Draft, &c.Consent.GrantedAt, &c.Consent.RevokedAt)
	c.Consent.Conversation, c.Consent.Applicant = c.ID, c.Applicant
	return c, err
}

// FindScreenConversation is a conversation with its 同屏 consent.
func (s *Store) FindScreenConversation(ctx context.Context, id string) (haoban.ScreenConversation, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+screenConversationColumns+screenConversationFrom+` WHERE c.id = $1`, id)
	if err != nil {
		return haoban.ScreenConversation{}, fmt.Errorf("find conversation %s: %w", id, err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanScreenConversation)
	return c, translate(err, "咨询")
}

// ScreenConversationsOf are an applicant's conversations still going on,
// newest first.
func (s *Store) ScreenConversationsOf(ctx context.Context, applicant string) ([]haoban.ScreenConversation, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+screenConversationColumns+screenConversationFrom+`
		WHERE c.applicant = $1 AND c.status IN ('waiting', 'open') ORDER BY c.created_at DESC, c.id LIMIT 20`, applicant)
	if err != nil {
		return nil, fmt.Errorf("list conversations of %s: %w", applicant, err)
	}
	return pgx.CollectRows(rows, scanScreenConversation)
}

// SetScreenConsent grants the view of a draft (draft set) or revokes it
// (draft ""), audited; revoking is announced, so an open view closes.
func (s *Store) SetScreenConsent(ctx context.Context, conversation, draft string, at time.Time, audit haoban.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var shared *string
		var applicant string
		var err error
		if draft != "" {
			err = tx.QueryRow(ctx, `UPDATE conversations SET screen_draft = $2, screen_consent_at = $3
				WHERE id = $1 RETURNING COALESCE(applicant, '')`, conversation, draft, at).Scan(&applicant)
		} else {
			err = tx.QueryRow(ctx, `UPDATE conversations SET screen_revoked_at = $2 WHERE id = $1
				RETURNING COALESCE(applicant, ''), screen_draft::text`, conversation, at).Scan(&applicant, &shared)
		}
		if err != nil {
			return translate(err, "咨询")
		}
		if err := appendAudit(ctx, tx, audit); err != nil {
			return err
		}
		if shared == nil {
			return nil
		}
		return notifyScreen(ctx, tx, haoban.ScreenEvent{Kind: haoban.ScreenRevoked, Draft: *shared, Applicant: applicant, At: at})
	})
}

// AddScreenHighlight records a highlight and announces it to the
// applicant's page, only while the consent to the draft holds.
func (s *Store) AddScreenHighlight(ctx context.Context, h haoban.ScreenHighlight, audit haoban.AuditEntry) (haoban.ScreenHighlight, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var applicant string
		// FOR UPDATE: a revoke committing meanwhile waits, or wins.
		err := tx.QueryRow(ctx, `SELECT COALESCE(c.applicant, '') FROM conversations c
			WHERE c.id = $1 AND c.screen_draft = $2 AND `+screenActive+` FOR UPDATE`, h.Conversation, h.Draft).Scan(&applicant)
		if err == pgx.ErrNoRows {
			return haoban.Errorf(haoban.EFORBIDDEN, "申请人未同意共享表单，或已停止共享")
		} else if err != nil {
			return fmt.Errorf("check consent: %w", err)
		}
		if err := tx.QueryRow(ctx, `INSERT INTO screen_highlights (conversation, draft, field, message, helper, at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, h.Conversation, h.Draft, h.Field, h.Message, h.Helper, h.At).Scan(&h.ID); err != nil {
			return translate(err, "提示")
		}
		if err := appendAudit(ctx, tx, audit); err != nil {
			return err
		}
		return notifyScreen(ctx, tx, haoban.ScreenEvent{Kind: haoban.ScreenHighlighted, Draft: h.Draft, Applicant: applicant,
			Highlight: &h, At: h.At})
	})
	return h, err
}

// ScreenHighlights are a conversation's highlights, in order.
func (s *Store) ScreenHighlights(ctx context.Context, conversation string) ([]haoban.ScreenHighlight, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, conversation, draft::text, field, message, helper, at FROM screen_highlights
		WHERE conversation = $1 ORDER BY id`, conversation)
	if err != nil {
		return nil, fmt.Errorf("list highlights: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.ScreenHighlight, error) {
		var h haoban.ScreenHighlight
		err := r.Scan(&h.ID, &h.Conversation, &h.Draft, &h.Field, &h.Message, &h.Helper, &h.At)
		return h, err
	})
}

// ScreenHelperSkills are the skills a helper has.
func (s *Store) ScreenHelperSkills(ctx context.Context, helper string) ([]haoban.HelperSkill, error) {
	rows, err := s.pool.Query(ctx, `SELECT helper, department, COALESCE(item, '') FROM helper_skills WHERE helper = $1
		ORDER BY department, item NULLS FIRST`, helper)
	if err != nil {
		return nil, fmt.Errorf("list skills of %s: %w", helper, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[haoban.HelperSkill])
}

// announceDraftSaved tells the helpers who watch a draft that it changed,
// when any does: most drafts are shared with nobody.
func (s *Store) announceDraftSaved(ctx context.Context, draft string, at time.Time) error {
	var applicant string
	err := s.pool.QueryRow(ctx, `SELECT COALESCE(c.applicant, '') FROM conversations c
		WHERE c.screen_draft = $1 AND `+screenActive+` LIMIT 1`, draft).Scan(&applicant)
	if err == pgx.ErrNoRows {
		return nil
	} else if err != nil {
		return fmt.Errorf("announce draft saved: %w", err)
	}
	payload, _ := json.Marshal(haoban.ScreenEvent{Kind: haoban.ScreenDraftSaved, Draft: draft, Applicant: applicant, At: at})
	if _, err := s.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, ChannelScreen, string(payload)); err != nil {
		return fmt.Errorf("announce draft saved: %w", err)
	}
	return nil
}

// notifyScreen announces a shared-screen event inside the transaction
// that wrote it. A highlight's note is short (app bounds it), so the event
// always fits a NOTIFY.
func notifyScreen(ctx context.Context, tx pgx.Tx, e haoban.ScreenEvent) error {
	payload, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("announce screen event: %w", err)
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, ChannelScreen, string(payload))
	return err
}

// decodeScreen reads a shared-screen announcement; nil if it is not one.
func decodeScreen(payload string) *haoban.ScreenEvent {
	var e haoban.ScreenEvent
	if json.Unmarshal([]byte(payload), &e) != nil || e.Draft == "" {
		return nil
	}
	return &e
}
