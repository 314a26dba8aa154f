package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

func TestInbox(t *testing.T) {
	ctx := context.Background()
	setup := func() (*app.Inbox, *store) {
		s := newStore()
		read := clock.T.Add(-time.Hour)
		s.notes = []haoban.Notification{
			{ID: 1, UserID: "li-na", Kind: "decided", ReadAt: &read},
			{ID: 2, UserID: "li-na", Kind: "supplement"},
			{ID: 3, UserID: "zhang-wei", Kind: "decided"},
		}
		return &app.Inbox{Store: s, Time: clock}, s
	}
	ids := func(list []haoban.Notification) (out []int64) {
		for _, n := range list {
			out = append(out, n.ID)
		}
		return out
	}
	t.Run("OwnOnly", func(t *testing.T) {
		in, s := setup()
		all, err := in.List(ctx, as(t, s, "li-na"), false)
		if err != nil || len(all) != 2 {
			t.Fatalf("li-na reads %v, %v", ids(all), err)
		}
		unread, err := in.List(ctx, as(t, s, "li-na"), true)
		if err != nil || len(unread) != 1 || unread[0].ID != 2 {
			t.Fatalf("unread %v, %v", ids(unread), err)
		}
		other, err := in.List(ctx, as(t, s, "zhang-wei"), false)
		if err != nil || len(other) != 1 || other[0].ID != 3 {
			t.Fatalf("zhang-wei reads %v, %v", ids(other), err)
		}
	})
	t.Run("MarkReadAtTheClock", func(t *testing.T) {
		in, s := setup()
		wantCode(t, in.MarkRead(ctx, as(t, s, "li-na"), 2), "")
		at := s.notes[1].ReadAt
		if at == nil || !at.Equal(clock.T) || at.Location() != time.UTC {
			t.Fatalf("read at %v, want %v in UTC", at, clock.T)
		}
	})
	t.Run("ErrMarkAnotherUsersNotification", func(t *testing.T) {
		// The user's own ID goes to the store, so someone else's is not found.
		in, s := setup()
		wantCode(t, in.MarkRead(ctx, as(t, s, "zhang-wei"), 2), haoban.ENOTFOUND)
		wantCode(t, in.MarkRead(ctx, as(t, s, "li-na"), 99), haoban.ENOTFOUND)
		if s.notes[1].ReadAt != nil {
			t.Fatal("li-na's notification was marked read")
		}
	})
}
