package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// ChannelHelp announces a conversation's new messages (haoban.HelpNote).
const ChannelHelp = "haoban_help"

// appendHelpMessage adds a message once per (conversation, key) and
// announces it in the same transaction; a repeated key returns the message
// written first.
func appendHelpMessage(ctx context.Context, tx pgx.Tx, m haoban.HelpMessage) (haoban.HelpMessage, error) {
	err := tx.QueryRow(ctx, `INSERT INTO conversation_messages (conversation, from_role, author, text, at, key)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (conversation, key) DO NOTHING RETURNING id`,
		m.Conversation, m.From, m.Author, m.Text, m.At, m.Key).Scan(&m.ID)
	if err == pgx.ErrNoRows {
		err = tx.QueryRow(ctx, `SELECT id, from_role, author, text, at FROM conversation_messages WHERE conversation = $1 AND key = $2`,
			m.Conversation, m.Key).Scan(&m.ID, &m.From, &m.Author, &m.Text, &m.At)
		return m, translate(err, "消息")
	}
	if err != nil {
		return m, translate(err, "帮办对话")
	}
	note := haoban.HelpNote{Conversation: m.Conversation, Message: m.ID}
	if err := tx.QueryRow(ctx, `SELECT COALESCE(applicant, ''), department FROM conversations WHERE id = $1`,
		m.Conversation).Scan(&note.Applicant, &note.Department); err != nil {
		return m, fmt.Errorf("announce message: %w", err)
	}
	payload, err := json.Marshal(note)
	if err != nil {
		return m, fmt.Errorf("announce message: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, ChannelHelp, string(payload)); err != nil {
		return m, fmt.Errorf("announce message: %w", err)
	}
	return m, nil
}

// AppendHelpMessage adds a message to a conversation (once per key) and
// announces it to the live streams. The 同屏 and hotline features add
// their system messages through it.
func (s *Store) AppendHelpMessage(ctx context.Context, m haoban.HelpMessage) (haoban.HelpMessage, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		m, err = appendHelpMessage(ctx, tx, m)
		return err
	})
	return m, err
}

// HelperReply adds a helper's message; the first reply assigns the
// conversation to the helper, opens it and records the first response.
func (s *Store) HelperReply(ctx context.Context, m haoban.HelpMessage, seconds int) (haoban.HelpMessage, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if m, err = appendHelpMessage(ctx, tx, m); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE conversations SET helper = $2, status = 'open', first_response_at = $3,
				first_response_seconds = $4
			WHERE id = $1 AND first_response_at IS NULL AND status = 'waiting'`, m.Conversation, m.Author, m.At, seconds)
		if err != nil {
			return fmt.Errorf("record first response: %w", err)
		}
		return nil
	})
	return m, err
}

// HelpMessagesAfter lists a conversation's messages after id, in order,
// with their authors' names.
func (s *Store) HelpMessagesAfter(ctx context.Context, conversation string, after int64) ([]haoban.HelpMessage, error) {
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.conversation, m.from_role, m.author, COALESCE(u.name, ''), m.text, m.at, m.key
		FROM conversation_messages m LEFT JOIN users u ON u.id = m.author
		WHERE m.conversation = $1 AND m.id > $2 ORDER BY m.id`, conversation, after)
	if err != nil {
		return nil, fmt.Errorf("list messages of %s: %w", conversation, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.HelpMessage, error) {
		var m haoban.HelpMessage
		err := r.Scan(&m.ID, &m.Conversation, &m.From, &m.Author, &m.AuthorName, &m.Text, &m.At, &m.Key)
		return m, err
	})
}
