package e2e_test

import (
	"context"
	"os"
	"testing"
	"time"

	"haoban/calendar"
)

// TestAlarmsSurviveWorkerRestart: the worker stops while an escalation
// timer is pending; the timer fires on the Temporal server meanwhile; a new
// worker sends the escalation once, and nothing already sent is sent again.
//
// Deadlines run in working days, so the planner's clock is shifted to eight
// seconds before the business licence's expiry (a one-day limit): its
// last-day reminder falls due at once, the escalation seconds later.
func TestAlarmsSurviveWorkerRestart(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	cal, err := s.store.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	due, err := cal.AddWorkingDays(time.Now(), 1) // the business licence's promised limit
	if err != nil {
		t.Fatal(err)
	}
	shift := time.Until(calendar.EndOfDay(due)) - 8*time.Second
	s.stopWorker()
	s.startWorker(shift)

	applicant, sup := s.login("li-na"), s.login("supervisor")
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		t.Fatal(err)
	}
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", "restart-1")).body["id"].(string)
	s.waitCase(applicant, id, "the last-day reminder", func(c map[string]any) bool { return countEvents(c, "reminder") == 1 })
	s.stopWorker()
	stoppedAt := time.Now()
	time.Sleep(10 * time.Second) // the escalation timer fires while no worker runs
	if c := s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body; countEvents(c, "escalated") != 0 {
		t.Fatalf("escalated with no worker running (stopped at %v)", stoppedAt.UTC())
	}
	s.startWorker(shift)
	c := s.waitCase(applicant, id, "the escalation", func(c map[string]any) bool { return countEvents(c, "escalated") == 1 })
	time.Sleep(2 * time.Second) // long enough for a duplicate to show
	c = s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body
	if r, e := countEvents(c, "reminder"), countEvents(c, "escalated"); r != 1 || e != 1 {
		t.Fatalf("after the restart: %d reminders, %d escalations; want 1 and 1", r, e)
	}
	inbox := s.must(200, s.call("GET", "/api/v1/notifications", sup, nil)).body["notifications"].([]any)
	if len(inbox) != 1 || inbox[0].(map[string]any)["kind"] != "expired" {
		t.Fatalf("supervisor's inbox = %v, want one escalation", inbox)
	}
	samrInbox := s.must(200, s.call("GET", "/api/v1/notifications", s.login("reviewer-samr"), nil)).body["notifications"].([]any)
	if len(samrInbox) != 1 || samrInbox[0].(map[string]any)["kind"] != "reminder:1d" {
		t.Fatalf("samr reviewer's inbox = %v, want the last-day reminder once", samrInbox)
	}
}

func countEvents(c map[string]any, typ string) int {
	n := 0
	for _, e := range c["events"].([]any) {
		if e.(map[string]any)["type"] == typ {
			n++
		}
	}
	return n
}
