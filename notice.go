package haoban

import (
	"time"
)

// Notices reach people in their inbox.

// Notification is a message in a user's in-app inbox.
type Notification struct {
	ID        int64      `json:"id"`
	UserID    string     `json:"user_id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	CaseID    string     `json:"case_id,omitempty"`
	TaskID    string     `json:"task_id,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
	dedupe    string
}

// WithKey sets the key that makes a retried send deliver once.
func (n Notification) WithKey(key string) Notification { n.dedupe = key; return n }

// Key is the notification's key, unique per recipient.
func (n Notification) Key() string { return n.dedupe }
