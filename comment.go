package haoban

import "time"

// Comments are reviewers' internal notes on a task.

// Comment is an internal note on a task, for reviewers and supervisors only.
type Comment struct {
	ID        int64     `json:"id"`
	TaskID    string    `json:"task_id"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}
