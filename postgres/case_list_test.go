package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"haoban"
)

// More cases than a page, some submitted at the same instant: walking the
// pages finds each exactly once, and the counts see them all.
func TestListCasesPages(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	const n = 7
	for i := range n {
		nc := newCase(fmt.Sprintf("7b8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d%02d", i), fmt.Sprintf("page-%d", i))
		nc.At = at.Add(-time.Duration(i/2) * time.Minute)
		if _, _, err := s.CreateCase(ctx, nc); err != nil {
			t.Fatal(err)
		}
	}
	f := haoban.CaseFilter{Applicant: "zhang-wei", Limit: 3}
	seen := map[string]int{}
	for page := 0; ; page++ {
		cases, err := s.ListCases(ctx, f)
		if err != nil || page > n {
			t.Fatalf("page %d: %v", page, err)
		}
		for _, c := range cases {
			seen[c.ID]++
			if c.ApplicantName == "" || len(c.Tasks) == 0 {
				t.Fatalf("listed case %+v", c)
			}
		}
		if len(cases) < f.Limit {
			break
		}
		last := cases[len(cases)-1]
		f.After = &haoban.CaseKey{SubmittedAt: last.SubmittedAt, ID: last.ID}
	}
	if len(seen) != n {
		t.Fatalf("saw %d cases, want %d: %v", len(seen), n, seen)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("case %s listed %d times", id, k)
		}
	}
	counts, err := s.CountCases(ctx, haoban.CaseFilter{Applicant: "zhang-wei"})
	if err != nil || counts[haoban.CaseInReview] != n {
		t.Fatalf("counts %v, %v", counts, err)
	}
	t.Run("Search", func(t *testing.T) {
		for q, want := range map[string]int{"新生儿": n, "7b8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d03": 1, "没有这个": 0} {
			cases, err := s.ListCases(ctx, haoban.CaseFilter{Applicant: "zhang-wei", Query: q})
			if err != nil || len(cases) != want {
				t.Errorf("search %q: %d cases, want %d (%v)", q, len(cases), want, err)
			}
		}
	})
	t.Run("ByState", func(t *testing.T) {
		cases, err := s.ListCases(ctx, haoban.CaseFilter{Applicant: "zhang-wei", Status: haoban.CaseCompleted})
		if err != nil || len(cases) != 0 {
			t.Fatalf("completed: %d, %v", len(cases), err)
		}
	})
}
