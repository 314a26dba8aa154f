package app

import (
	"context"

	"haoban"
)

// DeadLetterQuery asks for one page of the dead letters.
type DeadLetterQuery struct {
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50"`
	Cursor string `query:"cursor" maxLength:"500" doc:"上一页返回的 next_cursor"`
}

// DeadLetterList is one page of the notices that could not be delivered,
// newest first, and how many there are in all.
type DeadLetterList struct {
	Notices    []NoticeView `json:"notices"`
	NextCursor string       `json:"next_cursor"`
	Total      int          `json:"total"`
}

// Resent says a dead letter is queued again.
type Resent struct {
	ID     int64               `json:"id"`
	Status haoban.OutboxStatus `json:"status"`
}

// mayManage: only admins see and re-send dead letters.
func (s *Notices) mayManage(r Request, act string) error {
	if !can(s.Authz, r.User, r.User.Department, "outbox", act) {
		return haoban.Errorf(haoban.EFORBIDDEN, "只有管理员可以处理发送失败的通知")
	}
	return nil
}

// DeadLetters is a page of the notices no channel could deliver, each with
// the person, the kind, the channel and the provider's reason.
func (s *Notices) DeadLetters(ctx context.Context, r Request, q DeadLetterQuery) (DeadLetterList, error) {
	if err := s.mayManage(r, "read"); err != nil {
		return DeadLetterList{}, err
	}
	list, next, total, err := s.Store.DeadLetters(ctx, haoban.PageRequest{Limit: q.Limit, Cursor: q.Cursor})
	if err != nil {
		return DeadLetterList{}, err
	}
	people, err := s.people(ctx)
	if err != nil {
		return DeadLetterList{}, err
	}
	out := DeadLetterList{Notices: make([]NoticeView, len(list)), NextCursor: next, Total: total}
	for i, n := range list {
		out.Notices[i] = noticeView(n, people)
	}
	return out, nil
}

// Resend puts a dead letter back in the queue, audited. A notice that is
// no longer dead (re-sent already, or never failed) is a conflict: a
// double click sends it once.
func (s *Notices) Resend(ctx context.Context, r Request, id int64) (Resent, error) {
	if err := s.mayManage(r, "resend"); err != nil {
		return Resent{}, err
	}
	if err := s.Store.ResendNotice(ctx, id, r.audit("", now(s.Time).UTC())); err != nil {
		return Resent{}, err
	}
	return Resent{ID: id, Status: haoban.OutboxQueued}, nil
}
