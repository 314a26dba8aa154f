package migrations

import (
	"context"
	"embed"
	"fmt"
	"path"
	"strings"

	"github.com/jackc/pgx/v5"
)

// What each kind of notice says by default: notice_templates/<kind>.txt
// holds its subject, a line "---", then its body.
//
//go:embed notice_templates/*.txt
var noticeTemplates embed.FS

// NoticeTemplate is a kind's default subject and body.
type NoticeTemplate struct {
	Kind, Subject, Body string
}

// NoticeTemplates are the default templates, by kind.
func NoticeTemplates() ([]NoticeTemplate, error) {
	entries, err := noticeTemplates.ReadDir("notice_templates")
	if err != nil {
		return nil, err
	}
	var out []NoticeTemplate
	for _, e := range entries {
		b, err := noticeTemplates.ReadFile("notice_templates/" + e.Name())
		if err != nil {
			return nil, err
		}
		subject, body, ok := strings.Cut(string(b), "\n---\n")
		if !ok {
			return nil, fmt.Errorf("notice template %s: no line --- after the subject", e.Name())
		}
		out = append(out, NoticeTemplate{Kind: strings.TrimSuffix(e.Name(), path.Ext(e.Name())),
			Subject: strings.TrimSpace(subject), Body: strings.TrimSpace(body)})
	}
	return out, nil
}

// seedNoticeTemplates adds the default template of every kind that has
// none: a template reworded in the database is kept.
func seedNoticeTemplates(ctx context.Context, conn *pgx.Conn) error {
	ts, err := NoticeTemplates()
	if err != nil {
		return err
	}
	for _, t := range ts {
		if _, err := conn.Exec(ctx, `INSERT INTO notice_templates (kind, subject, body) VALUES ($1, $2, $3)
			ON CONFLICT (kind) DO NOTHING`, t.Kind, t.Subject, t.Body); err != nil {
			return fmt.Errorf("seed notice template %s: %w", t.Kind, err)
		}
	}
	return nil
}
