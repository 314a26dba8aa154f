package e2e_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"haoban"
	"haoban/calendar"
	"haoban/workflows"
)

// TestAlarmsSurviveWorkerRestart: the worker stops while an escalation
// timer is pending; the timer fires on the Temporal server meanwhile; a new
// worker sends the escalation once, and nothing already sent is sent again.
//
// Deadlines run in working days, so the system's clock is set to eight
// seconds before the business licence's one-day limit ends: its last-day
// reminder falls due as it opens, the escalation eight seconds later.
func TestAlarmsSurviveWorkerRestart(t *testing.T) {
	s := startSystem(t)
	id := s.caseOpenedBeforeExpiry(t, 8*time.Second)
	applicant, sup := s.login("li-na"), s.login("supervisor") // signed in at the system's time
	// The worker stops once the workflow has armed its timer, not while it
	// is still recording the reminder.
	s.waitSettled(t, id)
	s.stopWorker()
	s.waitHistory(t, id, "the escalation timer fires with no worker running", func(events []enumspb.EventType) bool {
		return countOf(events, enumspb.EVENT_TYPE_TIMER_FIRED) >= 1
	})
	if c := s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body; countEvents(c, "escalated") != 0 {
		t.Fatal("escalated with no worker running")
	}
	s.startWorker()
	s.waitCase(applicant, id, "the escalation", func(c map[string]any) bool { return countEvents(c, "escalated") == 1 })
	s.waitSettled(t, id)
	c := s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body
	if r, e := countEvents(c, "reminder"), countEvents(c, "escalated"); r != 1 || e != 1 {
		t.Fatalf("after the restart: %d reminders, %d escalations; want 1 and 1", r, e)
	}
	if n := s.activityCount(t, id, workflows.ActivityNotify); n != 2 {
		t.Fatalf("the workflow sent %d alarms; want the reminder and the escalation once each", n)
	}
	inbox := s.must(200, s.call("GET", "/api/v1/notifications", sup, nil)).body["notifications"].([]any)
	if len(inbox) != 1 || inbox[0].(map[string]any)["kind"] != "expired" {
		t.Fatalf("supervisor's inbox = %v, want one escalation", inbox)
	}
	var samrInbox []any // besides the new task in the pool (new_task)
	for _, n := range s.must(200, s.call("GET", "/api/v1/notifications", s.login("reviewer-samr"), nil)).body["notifications"].([]any) {
		if n.(map[string]any)["kind"] != string(haoban.KindNewTask) {
			samrInbox = append(samrInbox, n)
		}
	}
	if len(samrInbox) != 1 || samrInbox[0].(map[string]any)["kind"] != "reminder:1d" {
		t.Fatalf("samr reviewer's inbox = %v, want the last-day reminder once", samrInbox)
	}
}

// caseOpenedBeforeExpiry submits an open-restaurant case with the system's
// clock set so that the business licence's one-day limit ends `left` after
// its task opens, and returns it once the last-day reminder is sent. The
// limit counts from the day the task opens in Beijing: should midnight
// pass between setting the clock and the opening, the case is withdrawn
// and another one submitted.
func (s *system) caseOpenedBeforeExpiry(t *testing.T, left time.Duration) string {
	t.Helper()
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		t.Fatal(err)
	}
	for attempt := 1; attempt <= 2; attempt++ {
		day := time.Now()
		s.clock.Set(s.expiry(t, day, 1).Add(-left))
		applicant := s.login("li-na")
		id := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", fmt.Sprintf("expiry-%d", attempt))).body["id"].(string)
		c := s.waitCase(applicant, id, "the last-day reminder", func(c map[string]any) bool { return countEvents(c, "reminder") == 1 })
		if haoban.DateOf(openedAt(t, c, "business-licence")).Equal(haoban.DateOf(day)) {
			return id
		}
		s.must(200, s.call("POST", "/api/v1/cases/"+id+"/withdraw", applicant, map[string]string{"reason": "测试：跨过了午夜"}))
	}
	t.Fatal("the task opened on another day twice")
	return ""
}

// expiry is the instant a limit of days working days, started on day's
// date in Beijing, runs out: the end of its last day.
func (s *system) expiry(t *testing.T, day time.Time, days int) time.Time {
	t.Helper()
	cal, err := s.store.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	due, err := cal.AddWorkingDays(day, days)
	if err != nil {
		t.Fatal(err)
	}
	return calendar.EndOfDay(due)
}

func openedAt(t *testing.T, c map[string]any, item string) time.Time {
	t.Helper()
	for _, task := range c["tasks"].([]any) {
		task := task.(map[string]any)
		if task["item"] != item {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, fmt.Sprint(task["opened_at"]))
		if err != nil {
			t.Fatalf("task %s opened at %v: %v", item, task["opened_at"], err)
		}
		return at
	}
	t.Fatalf("no task %s", item)
	return time.Time{}
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
