package workflows_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"haoban"
	"haoban/app"
	"haoban/calendar"
	"haoban/servicehours"
	"haoban/workflows"
)

// helpClock plays the store for the HelpConversation workflow: one
// conversation, judged by app.CheckHelpClock on a service clock that is
// the workflow's clock plus an offset the test may move.
type helpClock struct {
	mu       sync.Mutex
	conv     haoban.Conversation
	cal      *calendar.Calendar
	now      func() time.Time
	offset   time.Duration
	alerts   []time.Time
	breaches []time.Time
}

func (h *helpClock) FindConversation(context.Context, string) (haoban.Conversation, error) {
	return h.conv, nil
}

func (h *helpClock) Calendar(context.Context) (*calendar.Calendar, error) { return h.cal, nil }

func (h *helpClock) AlertHelpers(_ context.Context, _ string, at time.Time) error {
	if h.conv.AlertedAt == nil {
		h.conv.AlertedAt = &at
		h.alerts = append(h.alerts, at)
	}
	return nil
}

func (h *helpClock) MarkBreached(_ context.Context, _ string, at time.Time) error {
	if h.conv.BreachedAt == nil {
		h.conv.BreachedAt = &at
		h.breaches = append(h.breaches, at)
	}
	return nil
}

func (h *helpClock) look(ctx context.Context, in workflows.HelpInput) (workflows.HelpState, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return app.CheckHelpClock(ctx, h, servicehours.Default, h.now().Add(h.offset), in.ID)
}

func runHelp(t *testing.T, created time.Time, people func(env *testsuite.TestWorkflowEnvironment, h *helpClock)) *helpClock {
	t.Helper()
	cal, err := calendar.BuiltinCalendar()
	if err != nil {
		t.Fatal(err)
	}
	h := &helpClock{cal: cal, conv: haoban.Conversation{ID: "c1", Status: haoban.ConversationWaiting, CreatedAt: created}}
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(created)
	h.now = env.Now
	env.RegisterWorkflowWithOptions(workflows.HelpConversation, workflow.RegisterOptions{Name: workflows.WorkflowHelpConversation})
	env.RegisterActivityWithOptions(h.look, activity.RegisterOptions{Name: workflows.ActivityHelpClock})
	if people != nil {
		people(env, h)
	}
	env.ExecuteWorkflow(workflows.WorkflowHelpConversation, workflows.HelpInput{ID: "c1"})
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	return h
}

func beijing(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, calendar.Zone)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestHelpUnansweredOverHoliday: asked at 16:59:30 on the Friday before
// 清明; the alert waits for 45 service seconds, on Tuesday at 09:00:15,
// and the breach for 60, at 09:00:30.
func TestHelpUnansweredOverHoliday(t *testing.T) {
	h := runHelp(t, beijing(t, "2026-04-03 16:59:30"), nil)
	if len(h.alerts) != 1 || !h.alerts[0].Equal(beijing(t, "2026-04-07 09:00:15")) {
		t.Errorf("alerts %v, want one on Tuesday at 09:00:15", h.alerts)
	}
	if len(h.breaches) != 1 || !h.breaches[0].Equal(beijing(t, "2026-04-07 09:00:30")) {
		t.Errorf("breaches %v, want one on Tuesday at 09:00:30", h.breaches)
	}
}

// TestHelpAnsweredInTime: a helper answers after 20 seconds; the reply's
// signal ends the clock with no alert.
func TestHelpAnsweredInTime(t *testing.T) {
	h := runHelp(t, beijing(t, "2026-04-08 10:00:00"), func(env *testsuite.TestWorkflowEnvironment, h *helpClock) {
		env.RegisterDelayedCallback(func() {
			h.mu.Lock()
			at, s := env.Now(), 20
			h.conv.FirstResponseAt, h.conv.FirstResponseSeconds, h.conv.Status = &at, &s, haoban.ConversationOpen
			h.mu.Unlock()
			env.SignalWorkflow(workflows.SignalHelpChanged, nil)
		}, 20*time.Second)
	})
	if len(h.alerts) != 0 || len(h.breaches) != 0 {
		t.Errorf("alerts %v, breaches %v; want none", h.alerts, h.breaches)
	}
}

// TestHelpClockMovedAndSignalled: the service clock moves 50 seconds on
// (a test, a worker catching up); told so, the workflow alerts at once
// rather than when its own timer fires.
func TestHelpClockMovedAndSignalled(t *testing.T) {
	created := beijing(t, "2026-04-08 10:00:00")
	h := runHelp(t, created, func(env *testsuite.TestWorkflowEnvironment, h *helpClock) {
		env.RegisterDelayedCallback(func() {
			h.mu.Lock()
			h.offset = 50 * time.Second
			h.mu.Unlock()
			env.SignalWorkflow(workflows.SignalHelpChanged, nil)
		}, time.Second)
	})
	if len(h.alerts) != 1 || !h.alerts[0].Equal(created.Add(51*time.Second)) {
		t.Errorf("alerts %v, want one at %s", h.alerts, created.Add(51*time.Second))
	}
	if len(h.breaches) != 1 {
		t.Errorf("breaches %v, want one", h.breaches)
	}
}
