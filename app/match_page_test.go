package app_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/rules"
	"haoban/workflows"
)

// pageStore is a population of residents in key order, every other one in
// Shanghai, and one run's cursor and matches, kept as the store keeps
// them: a page recorded from a cursor that has moved changes nothing.
type pageStore struct {
	app.MatchStore
	policy   haoban.Policy
	keys     []string
	cursor   string
	finished bool
	matches  map[string]int // by beneficiary: times inserted
	records  []string       // the cursors recorded from
	failAt   int            // the record call that fails, counted from 1; 0: none
}

func newPageStore(n int) *pageStore {
	s := &pageStore{matches: map[string]int{}, policy: haoban.Policy{Code: "p", Name: "本市补贴", For: haoban.ForPersons,
		Conditions: []haoban.PolicyCondition{{Expression: `sources["resident.address"].startsWith("上海市")`, Message: "须为本市居民"}},
		Amount:     `100.0`}}
	for i := range n {
		s.keys = append(s.keys, fmt.Sprintf("%06d", i))
	}
	return s
}

func (s *pageStore) FindPolicyVersion(_ context.Context, policy string, version int) (haoban.PolicyVersion, error) {
	return haoban.PolicyVersion{Policy: policy, Version: version, Body: s.policy}, nil
}

func (s *pageStore) PersonFactsPage(_ context.Context, after string, limit int) ([]haoban.PersonFacts, error) {
	i, found := slices.BinarySearch(s.keys, after)
	if found {
		i++
	}
	var out []haoban.PersonFacts
	for j, k := range s.keys[i:min(i+limit, len(s.keys))] {
		address := "浙江省杭州市"
		if (i+j)%2 == 0 {
			address = "上海市黄浦区"
		}
		out = append(out, haoban.PersonFacts{Resident: haoban.Resident{IDNumber: k, Name: "居民" + k, Address: address}})
	}
	return out, nil
}

func (s *pageStore) RecordMatchPage(_ context.Context, _, after, next string, _ int, ms []haoban.PolicyMatch, finished time.Time) (int, error) {
	s.records = append(s.records, after)
	if len(s.records) == s.failAt {
		return 0, errors.New("connection lost")
	}
	if s.cursor != after {
		return 0, nil
	}
	s.cursor, s.finished = next, !finished.IsZero()
	for _, m := range ms {
		s.matches[m.Beneficiary]++
	}
	return len(ms), nil
}

// TestMatchPageChunks matches a page larger than a chunk: it is recorded
// a chunk at a time with the cursor moved each time; a failure in the
// middle keeps the chunks before it, and the retry adds the rest, nobody
// twice; the next, short page finishes the run.
func TestMatchPageChunks(t *testing.T) {
	e, err := rules.New(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	n := 2*app.MatchChunk + 2*app.MatchChunk/5 + 7
	s := newPageStore(n)
	s.failAt = 2
	in := workflows.MatchPageInput{RunID: "r", Policy: "p", Version: 1, At: at, Limit: 2*app.MatchChunk + app.MatchChunk/5}
	var heard []string
	beat := func(cursor string) { heard = append(heard, cursor) }
	if _, err := app.MatchPage(context.Background(), s, e, in, at, beat); err == nil {
		t.Fatal("a page whose second chunk failed to record succeeded")
	}
	if want := []string{s.keys[app.MatchChunk-1]}; s.cursor != want[0] || !slices.Equal(heard, want) {
		t.Fatalf("after the failure the cursor is %q and progress heard %q, want the first chunk's end %q", s.cursor, heard, want)
	}

	res, err := app.MatchPage(context.Background(), s, e, in, at, beat)
	if err != nil {
		t.Fatal(err)
	}
	if res.Done || res.Next != s.keys[in.Limit-1] || res.Read != in.Limit || s.cursor != res.Next {
		t.Fatalf("retried page: %+v, cursor %q; want %d read up to %q", res, s.cursor, in.Limit, s.keys[in.Limit-1])
	}
	if res.Matched != (in.Limit-app.MatchChunk)/2 {
		t.Fatalf("the retry matched %d anew, want the %d of the chunks not yet recorded", res.Matched, (in.Limit-app.MatchChunk)/2)
	}

	in.Cursor = res.Next
	last, err := app.MatchPage(context.Background(), s, e, in, at, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !last.Done || !s.finished || last.Read != n-in.Limit {
		t.Fatalf("last page: %+v, finished %v; want the remaining %d read and the run finished", last, s.finished, n-in.Limit)
	}
	for k, times := range s.matches {
		if times != 1 {
			t.Errorf("%s matched %d times", k, times)
		}
	}
	if len(s.matches) != (n+1)/2 {
		t.Errorf("matched %d, want every other one of %d", len(s.matches), n)
	}
}
