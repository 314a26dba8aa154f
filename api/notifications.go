package api

import (
	"context"

	"haoban"
)

// NotificationsInput filters the inbox.
type NotificationsInput struct {
	Unread bool `query:"unread" doc:"只看未读"`
}

// NotificationsOutput is the signed-in user's inbox, newest first.
type NotificationsOutput struct {
	Body struct {
		Notifications []haoban.Notification `json:"notifications"`
	}
}

func (s *Server) notifications(ctx context.Context, in *NotificationsInput) (*NotificationsOutput, error) {
	ns, err := s.Store.Notifications(ctx, userFrom(ctx).ID, in.Unread)
	if err != nil {
		return nil, err
	}
	out := &NotificationsOutput{}
	out.Body.Notifications = ns
	return out, nil
}

// NotificationIDInput names one of the user's notifications.
type NotificationIDInput struct {
	ID int64 `path:"id"`
}

func (s *Server) markRead(ctx context.Context, in *NotificationIDInput) (*struct{}, error) {
	return nil, s.Store.MarkRead(ctx, userFrom(ctx).ID, in.ID, s.now().UTC())
}
