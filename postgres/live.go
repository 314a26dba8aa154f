package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// NOTIFY channels: every API instance listens and fans the messages out to
// its live subscribers, so live status works with several instances.
const (
	ChannelEvents        = "haoban_events"
	ChannelNotifications = "haoban_notifications"
)

// maxPayload keeps a NOTIFY under PostgreSQL's 8000-byte limit.
const maxPayload = 7500

// notifyEvent announces an event inside the transaction that wrote it, so
// it is announced if and only if it commits.
func notifyEvent(ctx context.Context, tx pgx.Tx, caseID string, ev haoban.Event) error {
	le := haoban.LiveEvent{CaseID: caseID, Event: ev}
	le.Department, _ = ev.Detail["department"].(string)
	task, _ := ev.Detail["task"].(string)
	// One round trip for both routes: the applicant, and the task's department.
	if err := tx.QueryRow(ctx, `SELECT applicant, COALESCE((SELECT department FROM tasks WHERE id = $2), '') FROM cases WHERE id = $1`,
		caseID, task).Scan(&le.Applicant, &le.Department); err != nil {
		return fmt.Errorf("announce event: %w", err)
	}
	if d, ok := ev.Detail["department"].(string); ok && d != "" {
		le.Department = d
	}
	payload, err := json.Marshal(le)
	if err != nil {
		return fmt.Errorf("announce event: %w", err)
	}
	if len(payload) > maxPayload {
		le.Event.Detail, le.Truncated = nil, true
		payload, _ = json.Marshal(le)
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, ChannelEvents, string(payload))
	return err
}

// notifyNotification announces a delivered notification to its user.
func notifyNotification(ctx context.Context, tx pgx.Tx, n haoban.Notification) error {
	payload, err := json.Marshal(n)
	if err != nil || len(payload) > maxPayload {
		return err
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, ChannelNotifications, string(payload))
	return err
}

// EventsAfter returns a case's events after seq, for a subscriber resuming
// with Last-Event-ID.
func (s *Store) EventsAfter(ctx context.Context, caseID string, seq int64) ([]haoban.Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, type, at, actor, detail FROM events WHERE case_id = $1 AND seq > $2 ORDER BY seq`, caseID, seq)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return pgx.CollectRows(rows, scanEvent)
}

func scanEvent(r pgx.CollectableRow) (haoban.Event, error) {
	var e haoban.Event
	err := r.Scan(&e.Seq, &e.Type, &e.At, &e.Actor, &e.Detail)
	return e, err
}

// Listener hears what every instance writes, through NOTIFY.
type Listener struct {
	URL string
}

// Listen holds a connection that listens on the NOTIFY channels and calls
// f for each announcement until ctx ends or the connection fails.
func (l Listener) Listen(ctx context.Context, f func(haoban.Announcement)) error {
	return Listen(ctx, l.URL, func(channel, payload string) {
		var a haoban.Announcement
		switch channel {
		case ChannelEvents:
			a.Event = &haoban.LiveEvent{}
			if json.Unmarshal([]byte(payload), a.Event) != nil {
				return
			}
		case ChannelNotifications:
			a.Note = &haoban.Notification{}
			if json.Unmarshal([]byte(payload), a.Note) != nil {
				return
			}
		case ChannelHelp:
			a.Help = &haoban.HelpNote{}
			if json.Unmarshal([]byte(payload), a.Help) != nil {
				return
			}
		case ChannelScreen:
			if a.Screen = decodeScreen(payload); a.Screen == nil {
				return
			}
		case ChannelOperations:
			a.Operations = &haoban.OperationsNote{}
			if json.Unmarshal([]byte(payload), a.Operations) != nil {
				return
			}
		default:
			return
		}
		f(a)
	})
}

// Listen holds a connection that listens on the NOTIFY channels and calls
// f for each message until ctx ends or the connection fails.
func Listen(ctx context.Context, url string, f func(channel, payload string)) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer conn.Close(context.Background())
	for _, ch := range []string{ChannelEvents, ChannelNotifications, ChannelScreen, ChannelHelp, ChannelOperations} {
		if _, err := conn.Exec(ctx, "LISTEN "+ch); err != nil {
			return fmt.Errorf("listen %s: %w", ch, err)
		}
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		f(n.Channel, n.Payload)
	}
}
