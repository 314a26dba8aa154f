package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkLiveLatency connects 500 SSE subscribers to one case and times,
// for each decision, from the decision's API call to its event reaching
// each subscriber; it prints p50 and p99 (target p99 < 200 ms).
//
//	go test ./e2e -run '^$' -bench LiveLatency -benchtime 1x
func BenchmarkLiveLatency(b *testing.B) {
	const subscribers = 500
	s := startSystem(b)
	applicant := s.login("li-na")
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		b.Fatal(err)
	}
	reviewers := map[string]string{}
	for _, d := range []string{"samr", "fire", "greening", "water"} {
		reviewers[d] = s.login("reviewer-" + d)
	}
	var all []time.Duration
	for n := 0; n < b.N; n++ {
		id := s.must(201, s.call("POST", "/api/v1/cases", applicant, confirmed(b, form), "Idempotency-Key", fmt.Sprintf("live-bench-%d", n))).body["id"].(string)
		s.waitInbox(reviewers["samr"], taskID(id, "business-licence"))
		arrived := subscribeMany(b, s, "/api/v1/cases/"+id+"/events", applicant, subscribers)
		order := []struct{ item, dept string }{{"business-licence", "samr"}, {"food-licence", "samr"},
			{"fire-check", "fire"}, {"signage", "greening"}, {"drainage", "water"}}
		for i, step := range order {
			if i == 1 {
				s.waitInbox(reviewers["fire"], taskID(id, "fire-check"))
			}
			path := "/api/v1/tasks/" + taskID(id, step.item)
			s.must(200, s.call("POST", path+"/claim", reviewers[step.dept], nil))
			start := time.Now()
			s.must(200, s.call("POST", path+"/decision", reviewers[step.dept],
				map[string]string{"decision": "approve"}, "Idempotency-Key", "bench-"+step.item))
			all = append(all, arrived.wait(b, step.item, start, subscribers)...)
		}
		arrived.close()
	}
	slices.Sort(all)
	p := func(q float64) time.Duration { return all[int(float64(len(all)-1)*q)].Round(time.Millisecond / 10) }
	b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
	fmt.Printf("decision to event at %d SSE subscribers, %d deliveries: p50 %v, p99 %v\n", subscribers, len(all), p(0.5), p(0.99))
}

// arrivals records when each subscriber saw each decided item.
type arrivals struct {
	mu     sync.Mutex
	seen   map[string][]time.Time
	cancel context.CancelFunc
}

func subscribeMany(b *testing.B, s *system, path, token string, n int) *arrivals {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a := &arrivals{seen: map[string][]time.Time{}, cancel: cancel}
	var ready sync.WaitGroup
	ready.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", s.base+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil || resp.StatusCode != 200 {
				ready.Done()
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			readied := false
			for sc.Scan() {
				line := sc.Text()
				if !readied && strings.HasPrefix(line, "event: task_opened") {
					readied = true
					ready.Done()
				}
				if item, ok := decidedItem(line); ok {
					a.mu.Lock()
					a.seen[item] = append(a.seen[item], time.Now())
					a.mu.Unlock()
				}
			}
		}()
	}
	ready.Wait()
	return a
}

// decidedItem reads the item of a task_decided event's data line.
func decidedItem(line string) (string, bool) {
	if !strings.HasPrefix(line, "data: ") || !strings.Contains(line, `"type":"task_decided"`) {
		return "", false
	}
	_, rest, ok := strings.Cut(line, `"item":"`)
	if !ok {
		return "", false
	}
	item, _, _ := strings.Cut(rest, `"`)
	return item, true
}

func (a *arrivals) wait(b *testing.B, item string, start time.Time, n int) []time.Duration {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		a.mu.Lock()
		got := len(a.seen[item])
		a.mu.Unlock()
		if got >= n {
			break
		}
		time.Sleep(time.Millisecond)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.seen[item]) < n {
		b.Fatalf("%s reached %d of %d subscribers", item, len(a.seen[item]), n)
	}
	out := make([]time.Duration, 0, n)
	for _, t := range a.seen[item] {
		out = append(out, t.Sub(start))
	}
	return out
}

func (a *arrivals) close() { a.cancel() }
