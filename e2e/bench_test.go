package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"haoban/document"
	"haoban/issuing"
)

// BenchmarkThroughput runs b.N open-restaurant cases through the whole
// system (HTTP API, Casbin, PostgreSQL projections, the Case workflow) and
// b.N bare workflows with the same number of activities and updates on the
// same Temporal server, and reports both rates and their ratio. Both seal
// the licence and decision of every approved item: that work is the
// product, not orchestration, and it is benchmarked on its own in
// issuing; here it weighs the same on both sides.
//
//	make bench    (go test ./e2e -run '^$' -bench Throughput -benchtime 60x)
func BenchmarkThroughput(b *testing.B) {
	const concurrency = 8
	s := startSystem(b)
	bare := sdkworker.New(s.temporal, "bare", sdkworker.Options{})
	bare.RegisterWorkflowWithOptions(bareCase, workflow.RegisterOptions{Name: "BareCase"})
	bare.RegisterActivityWithOptions(func(context.Context) error { return nil }, activity.RegisterOptions{Name: "BareNoop"})
	bare.RegisterActivityWithOptions(func(ctx context.Context, item string) error {
		return bareSeal(ctx, s.issuer, item)
	}, activity.RegisterOptions{Name: "BareSeal"})
	if err := bare.Start(); err != nil {
		b.Fatal(err)
	}
	defer bare.Stop()
	raw, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		b.Fatal(err)
	}
	form := confirmed(b, raw) // every case is the same restaurant's
	tokens := map[string]string{"applicant": s.login("li-na")}
	for _, d := range []string{"samr", "fire", "greening", "water"} {
		tokens[d] = s.login("reviewer-" + d)
	}
	// Reviewers watch their live feeds for new tasks, as the inbox page does.
	samr, fire := s.watchOpenings(b, tokens["samr"]), s.watchOpenings(b, tokens["fire"])
	b.ResetTimer()
	ours := rate(b.N, concurrency, func(i int) { s.runCase(tokens, form, fmt.Sprintf("bench-%d-%d", b.N, i), samr, fire) })
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
// reviewers learn of new tasks from their live feeds, the applicant
// watches the case at the end.
func (s *system) runCase(tokens map[string]string, form map[string]any, key string, samr, fire *openings) {
	created := s.must(201, s.call("POST", "/api/v1/cases", tokens["applicant"], form, "Idempotency-Key", key))
	id := created.body["id"].(string)
	samr.wait(s.t, taskID(id, "business-licence"))
	s.approve(tokens["samr"], id, "business-licence")
	items := map[string]string{"food-licence": "samr", "fire-check": "fire", "signage": "greening", "drainage": "water"}
	// The four open in one transaction: once one is announced, all are open.
	fire.wait(s.t, taskID(id, "fire-check"))
	for item, dept := range items {
		s.approve(tokens[dept], id, item)
	}
	s.waitCase(tokens["applicant"], id, "completion", func(c map[string]any) bool { return c["status"] == "completed" })
}

// openings follows a reviewer's live feed and tells which tasks opened.
type openings struct {
	mu      sync.Mutex
	opened  map[string]bool
	changed chan struct{}
}

// watchOpenings subscribes to the reviewer's feed for the rest of the run.
func (s *system) watchOpenings(tb testing.TB, token string) *openings {
	tb.Helper()
	o := &openings{opened: map[string]bool{}, changed: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", s.base+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		tb.Fatalf("open the feed: %v", err)
	}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			line := sc.Text()
			if !strings.HasPrefix(line, "data: ") || !strings.Contains(line, `"type":"task_opened"`) {
				continue
			}
			_, rest, _ := strings.Cut(line, `"task":"`)
			task, _, _ := strings.Cut(rest, `"`)
			o.mu.Lock()
			o.opened[task] = true
			o.mu.Unlock()
			select {
			case o.changed <- struct{}{}:
			default:
			}
		}
	}()
	return o
}

// wait returns once the task has opened.
func (o *openings) wait(tb testing.TB, task string) {
	deadline := time.After(30 * time.Second)
	for {
		o.mu.Lock()
		done := o.opened[task]
		o.mu.Unlock()
		if done {
			return
		}
		select {
		case <-o.changed:
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			tb.Fatalf("task %s did not open in 30s", task)
		}
	}
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
// seven activities of its own (accept, pre-review and its projection,
// check the prefill, open the first item, open the rest, complete), one
// activity per claim and per decision, and per approved item the sealing
// and its projection. Its "opened" query says how many opening steps have run, so
// that the driver claims an item only once it is open, as reviewers must
// in the real workflow.
func bareCase(ctx workflow.Context, items int) error {
	noop := func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
		return workflow.ExecuteActivity(ctx, "BareNoop").Get(ctx, nil)
	}
	decided, opened, sealed := 0, 0, 0
	var approved []string
	if err := workflow.SetQueryHandler(ctx, "opened", func() (int, error) { return opened, nil }); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandler(ctx, "claim", func(ctx workflow.Context, _ string) error { return noop(ctx) }); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandler(ctx, "decide", func(ctx workflow.Context, item string) error {
		decided++
		approved = append(approved, item)
		return noop(ctx)
	}); err != nil {
		return err
	}
	// Each approved item is sealed beside the reviews, as the Case workflow does.
	workflow.Go(ctx, func(ctx workflow.Context) {
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute})
		for ; sealed < items; sealed++ {
			_ = workflow.Await(ctx, func() bool { return len(approved) > sealed })
			_ = workflow.ExecuteActivity(actx, "BareSeal", approved[sealed]).Get(ctx, nil)
			_ = noop(ctx)
		}
	})
	for step, wait := range []int{0, 0, 0, 0, 0, 1, items} {
		if err := workflow.Await(ctx, func() bool { return decided >= wait }); err != nil {
			return err
		}
		if err := noop(ctx); err != nil {
			return err
		}
		if step == 4 || step == 5 {
			opened++
		}
	}
	return workflow.Await(ctx, func() bool { return sealed == items && workflow.AllHandlersFinished(ctx) })
}

// bareDepartments are the departments that seal each open-restaurant item.
var bareDepartments = map[string]string{"business-licence": "samr", "food-licence": "samr", "fire-check": "fire",
	"signage": "greening", "drainage": "water"}

// bareSeal renders and signs an item's licence and decision, recording nothing.
func bareSeal(ctx context.Context, issuer *issuing.Issuer, item string) error {
	for _, kind := range []document.Kind{document.KindLicence, document.KindDecision} {
		page := document.Licence{ID: "bare-" + item, Kind: kind, TypeName: item, Number: "BARE-" + item,
			HolderName: "上海好味餐饮有限公司", HolderCode: "91310115MA1K4ABCDD", ValidFrom: time.Now(), IssuedAt: time.Now(),
			VerifyURL: "http://haoban.test/verify/bare", Fields: []document.Field{{Label: "经营场所", Value: "上海市浦东新区张杨路500号1层"}}}
		if err := issuer.SignPage(ctx, bareDepartments[item], page); err != nil {
			return err
		}
	}
	return nil
}

func runBare(b *testing.B, c client.Client, id string) {
	ctx := context.Background()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: "bare"}, "BareCase", 5)
	if err != nil {
		b.Fatal(err)
	}
	for i, item := range []string{"business-licence", "food-licence", "fire-check", "signage", "drainage"} {
		if i <= 1 {
			waitOpened(b, c, id, i+1)
		}
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

// waitOpened polls the bare workflow until n opening steps have run.
func waitOpened(b *testing.B, c client.Client, id string, n int) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		v, err := c.QueryWorkflow(context.Background(), id, "", "opened")
		var got int
		if err == nil && v.Get(&got) == nil && got >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	b.Fatalf("bare workflow %s did not open %d steps", id, n)
}
