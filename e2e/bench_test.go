package e2e_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// BenchmarkThroughput runs b.N open-restaurant cases through the whole
// system (HTTP API, Casbin, PostgreSQL projections, the Case workflow) and
// b.N bare workflows with the same number of activities and updates on the
// same Temporal server, and reports both rates and their ratio.
//
//	make bench    (go test ./e2e -run '^$' -bench Throughput -benchtime 60x)
func BenchmarkThroughput(b *testing.B) {
	const concurrency = 8
	s := startSystem(b)
	bare := sdkworker.New(s.temporal, "bare", sdkworker.Options{})
	bare.RegisterWorkflowWithOptions(bareCase, workflow.RegisterOptions{Name: "BareCase"})
	bare.RegisterActivityWithOptions(func(context.Context) error { return nil }, activity.RegisterOptions{Name: "BareNoop"})
	if err := bare.Start(); err != nil {
		b.Fatal(err)
	}
	defer bare.Stop()
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		b.Fatal(err)
	}
	tokens := map[string]string{"applicant": s.login("li-na")}
	for _, d := range []string{"samr", "fire", "greening", "water"} {
		tokens[d] = s.login("reviewer-" + d)
	}
	b.ResetTimer()
	ours := rate(b.N, concurrency, func(i int) { s.runCase(tokens, form, fmt.Sprintf("bench-%d-%d", b.N, i)) })
	bareRate := rate(b.N, concurrency, func(i int) { runBare(b, s.temporal, fmt.Sprintf("bare-%d-%d-%d", b.N, i, time.Now().UnixNano())) })
	b.StopTimer()
	b.ReportMetric(ours, "cases/s")
	b.ReportMetric(bareRate, "bare-cases/s")
	b.ReportMetric(ours/bareRate, "ratio")
	fmt.Printf("throughput over %d cases, %d at a time: haoban %.2f cases/s, bare Temporal %.2f cases/s, ratio %.2f\n",
		b.N, concurrency, ours, bareRate, ours/bareRate)
}

// rate runs n jobs, c at a time, and returns jobs per second.
func rate(n, c int, job func(i int)) float64 {
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				job(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return float64(n) / time.Since(start).Seconds()
}

// runCase takes one case from submission to approval through the API: the
// reviewers watch their inboxes, the applicant watches the case at the end.
func (s *system) runCase(tokens map[string]string, form []byte, key string) {
	created := s.must(201, s.call("POST", "/api/v1/cases", tokens["applicant"], form, "Idempotency-Key", key))
	id := created.body["id"].(string)
	s.waitInbox(tokens["samr"], taskID(id, "business-licence"))
	s.approve(tokens["samr"], id, "business-licence")
	items := map[string]string{"food-licence": "samr", "fire-check": "fire", "signage": "greening", "drainage": "water"}
	// The four open in one transaction: once one is in its inbox, all are.
	s.waitInbox(tokens["fire"], taskID(id, "fire-check"))
	for item, dept := range items {
		s.approve(tokens[dept], id, item)
	}
	s.waitCase(tokens["applicant"], id, "completion", func(c map[string]any) bool { return c["status"] == "completed" })
}

// waitInbox polls a reviewer's inbox, as a reviewer waiting for work does,
// until the task is in it.
func (s *system) waitInbox(token, task string) {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		r := s.must(200, s.call("GET", "/api/v1/tasks?status=open", token, nil))
		for _, t := range r.body["tasks"].([]any) {
			if t.(map[string]any)["id"] == task {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.t.Fatalf("task %s did not reach the inbox in 30s", task)
}

// bareCase has the Case workflow's shape without its logic or its store:
// four activities of its own (accept, open the first item, open the rest,
// complete) and one activity per claim and per decision.
func bareCase(ctx workflow.Context, items int) error {
	noop := func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
		return workflow.ExecuteActivity(ctx, "BareNoop").Get(ctx, nil)
	}
	decided := 0
	if err := workflow.SetUpdateHandler(ctx, "claim", func(ctx workflow.Context, _ string) error { return noop(ctx) }); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandler(ctx, "decide", func(ctx workflow.Context, _ string) error {
		decided++
		return noop(ctx)
	}); err != nil {
		return err
	}
	for _, wait := range []int{0, 0, 1, items} {
		if err := workflow.Await(ctx, func() bool { return decided >= wait }); err != nil {
			return err
		}
		if err := noop(ctx); err != nil {
			return err
		}
	}
	return workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
}

func runBare(b *testing.B, c client.Client, id string) {
	ctx := context.Background()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: "bare"}, "BareCase", 5)
	if err != nil {
		b.Fatal(err)
	}
	for _, item := range []string{"business-licence", "food-licence", "fire-check", "signage", "drainage"} {
		for _, name := range []string{"claim", "decide"} {
			h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: name,
				Args: []any{item}, WaitForStage: client.WorkflowUpdateStageCompleted})
			if err == nil {
				err = h.Get(ctx, nil)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := run.Get(ctx, nil); err != nil {
		b.Fatal(err)
	}
}
