package e2e_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/rules"
	"haoban/seed"
	"haoban/workflows"
)

// BenchmarkPolicyMatch times a matching run of each demo policy over
// generated residents and enterprises end to end (API, Temporal workflow,
// pages of workflows.MatchPageSize read in chunks of app.MatchChunk,
// matches inserted), beside a bare Go loop reading the same rows with the
// same query, chunk by chunk, and evaluating the same compiled
// expressions, inserting nothing. It prints, per policy and in total,
// records per second of each, the run's time and the ratio. Target: at
// least 0.5 of the bare rate. HAOBAN_MATCH_RESIDENTS and
// HAOBAN_MATCH_ENTERPRISES set the population (default 100,000 and
// 20,000; the figures are 1,000,000 and 200,000).
//
//	go test ./e2e -run '^$' -bench PolicyMatch -benchtime 1x
func BenchmarkPolicyMatch(b *testing.B) {
	residents, enterprises := envSize("HAOBAN_MATCH_RESIDENTS", 100_000), envSize("HAOBAN_MATCH_ENTERPRISES", 20_000)
	s := startSystem(b)
	ctx := context.Background()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(at)
	start := time.Now()
	if err := seed.Load(ctx, s.store.Pool(), seed.Sizes{Residents: residents, Enterprises: enterprises}); err != nil {
		b.Fatal(err)
	}
	seeded := time.Since(start)
	rows := map[haoban.Audience]int{}
	for kind, table := range map[haoban.Audience]string{haoban.ForPersons: "residents", haoban.ForEnterprises: "enterprises"} {
		var n int
		if err := s.store.Pool().QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			b.Fatal(err)
		}
		rows[kind] = n
	}
	fmt.Printf("政策匹配：居民 %d、企业 %d（生成用时 %.1f s）\n", rows[haoban.ForPersons], rows[haoban.ForEnterprises], seeded.Seconds())
	admin := s.login("catalogue-admin")
	e := s.reviewer.Engine
	b.ResetTimer()
	var records int
	var took, base time.Duration
	for _, p := range demo.Policies() {
		if !app.Matchable(e, p) {
			fmt.Printf("  不能自动匹配：条件读取了没有登记库持有的数据，由申请途径办理  %s\n", p.Name)
			continue
		}
		var run, bare time.Duration
		var matched, bareMatched int
		for range b.N {
			// Each run matches everyone again, as the first of a period does.
			if _, err := s.store.Pool().Exec(ctx, `DELETE FROM policy_matches WHERE policy = $1`, p.Code); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			s.must(200, s.call("POST", "/api/v1/admin/policies/"+p.Code+"/match?record_only=true", admin, nil))
			if err := s.temporal.GetWorkflow(ctx, workflows.MatchWorkflowID(p.Code, p.Period()), "").Get(ctx, nil); err != nil {
				b.Fatal(err)
			}
			run += time.Since(start)
			err := s.store.Pool().QueryRow(ctx, `SELECT count(*) FROM policy_matches WHERE policy = $1`, p.Code).Scan(&matched)
			if err != nil {
				b.Fatal(err)
			}

			start = time.Now()
			bareMatched = bareMatch(b, s, e, p, at)
			bare += time.Since(start)
		}
		if matched != bareMatched {
			b.Fatalf("%s: the run matched %d, the bare loop %d", p.Code, matched, bareMatched)
		}
		n := rows[p.For] * b.N
		fmt.Printf("  %8d 条  用时 %6.1f s  每秒 %7.0f 条  裸循环每秒 %7.0f 条  比值 %.2f  匹配 %7d  %s\n", rows[p.For],
			run.Seconds()/float64(b.N), perSecond(n, run), perSecond(n, bare), bare.Seconds()/run.Seconds(), matched, p.Name)
		records, took, base = records+n, took+run, base+bare
	}
	fmt.Printf("  %8d 条  用时 %6.1f s  每秒 %7.0f 条  裸循环每秒 %7.0f 条  比值 %.2f  合计\n", records/b.N,
		took.Seconds()/float64(b.N), perSecond(records, took), perSecond(records, base), base.Seconds()/took.Seconds())
}

func envSize(name string, fallback int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return fallback
}

func perSecond(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }

// bareMatch reads every resident's or enterprise's facts in the run's
// chunks and evaluates the policy's compiled conditions and amount,
// inserting nothing.
func bareMatch(b *testing.B, s *system, e *rules.Engine, p haoban.Policy, at time.Time) int {
	ctx := context.Background()
	matched, after := 0, ""
	for {
		var inputs []rules.Input
		switch p.For {
		case haoban.ForPersons:
			page, err := s.store.PersonFactsPage(ctx, after, app.MatchChunk)
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range page {
				inputs = append(inputs, rules.Input{Applicant: map[string]any{"id_number": f.Resident.IDNumber}, Sources: f.Sources(), Today: at})
				after = f.Resident.IDNumber
			}
		case haoban.ForEnterprises:
			page, err := s.store.EnterpriseFactsPage(ctx, after, app.MatchChunk)
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range page {
				inputs = append(inputs, rules.Input{Applicant: map[string]any{"uscc": f.Enterprise.USCC}, Sources: f.Sources(), Today: at})
				after = f.Enterprise.USCC
			}
		}
		for _, in := range inputs {
			facts := e.Facts(in)
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
		if len(inputs) < app.MatchChunk {
			return matched
		}
	}
}
