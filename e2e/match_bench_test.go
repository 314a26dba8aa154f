package e2e_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
	"haoban/rules"
	"haoban/seed"
	"haoban/workflows"
)

// BenchmarkPolicyMatch times a matching run of the newborn subsidy over
// generated residents end to end (API, Temporal workflow, pages of
// workflows.MatchPageSize, matches inserted), beside a bare Go loop reading the same rows page by
// page from PostgreSQL and evaluating the same compiled expressions, and
// prints records per second of each and their ratio. Target: at least
// 0.5 of the bare rate. HAOBAN_MATCH_RESIDENTS sets the population
// (default 100,000).
//
//	go test ./e2e -run '^$' -bench PolicyMatch -benchtime 1x
func BenchmarkPolicyMatch(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("HAOBAN_MATCH_RESIDENTS")); err == nil && v > 0 {
		n = v
	}
	s := startSystem(b)
	ctx := context.Background()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(at)
	if err := seed.Load(ctx, s.store.Pool(), seed.Sizes{Residents: n, Enterprises: 10}); err != nil {
		b.Fatal(err)
	}
	var rows int
	if err := s.store.Pool().QueryRow(ctx, `SELECT count(*) FROM residents`).Scan(&rows); err != nil {
		b.Fatal(err)
	}
	p := demo.Policies()[0]
	admin := s.login("catalogue-admin")
	e := s.reviewer.Engine
	b.ResetTimer()
	var took, base time.Duration
	var matched, bareMatched int
	for range b.N {
		// Each run matches everyone again, as the first of a period does.
		if _, err := s.store.Pool().Exec(ctx, `DELETE FROM policy_matches`); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		s.must(200, s.call("POST", "/api/v1/admin/policies/"+p.Code+"/match", admin, nil))
		if err := s.temporal.GetWorkflow(ctx, workflows.MatchWorkflowID(p.Code, p.Period()), "").Get(ctx, nil); err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
		if err := s.store.Pool().QueryRow(ctx, `SELECT count(*) FROM policy_matches`).Scan(&matched); err != nil {
			b.Fatal(err)
		}

		start = time.Now()
		bareMatched = bareMatch(b, s, e, p, at)
		base += time.Since(start)
	}
	if matched != bareMatched {
		b.Fatalf("the run matched %d, the bare loop %d", matched, bareMatched)
	}
	rate := func(d time.Duration) float64 { return float64(rows*b.N) / d.Seconds() }
	fmt.Printf("政策匹配 %d residents × %d: run %.0f records/s (%.1f s each), bare loop %.0f records/s; ratio %.2f (%d matched)\n",
		rows, b.N, rate(took), took.Seconds()/float64(b.N), rate(base), rate(took)/rate(base), matched)
}

// bareMatch reads every resident's facts in the run's pages and evaluates
// the policy's compiled conditions and amount, inserting nothing.
func bareMatch(b *testing.B, s *system, e *rules.Engine, p haoban.Policy, at time.Time) int {
	ctx := context.Background()
	matched, after := 0, ""
	for {
		page, err := s.store.PersonFactsPage(ctx, after, workflows.MatchPageSize)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range page {
			facts := e.Facts(rules.Input{Applicant: map[string]any{"id_number": f.Resident.IDNumber}, Sources: f.Sources(), Today: at})
			ok := true
			for _, c := range p.Conditions {
				if holds, _, _ := facts.Holds(c.Expression); !holds {
					ok = false
				}
			}
			if _, err := facts.Amount(p.Amount); ok && err == nil {
				matched++
			}
		}
		if len(page) < workflows.MatchPageSize {
			return matched
		}
		after = page[len(page)-1].Resident.IDNumber
	}
}
