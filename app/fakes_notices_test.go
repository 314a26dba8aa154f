package app_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// outbox is the fake store's outbox, addresses and preferences, over the
// fake store's cases and users.
type outbox struct {
	*store
	rows     []haoban.OutboxNotice
	contacts map[string]map[haoban.NoticeChannel]string
	prefs    map[string]haoban.NoticePrefs
}

func newOutbox() *outbox {
	return &outbox{store: newStore(), contacts: map[string]map[haoban.NoticeChannel]string{}, prefs: map[string]haoban.NoticePrefs{}}
}

func (o *outbox) DeadLetters(_ context.Context, page haoban.PageRequest) ([]haoban.OutboxNotice, string, int, error) {
	var after int64
	if page.Cursor != "" {
		if err := haoban.DecodeCursor(page.Cursor, &after); err != nil {
			return nil, "", 0, err
		}
	}
	var dead, out []haoban.OutboxNotice
	for i := len(o.rows) - 1; i >= 0; i-- {
		if o.rows[i].Status == haoban.OutboxDead {
			dead = append(dead, o.rows[i])
		}
	}
	for _, n := range dead {
		if after == 0 || n.ID < after {
			out = append(out, n)
		}
	}
	next := ""
	if len(out) > page.Size() {
		out = out[:page.Size()]
		next = haoban.EncodeCursor(out[len(out)-1].ID)
	}
	return out, next, len(dead), nil
}

func (o *outbox) ResendNotice(_ context.Context, id int64, audit haoban.AuditEntry) error {
	for i := range o.rows {
		if o.rows[i].ID != id {
			continue
		}
		if o.rows[i].Status != haoban.OutboxDead {
			return haoban.Errorf(haoban.ECONFLICT, "只有发送失败的通知可以重发")
		}
		o.rows[i].Status = haoban.OutboxQueued
		audit.Action = "notice.resend"
		o.audits = append(o.audits, audit)
		return nil
	}
	return haoban.Errorf(haoban.ENOTFOUND, "通知不存在")
}

func (o *outbox) CaseNotices(_ context.Context, caseID string) (out []haoban.OutboxNotice, _ error) {
	for _, n := range o.rows {
		if n.CaseID == caseID {
			out = append(out, n)
		}
	}
	return out, nil
}

func (o *outbox) CaseNotifications(_ context.Context, caseID, userID string) (out []haoban.Notification, _ error) {
	for _, n := range o.notes {
		if n.CaseID == caseID && n.UserID == userID {
			out = append(out, n)
		}
	}
	return out, nil
}

func (o *outbox) SetContact(_ context.Context, userID string, ch haoban.NoticeChannel, address string, _ time.Time) error {
	if o.contacts[userID] == nil {
		o.contacts[userID] = map[haoban.NoticeChannel]string{}
	}
	if address == "" {
		delete(o.contacts[userID], ch)
		return nil
	}
	o.contacts[userID][ch] = address
	return nil
}

func (o *outbox) Contacts(_ context.Context, userID string) (map[haoban.NoticeChannel]string, error) {
	out := map[haoban.NoticeChannel]string{}
	for ch, a := range o.contacts[userID] {
		out[ch] = a
	}
	return out, nil
}

func (o *outbox) NoticePreferences(_ context.Context, userID string) (haoban.NoticePrefs, error) {
	p, ok := o.prefs[userID]
	if !ok {
		return haoban.DefaultNoticePrefs(), nil
	}
	b, _ := json.Marshal(p) // a copy, as a database read would be
	var c haoban.NoticePrefs
	return c, json.Unmarshal(b, &c)
}

func (o *outbox) SetNoticePreferences(_ context.Context, userID string, p haoban.NoticePrefs, meta haoban.AuditEntry) error {
	if err := p.Validate(); err != nil {
		return err
	}
	o.prefs[userID] = p
	o.audits = append(o.audits, meta)
	return nil
}

func (o *outbox) Audit(_ context.Context, e haoban.AuditEntry) error {
	o.audits = append(o.audits, e)
	return nil
}

func notices(t *testing.T) (*app.Notices, *outbox) {
	o := newOutbox()
	a := authz(t)
	return &app.Notices{Store: o, Cases: &app.Cases{Store: o, Authz: a, Time: clock}, Authz: a, Time: clock}, o
}
