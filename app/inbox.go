package app

import (
	"context"
	"time"

	"haoban"
)

// InboxStore keeps people's in-app notifications.
type InboxStore interface {
	Notifications(ctx context.Context, userID string, unreadOnly bool, before int64, limit int) ([]haoban.Notification, int, error)
	MarkRead(ctx context.Context, userID string, id int64, at time.Time) error
}

// Inbox is a person's own notifications.
type Inbox struct {
	Store InboxStore
	Time  haoban.TimeSource
}

// NoteQuery asks for one page of the user's notifications.
type NoteQuery struct {
	Unread bool   `query:"unread" doc:"只看未读"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50"`
	Cursor string `query:"cursor" maxLength:"500" doc:"上一页返回的 next_cursor"`
}

// NoteList is one page of notifications and how many there are in all.
type NoteList struct {
	Notifications []haoban.Notification `json:"notifications"`
	NextCursor    string                `json:"next_cursor"`
	Total         int                   `json:"total"`
}

// List is a page of the user's notifications, newest first.
func (s *Inbox) List(ctx context.Context, r Request, q NoteQuery) (NoteList, error) {
	var before int64
	if q.Cursor != "" {
		if err := haoban.DecodeCursor(q.Cursor, &before); err != nil {
			return NoteList{}, err
		}
	}
	size := haoban.PageRequest{Limit: q.Limit}.Size()
	// One more than the page tells whether another page follows.
	notes, total, err := s.Store.Notifications(ctx, r.User.ID, q.Unread, before, size+1)
	if err != nil {
		return NoteList{}, err
	}
	out := NoteList{Notifications: notes, Total: total}
	if len(notes) > size {
		out.Notifications = notes[:size]
		out.NextCursor = haoban.EncodeCursor(notes[size-1].ID)
	}
	return out, nil
}

// MarkRead marks one of the user's notifications read.
func (s *Inbox) MarkRead(ctx context.Context, r Request, id int64) error {
	return s.Store.MarkRead(ctx, r.User.ID, id, now(s.Time).UTC())
}
