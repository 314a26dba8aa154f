package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"haoban"
)

// NoticeStore keeps the notices that leave the app (the outbox), where
// each person is reached and which notices they want.
type NoticeStore interface {
	DeadLetters(ctx context.Context, page haoban.PageRequest) ([]haoban.OutboxNotice, string, int, error)
	ResendNotice(ctx context.Context, id int64, audit haoban.AuditEntry) error
	CaseNotices(ctx context.Context, caseID string) ([]haoban.OutboxNotice, error)
	CaseNotifications(ctx context.Context, caseID, userID string) ([]haoban.Notification, error)
	SetContact(ctx context.Context, userID string, ch haoban.NoticeChannel, address string, at time.Time) error
	Contacts(ctx context.Context, userID string) (map[haoban.NoticeChannel]string, error)
	NoticePreferences(ctx context.Context, userID string) (haoban.NoticePrefs, error)
	SetNoticePreferences(ctx context.Context, userID string, p haoban.NoticePrefs, meta haoban.AuditEntry) error
	Audit(ctx context.Context, e haoban.AuditEntry) error
	ListUsers(ctx context.Context) ([]haoban.User, error)
}

// Notices are a person's addresses and choices, a case's delivery record
// (送达) and the admins' dead letters.
type Notices struct {
	Store NoticeStore
	Cases *Cases
	Authz Authorizer
	Time  haoban.TimeSource
}

// NoticeView is one notice through one channel as people read it: names
// and states in words, never codes.
type NoticeView struct {
	ID          int64                `json:"id"`
	UserID      string               `json:"user_id"`
	Person      string               `json:"person"`
	CaseID      string               `json:"case_id,omitempty"`
	Kind        string               `json:"kind"`
	KindName    string               `json:"kind_name"`
	Subject     string               `json:"subject"`
	Channel     haoban.NoticeChannel `json:"channel"`
	ChannelName string               `json:"channel_name"`
	// Address is where it went, a mobile number masked.
	Address    string              `json:"address"`
	Legal      bool                `json:"legal"`
	Status     haoban.OutboxStatus `json:"status"`
	StatusName string              `json:"status_name"`
	// Reason is why it failed, in the provider's words.
	Reason      string     `json:"reason,omitempty"`
	Attempts    int        `json:"attempts"`
	CreatedAt   time.Time  `json:"created_at"`
	SentAt      *time.Time `json:"sent_at,omitempty"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	ReadAt      *time.Time `json:"read_at,omitempty"`
	FailedAt    *time.Time `json:"failed_at,omitempty"`
}

// ChannelName is a channel in words.
func ChannelName(ch haoban.NoticeChannel) string {
	switch ch {
	case haoban.ChannelEmail:
		return "电子邮件"
	case haoban.ChannelSMS:
		return "短信"
	}
	return "站内信"
}

var outboxStatusNames = map[haoban.OutboxStatus]string{
	haoban.OutboxQueued: "等待发送", haoban.OutboxSending: "正在发送", haoban.OutboxSent: "已发出",
	haoban.OutboxDelivered: "已送达", haoban.OutboxDead: "发送失败",
}

// noticeView names a notice's person, kind, channel and state.
func noticeView(n haoban.OutboxNotice, people map[string]string) NoticeView {
	v := NoticeView{ID: n.ID, UserID: n.UserID, Person: unnamed, CaseID: n.CaseID, Kind: n.Kind, KindName: kindName(n),
		Subject: n.Subject, Channel: n.Channel, ChannelName: ChannelName(n.Channel), Address: maskAddress(n.Address),
		Legal: n.Legal, Status: n.Status, StatusName: outboxStatusNames[n.Status], Attempts: n.Attempts,
		CreatedAt: n.CreatedAt, SentAt: n.SentAt, DeliveredAt: n.DeliveredAt, ReadAt: n.ReadAt, FailedAt: n.DeadAt}
	if name, ok := people[n.UserID]; ok {
		v.Person = name
	}
	if n.Status == haoban.OutboxDead || n.Status == haoban.OutboxQueued {
		v.Reason = n.LastError
	}
	return v
}

// kindName is what a notice is about, in words: the kind's name, or for a
// kind without one the notice's own subject.
func kindName(n haoban.OutboxNotice) string {
	if name := haoban.NoticeKind(n.Kind).Name(); name != "" {
		return name
	}
	if n.Subject != "" {
		return n.Subject
	}
	return "通知"
}

// maskAddress hides the middle of a mobile number and most of an e-mail
// address's local part: enough to recognise one's own, not to harvest.
func maskAddress(a string) string {
	local, domain, ok := strings.Cut(a, "@")
	if !ok {
		return haoban.MaskPersonal(a)
	}
	r := []rune(local)
	if len(r) == 0 {
		return a
	}
	if len(r) <= 2 {
		return string(r[:1]) + "*@" + domain
	}
	return string(r[:2]) + strings.Repeat("*", min(len(r)-2, 4)) + "@" + domain
}

// people names every user, for the lists.
func (s *Notices) people(ctx context.Context) (map[string]string, error) {
	users, err := s.Store.ListUsers(ctx)
	out := make(map[string]string, len(users))
	for _, u := range users {
		out[u.ID] = u.Name
	}
	return out, err
}

// CaseNotices are the notices a case sent its applicant, in the app and
// outside it, oldest first, with their delivery state (an in-app one: read
// or not, and when): for whom may read the case.
func (s *Notices) CaseNotices(ctx context.Context, r Request, caseID string) ([]NoticeView, error) {
	c, err := s.Cases.Readable(ctx, r, caseID)
	if err != nil {
		return nil, err
	}
	list, err := s.Store.CaseNotices(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	people, err := s.people(ctx)
	if err != nil {
		return nil, err
	}
	out := []NoticeView{}
	for _, n := range list {
		// Staff are told of a case's tasks too; those are not the applicant's.
		if n.UserID == c.Applicant {
			out = append(out, noticeView(n, people))
		}
	}
	inApp, err := s.Store.CaseNotifications(ctx, c.ID, c.Applicant)
	if err != nil {
		return nil, err
	}
	for _, n := range inApp {
		out = append(out, inAppView(n, people))
	}
	slices.SortStableFunc(out, func(a, b NoticeView) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out, nil
}

// In-app notices are read or not yet read.
const (
	InAppRead   haoban.OutboxStatus = "read"
	InAppUnread haoban.OutboxStatus = "unread"
)

// inAppView is an in-app notification as a line of the delivery record.
func inAppView(n haoban.Notification, people map[string]string) NoticeView {
	kind := haoban.NoticeKind(n.Kind)
	v := NoticeView{ID: n.ID, UserID: n.UserID, Person: people[n.UserID], CaseID: n.CaseID, Kind: n.Kind,
		KindName: kindName(haoban.OutboxNotice{Kind: n.Kind, Subject: n.Title}), Subject: n.Title,
		Channel: haoban.ChannelInApp, ChannelName: ChannelName(haoban.ChannelInApp), Legal: kind.Legal(),
		Status: InAppUnread, StatusName: "未读", CreatedAt: n.CreatedAt, ReadAt: n.ReadAt}
	if v.Person == "" {
		v.Person = unnamed
	}
	if n.ReadAt != nil {
		v.Status, v.StatusName = InAppRead, "已读"
	}
	return v
}
