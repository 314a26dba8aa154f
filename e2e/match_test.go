package e2e_test

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/rules"
	"haoban/seed"
	"haoban/worker"
	"haoban/workflows"
)

// TestPolicyMatchRun matches the newborn subsidy over the demo and a few
// hundred generated residents through the API and the real Temporal: the
// matches are exactly the residents the self-check's evaluation qualifies,
// a second run of the period adds nobody, only the catalogue admin may
// start a run, and a policy no registry can decide is refused.
func TestPolicyMatchRun(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(at)
	if err := seed.Load(ctx, s.store.Pool(), seed.Sizes{Residents: 400, Enterprises: 20}); err != nil {
		t.Fatal(err)
	}
	p := demo.Policies()[0]
	want := qualifying(t, s, p, at)
	if len(want) < 10 {
		t.Fatalf("only %d residents qualify: the test would prove little", len(want))
	}

	path := "/api/v1/admin/policies/" + p.Code
	admin := s.login("catalogue-admin")
	s.must(403, s.call("POST", path+"/match", s.login("admin"), nil))
	s.must(403, s.call("POST", path+"/match", s.login("zhang-wei"), nil))
	s.must(403, s.call("GET", path+"/matches", s.login("reviewer-samr"), nil))
	s.must(422, s.call("POST", "/api/v1/admin/policies/skills-upgrade-subsidy/match", admin, nil))

	for round := 1; round <= 2; round++ {
		run := s.must(200, s.call("POST", path+"/match", admin, nil)).body
		// The workflow's result follows its continued runs to the end.
		if err := s.temporal.GetWorkflow(ctx, workflows.MatchWorkflowID(p.Code, p.Period()), "").Get(ctx, nil); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		done := s.must(200, s.call("GET", fmt.Sprintf("%s/runs/%s", path, run["id"]), admin, nil)).body
		wantNew := float64(len(want))
		if round == 2 {
			wantNew = 0
		}
		if done["matched"] != wantNew || done["finished_at"] == nil {
			t.Fatalf("round %d recorded %v, want %v new matches and finished", round, done, wantNew)
		}
	}

	var got []string
	cursor := ""
	for {
		page := s.must(200, s.call("GET", path+"/matches?limit=50&cursor="+cursor, admin, nil)).body
		for _, m := range page["matches"].([]any) {
			got = append(got, m.(map[string]any)["beneficiary"].(string))
		}
		if cursor, _ = page["next_cursor"].(string); cursor == "" {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("matched %d beneficiaries, want the %d the self-check qualifies", len(got), len(want))
	}
}

// qualifying evaluates the policy on each resident read one at a time, as
// the self-check does, and returns the ID numbers that qualify, sorted.
func qualifying(t *testing.T, s *system, p haoban.Policy, at time.Time) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	if err := s.store.Pool().QueryRow(ctx, `SELECT array_agg(id_number ORDER BY id_number) FROM residents`).Scan(&ids); err != nil {
		t.Fatal(err)
	}
	e := s.reviewer.Engine
	var out []string
	for _, id := range ids {
		f, err := s.store.PersonFacts(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		facts := e.Facts(rules.Input{Applicant: map[string]any{"id_number": id}, Sources: f.Sources(), Today: at})
		if app.DecidePolicy(e, p, facts, f.Resident.Name).Qualifies {
			out = append(out, id)
		}
	}
	return out
}

// TestPolicyMatchDaily creates the daily schedule (twice: the second
// keeps the first) and runs what it starts: every matchable demo policy
// is matched, and the newborn subsidy finds the residents the self-check
// qualifies.
func TestPolicyMatchDaily(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(at)
	if err := seed.Load(ctx, s.store.Pool(), seed.Sizes{Residents: 200, Enterprises: 40}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := worker.EnsureMatchSchedule(ctx, s.temporal); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.temporal.ScheduleClient().GetHandle(ctx, workflows.MatchScheduleID).Describe(ctx); err != nil {
		t.Fatal(err)
	}
	// The schedule's action, started by hand rather than waiting for 02:00.
	daily, err := s.temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "match-daily-test",
		TaskQueue: workflows.TaskQueue}, workflows.WorkflowMatchDaily)
	if err != nil {
		t.Fatal(err)
	}
	if err := daily.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var matchable []string
	for _, p := range demo.Policies() {
		if p.Route.Text != "" {
			continue // reads a fact no registry holds
		}
		matchable = append(matchable, p.Code)
		if err := s.temporal.GetWorkflow(ctx, workflows.MatchWorkflowID(p.Code, p.Period()), "").Get(ctx, nil); err != nil {
			t.Fatalf("%s: %v", p.Code, err)
		}
	}
	var runs []string
	if err := s.store.Pool().QueryRow(ctx, `SELECT array_agg(policy ORDER BY policy) FROM policy_runs
		WHERE finished_at IS NOT NULL`).Scan(&runs); err != nil {
		t.Fatal(err)
	}
	slices.Sort(matchable)
	if !slices.Equal(runs, matchable) {
		t.Fatalf("finished runs of %q, want %q", runs, matchable)
	}
	p := demo.Policies()[0]
	want := qualifying(t, s, p, at)
	var got int
	if err := s.store.Pool().QueryRow(ctx, `SELECT count(*) FROM policy_matches WHERE policy = $1`, p.Code).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != len(want) || got == 0 {
		t.Errorf("%d newborn matches, want %d", got, len(want))
	}
}
