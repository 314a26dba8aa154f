package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/rules"
	"haoban/seed"
	"haoban/workflows"
)

// TestMatchRunTwice matches the newborn subsidy over demo and generated
// residents a page at a time: the matches are exactly those the self-check
// qualifies, a retried page changes nothing, and a second run of the same
// period inserts nobody again.
func TestMatchRunTwice(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := seed.Load(ctx, s.Pool(), seed.Sizes{Residents: 300, Enterprises: 20}); err != nil {
		t.Fatal(err)
	}
	e, err := rules.New(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	p := demo.Policies()[0]
	v, err := s.FindPolicyVersion(ctx, p.Code, 1)
	if err != nil {
		t.Fatal(err)
	}

	var want []string
	var ids []string
	if err := s.Pool().QueryRow(ctx, `SELECT array_agg(id_number ORDER BY id_number) FROM residents`).Scan(&ids); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		f, err := s.PersonFacts(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		facts := e.Facts(rules.Input{Applicant: map[string]any{"id_number": id}, Sources: f.Sources(), Today: at})
		if app.DecidePolicy(e, v.Body, facts, f.Resident.Name).Qualifies {
			want = append(want, id)
		}
	}
	if len(want) < 10 {
		t.Fatalf("only %d of %d residents qualify: the test would prove little", len(want), len(ids))
	}

	run := func(id string) (read, matched int) {
		t.Helper()
		r := haoban.PolicyRun{ID: id, Policy: p.Code, Version: v.Version, Period: p.Period(), StartedAt: at}
		if err := s.StartPolicyRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		in := workflows.MatchPageInput{RunID: id, Policy: p.Code, Version: v.Version, Period: r.Period, At: at, Limit: 64}
		for {
			res, err := app.MatchPage(ctx, s, e, in, at, nil)
			if err != nil {
				t.Fatal(err)
			}
			// A retry of the same page, as Temporal makes after a lost
			// worker, finds the cursor moved.
			if again, err := app.MatchPage(ctx, s, e, in, at, nil); err != nil || again.Matched != 0 {
				t.Fatalf("retried page matched %d (%v), want 0", again.Matched, err)
			}
			read, matched = read+res.Read, matched+res.Matched
			if res.Done {
				return read, matched
			}
			in.Cursor = res.Next
		}
	}
	read, matched := run("run-1")
	if read != len(ids) || matched != len(want) {
		t.Fatalf("first run read %d and matched %d, want %d and %d", read, matched, len(ids), len(want))
	}
	if _, again := run("run-2"); again != 0 {
		t.Fatalf("second run matched %d anew, want 0", again)
	}
	r, err := s.FindPolicyRun(ctx, "run-1")
	if err != nil || r.Read != int64(len(ids)) || r.Matched != int64(len(want)) || r.FinishedAt.IsZero() {
		t.Fatalf("run recorded %+v (%v)", r, err)
	}

	var got []string
	page := haoban.PageRequest{Limit: 7}
	for {
		ms, next, err := s.ListPolicyMatches(ctx, p.Code, page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			got = append(got, m.Beneficiary)
			if m.Amount != 3600 || m.Facts["birth.latest"] == nil || m.RunID != "run-1" {
				t.Fatalf("match %+v: want 3600 yuan, the birth it rests on, from the first run", m)
			}
		}
		if next == "" {
			break
		}
		page.Cursor = next
	}
	if !slices.Equal(got, want) {
		t.Errorf("matched %d beneficiaries, want the %d the self-check qualifies", len(got), len(want))
	}
}
