package app

import (
	"context"
	"time"

	"haoban"
)

// InboxStore keeps people's in-app notifications.
type InboxStore interface {
	Notifications(ctx context.Context, userID string, unreadOnly bool) ([]haoban.Notification, error)
	MarkRead(ctx context.Context, userID string, id int64, at time.Time) error
}

// Inbox is a person's own notifications.
type Inbox struct {
	Store InboxStore
	Time  haoban.TimeSource
}

// List is the user's notifications, newest first.
func (s *Inbox) List(ctx context.Context, r Request, unreadOnly bool) ([]haoban.Notification, error) {
	return s.Store.Notifications(ctx, r.User.ID, unreadOnly)
}

// MarkRead marks one of the user's notifications read.
func (s *Inbox) MarkRead(ctx context.Context, r Request, id int64) error {
	return s.Store.MarkRead(ctx, r.User.ID, id, now(s.Time).UTC())
}
