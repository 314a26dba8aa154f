package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// The help desk's conversations (issue 18). Every message is announced on
// ChannelHelp inside the transaction that wrote it.

// conversationColumns reads a conversation with the names pages show.
const conversationColumns = `c.id, c.channel, COALESCE(c.applicant, ''), c.question, c.department, c.bundle, c.item, c.draft,
	c.transcript, COALESCE(c.helper, ''), c.status, c.created_at, c.first_response_at, c.first_response_seconds,
	c.alerted_at, c.breached_at, c.ended_at, COALESCE(c.outcome, ''), c.worth_keeping, c.confirmed_at,
	c.confirmed_resolved, COALESCE(c.rating, 0), c.rating_comment,
	COALESCE(d.name, ''), COALESCE(i.name, ''), COALESCE(h.name, '')`

const conversationFrom = ` FROM conversations c LEFT JOIN departments d ON d.code = c.department
	LEFT JOIN items i ON i.code = c.item LEFT JOIN users h ON h.id = c.helper`

func scanConversation(r pgx.CollectableRow) (haoban.Conversation, error) {
	var c haoban.Conversation
	var transcript []byte
	var rating int16
	err := r.Scan(&c.ID, &c.Channel, &c.Applicant, &c.Question, &c.Department, &c.Bundle, &c.Item, &c.Draft,
		&transcript, &c.Helper, &c.Status, &c.CreatedAt, &c.FirstResponseAt, &c.FirstResponseSeconds,
		&c.AlertedAt, &c.BreachedAt, &c.EndedAt, &c.Outcome, &c.WorthKeeping, &c.ConfirmedAt,
		&c.ConfirmedResolved, &rating, &c.RatingComment, &c.DepartmentName, &c.ItemName, &c.HelperName)
	if err != nil {
		return c, err
	}
	c.Rating = int(rating)
	if err := json.Unmarshal(transcript, &c.Transcript); err != nil {
		return c, fmt.Errorf("read transcript of %s: %w", c.ID, err)
	}
	return c, nil
}

// itemDepartment is department $6, or item $8's department when only the
// item is known.
const itemDepartment = `COALESCE(NULLIF($6, ''), (SELECT department FROM items WHERE code = $8), '')`

// CreateConversation records a conversation and its question as the first
// message, with the item's department when only the item is known; one
// recorded before under the applicant's key is returned.
func (s *Store) CreateConversation(ctx context.Context, c haoban.Conversation, key string) (haoban.Conversation, error) {
	transcript := c.Transcript
	if transcript == nil {
		transcript = []haoban.HelpLine{}
	}
	tj, err := json.Marshal(transcript)
	if err != nil {
		return c, fmt.Errorf("encode transcript: %w", err)
	}
	var applicant, helper *string
	if c.Applicant != "" {
		applicant = &c.Applicant
	}
	if c.Helper != "" {
		helper = &c.Helper
	}
	id := c.ID
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO conversations (id, channel, applicant, idempotency_key, question, department, bundle,
				item, draft, transcript, helper, status, created_at)
			VALUES ($1, $2, $3, $4, $5, `+itemDepartment+`, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (applicant, idempotency_key) DO NOTHING`,
			c.ID, c.Channel, applicant, key, c.Question, c.Department, c.Bundle, c.Item, c.Draft, tj, helper, c.Status, c.CreatedAt)
		if err != nil {
			return translate(err, "帮办对话")
		}
		if tag.RowsAffected() == 0 {
			return tx.QueryRow(ctx, `SELECT id FROM conversations WHERE applicant = $1 AND idempotency_key = $2`,
				applicant, key).Scan(&id)
		}
		_, err = appendHelpMessage(ctx, tx, haoban.HelpMessage{Conversation: c.ID, From: "applicant", Author: c.Applicant,
			Text: c.Question, At: c.CreatedAt, Key: "question"})
		return err
	})
	if err != nil {
		return c, fmt.Errorf("create conversation: %w", err)
	}
	return s.FindConversation(ctx, id)
}

// FindConversation reads one conversation.
func (s *Store) FindConversation(ctx context.Context, id string) (haoban.Conversation, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+conversationColumns+conversationFrom+` WHERE c.id = $1`, id)
	if err != nil {
		return haoban.Conversation{}, fmt.Errorf("find conversation %s: %w", id, err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanConversation)
	return c, translate(err, "帮办对话")
}

// conversations lists the conversations a condition selects, in order.
func (s *Store) conversations(ctx context.Context, where, order string, args ...any) ([]haoban.Conversation, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+conversationColumns+conversationFrom+` WHERE `+where+` ORDER BY `+order, args...)
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	return pgx.CollectRows(rows, scanConversation)
}

// HelperConversations lists a helper's conversations that are not final.
func (s *Store) HelperConversations(ctx context.Context, helper string) ([]haoban.Conversation, error) {
	return s.conversations(ctx, `c.helper = $1 AND c.status IN ('waiting', 'open', 'closing')`, `c.created_at, c.id`, helper)
}

// WaitingConversations lists the waiting conversations within the skills
// (nil: all), oldest first.
func (s *Store) WaitingConversations(ctx context.Context, skills []haoban.HelperSkill) ([]haoban.Conversation, error) {
	if skills == nil {
		return s.conversations(ctx, `c.status = 'waiting'`, `c.created_at, c.id`)
	}
	depts, items := make([]string, len(skills)), make([]string, len(skills))
	for i, sk := range skills {
		depts[i], items[i] = sk.Department, sk.Item
	}
	// A skill covers every department ('*'), a department, or one item.
	return s.conversations(ctx, `c.status = 'waiting' AND EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS k(dept, item)
		WHERE k.dept = '*' OR (k.dept = c.department AND c.department <> '' AND (k.item = '' OR k.item = c.item)))`,
		`c.created_at, c.id`, depts, items)
}

// ApplicantConversations lists an applicant's conversations, newest first.
func (s *Store) ApplicantConversations(ctx context.Context, applicant string) ([]haoban.Conversation, error) {
	return s.conversations(ctx, `c.applicant = $1`, `c.created_at DESC, c.id`, applicant)
}

// ConversationsCreated lists the online conversations created in [from,
// to): the help desk's figures; 12345 tickets have a connect rate of their own.
func (s *Store) ConversationsCreated(ctx context.Context, from, to time.Time) ([]haoban.Conversation, error) {
	return s.conversations(ctx, `c.channel = 'online' AND c.created_at >= $1 AND c.created_at < $2`, `c.created_at, c.id`, from, to)
}

// transition changes a conversation when its status is one of from, with
// an audit entry; another status is ECONFLICT.
func (s *Store) transition(ctx context.Context, id string, from []string, set string, meta *haoban.AuditEntry, args ...any) (haoban.Conversation, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE conversations SET `+set+` WHERE id = $1 AND status = ANY($2)`,
			append([]any{id, from}, args...)...)
		if err != nil {
			return fmt.Errorf("update conversation %s: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			var status string
			if err := tx.QueryRow(ctx, `SELECT status FROM conversations WHERE id = $1`, id).Scan(&status); err != nil {
				return translate(err, "帮办对话")
			}
			return haoban.Errorf(haoban.ECONFLICT, "这次对话的状态已经改变")
		}
		if meta == nil {
			return nil
		}
		return appendAudit(ctx, tx, *meta)
	})
	if err != nil {
		return haoban.Conversation{}, err
	}
	return s.FindConversation(ctx, id)
}

// TakeConversation assigns a waiting conversation to a helper.
func (s *Store) TakeConversation(ctx context.Context, id, helper string, meta haoban.AuditEntry) (haoban.Conversation, error) {
	meta.After = Summary(map[string]string{"helper": helper})
	return s.transition(ctx, id, []string{"waiting"}, `helper = $3`, &meta, helper)
}

// EndConversation records the helper's outcome; the applicant confirms next.
func (s *Store) EndConversation(ctx context.Context, id string, outcome haoban.ConversationStatus, worthKeeping bool, meta haoban.AuditEntry) (haoban.Conversation, error) {
	meta.After = Summary(map[string]any{"outcome": outcome, "worth_keeping": worthKeeping})
	return s.transition(ctx, id, []string{"waiting", "open"},
		`status = 'closing', outcome = $3, worth_keeping = $4, ended_at = $5`, &meta, outcome, worthKeeping, meta.At)
}

// ConfirmConversation records the applicant's confirmation.
func (s *Store) ConfirmConversation(ctx context.Context, id string, resolved bool, meta haoban.AuditEntry) (haoban.Conversation, error) {
	status := haoban.ConversationUnsolved
	if resolved {
		status = haoban.ConversationResolved
	}
	meta.After = Summary(map[string]any{"resolved": resolved})
	return s.transition(ctx, id, []string{"closing"},
		`status = $3, confirmed_resolved = $4, confirmed_at = $5`, &meta, status, resolved, meta.At)
}

// RateConversation records the applicant's rating of an ended conversation.
func (s *Store) RateConversation(ctx context.Context, id string, rating int, comment string) (haoban.Conversation, error) {
	return s.transition(ctx, id, []string{"closing", "resolved", "unresolved"},
		`rating = $3, rating_comment = $4`, nil, rating, comment)
}

// MarkBreached records that the first-response target passed, once.
func (s *Store) MarkBreached(ctx context.Context, id string, at time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE conversations SET breached_at = $2 WHERE id = $1 AND breached_at IS NULL`, id, at)
	if err != nil {
		return fmt.Errorf("mark conversation %s breached: %w", id, err)
	}
	return nil
}
