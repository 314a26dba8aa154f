package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"haoban"
)

// More notifications than a page: walking the pages newest first finds
// each exactly once, the total counts them all, and another user's stay
// out.
func TestNotificationsPages(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	var notes []haoban.Notification
	for i := range 7 {
		notes = append(notes, haoban.Notification{UserID: "li-na", Kind: "reminder", Title: fmt.Sprint(i)}.WithKey(fmt.Sprint("n", i)))
	}
	notes = append(notes, haoban.Notification{UserID: "zhang-wei", Kind: "reminder", Title: "other"}.WithKey("other"))
	if err := s.Deliver(ctx, notes, "", at, nil); err != nil {
		t.Fatal(err)
	}
	var before int64
	seen := map[string]int{}
	for page := 0; ; page++ {
		list, total, err := s.Notifications(ctx, "li-na", false, before, 3)
		if err != nil || total != 7 || page > 7 {
			t.Fatalf("page %d: total %d, %v", page, total, err)
		}
		for i, n := range list {
			seen[n.Title]++
			if i > 0 && n.ID >= list[i-1].ID {
				t.Fatalf("not newest first: %+v", list)
			}
		}
		if len(list) < 3 {
			break
		}
		before = list[len(list)-1].ID
	}
	if len(seen) != 7 || seen["other"] != 0 {
		t.Fatalf("seen %v", seen)
	}
	for title, n := range seen {
		if n != 1 {
			t.Errorf("%s seen %d times", title, n)
		}
	}
}
