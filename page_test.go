package haoban_test

import (
	"testing"
	"time"

	"haoban"
)

func TestCursor(t *testing.T) {
	type key struct {
		At time.Time `json:"at"`
		ID string    `json:"id"`
	}
	want := key{At: time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC), ID: "c-1"}
	var got key
	if err := haoban.DecodeCursor(haoban.EncodeCursor(want), &got); err != nil || !got.At.Equal(want.At) || got.ID != want.ID {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for _, bad := range []string{"%%%", "bm90IGpzb24", "eyJhdCI6MX0"} {
		err := haoban.DecodeCursor(bad, &got)
		if haoban.ErrorCode(err) != haoban.EINVALID {
			t.Errorf("cursor %q: %v, want EINVALID", bad, err)
		}
	}
	if n := (haoban.PageRequest{}).Size(); n != haoban.DefaultPageSize {
		t.Errorf("default size %d", n)
	}
	if n := (haoban.PageRequest{Limit: 10000}).Size(); n != haoban.MaxPageSize {
		t.Errorf("capped size %d", n)
	}
}
