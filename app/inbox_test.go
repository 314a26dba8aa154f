package app_test

import (
	"context"
	"fmt"
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
		all, err := in.List(ctx, as(t, s, "li-na"), app.NoteQuery{})
		if err != nil || all.Total != 2 || len(all.Notifications) != 2 || all.NextCursor != "" {
			t.Fatalf("li-na reads %v (%+v), %v", ids(all.Notifications), all, err)
		}
		unread, err := in.List(ctx, as(t, s, "li-na"), app.NoteQuery{Unread: true})
		if err != nil || unread.Total != 1 || unread.Notifications[0].ID != 2 {
			t.Fatalf("unread %v, %v", ids(unread.Notifications), err)
		}
		other, err := in.List(ctx, as(t, s, "zhang-wei"), app.NoteQuery{})
		if err != nil || len(other.Notifications) != 1 || other.Notifications[0].ID != 3 {
			t.Fatalf("zhang-wei reads %v, %v", ids(other.Notifications), err)
		}
	})
	t.Run("EveryPageOnce", func(t *testing.T) {
		in, s := setup()
		s.notes = nil
		for i := range 7 {
			s.notes = append(s.notes, haoban.Notification{ID: int64(i + 1), UserID: "li-na"})
		}
		var seen []int64
		q := app.NoteQuery{Limit: 3}
		for pages := 0; ; pages++ {
			page, err := in.List(ctx, as(t, s, "li-na"), q)
			if err != nil || page.Total != 7 || pages > 3 {
				t.Fatalf("page %d: %+v, %v", pages, page, err)
			}
			seen = append(seen, ids(page.Notifications)...)
			if page.NextCursor == "" {
				break
			}
			q.Cursor = page.NextCursor
		}
		if fmt.Sprint(seen) != "[7 6 5 4 3 2 1]" {
			t.Fatalf("pages gave %v, want each once, newest first", seen)
		}
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		in, s := setup()
		_, err := in.List(ctx, as(t, s, "li-na"), app.NoteQuery{Cursor: "not a cursor"})
		if field := wantCode(t, err, haoban.EINVALID); field != "query.cursor" {
			t.Fatalf("field %q", field)
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
