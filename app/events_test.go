package app_test

import (
	"context"
	"slices"
	"testing"

	"haoban"
)

// A case's live stream reconnects with the last event it wrote: the
// backlog is what came after, in order, and of that case only.
func TestEventsAfter(t *testing.T) {
	ctx := context.Background()
	c, s, _ := cases(t)
	s.events = map[string][]haoban.Event{
		"c1": {{Seq: 1, Type: haoban.EventSubmitted}, {Seq: 2, Type: haoban.EventTaskOpened}, {Seq: 3, Type: haoban.EventTaskClaimed}},
		"c2": {{Seq: 4, Type: haoban.EventSubmitted}},
	}
	for _, tc := range []struct {
		name   string
		caseID string
		after  int64
		want   []int64
	}{
		{"FromTheStart", "c1", 0, []int64{1, 2, 3}},
		{"AfterLastEventID", "c1", 2, []int64{3}},
		{"NothingNew", "c1", 3, nil},
		{"OtherCaseUntouched", "c2", 0, []int64{4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			events, err := c.EventsAfter(ctx, tc.caseID, tc.after)
			wantCode(t, err, "")
			var got []int64
			for _, e := range events {
				got = append(got, e.Seq)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("seqs %v, want %v", got, tc.want)
			}
		})
	}
}
