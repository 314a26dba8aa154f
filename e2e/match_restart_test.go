package e2e_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
	"haoban/seed"
	"haoban/workflows"
)

// TestPolicyMatchWorkerRestart stops the worker in the middle of a
// matching run of small pages and starts another: the run resumes from
// its cursor, reads every resident once and matches each qualifying one
// once. It takes about half a minute: tasks handed to the stopping
// worker's pollers are lost, and Temporal hands them out again only when
// their timeouts pass.
func TestPolicyMatchWorkerRestart(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(at)
	if err := seed.Load(ctx, s.store.Pool(), seed.Sizes{Residents: 10_000, Enterprises: 10}); err != nil {
		t.Fatal(err)
	}
	p := demo.Policies()[0]
	want := qualifying(t, s, p, at)
	run := haoban.PolicyRun{ID: "restart-run", Policy: p.Code, Version: 1, Period: p.Period(), StartedAt: at}
	if err := s.store.StartPolicyRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	err := workflows.NewClient(s.temporal).StartMatch(ctx, workflows.MatchInput{RunID: run.ID, Policy: p.Code, Version: 1,
		Period: run.Period, At: at, PageSize: 100, Pages: 4})
	if err != nil {
		t.Fatal(err)
	}
	untilWorkflowEvent(t, s, workflows.MatchWorkflowID(p.Code, run.Period), "the run reads 1,000 residents", 30*time.Second, func() bool {
		r, err := s.store.FindPolicyRun(ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		return r.Read >= 1000
	})
	s.stopWorker()
	stopped, err := s.store.FindPolicyRun(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !stopped.FinishedAt.IsZero() {
		t.Fatal("the run finished before the worker stopped: the test proves nothing")
	}
	s.startWorker()
	if err := s.temporal.GetWorkflow(ctx, workflows.MatchWorkflowID(p.Code, run.Period), "").Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var residents int64
	if err := s.store.Pool().QueryRow(ctx, `SELECT count(*) FROM residents`).Scan(&residents); err != nil {
		t.Fatal(err)
	}
	done, err := s.store.FindPolicyRun(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.Read != residents || done.Matched != int64(len(want)) || done.FinishedAt.IsZero() {
		t.Fatalf("after the restart (stopped at %d read): %+v, want %d read and %d matched once each",
			stopped.Read, done, residents, len(want))
	}
}
