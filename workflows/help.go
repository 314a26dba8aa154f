package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// The help conversation's first-response clock (issue 18): one workflow
// per conversation, from its creation until a helper answers or the
// target has passed.
const (
	WorkflowHelpConversation = "HelpConversation"
	ActivityHelpClock        = "HelpClock"
	SignalHelpChanged        = "help-changed"
)

// HelpInput starts a conversation's clock.
type HelpInput struct {
	ID string
}

// HelpWorkflowID is the workflow of a conversation.
func HelpWorkflowID(id string) string { return "help:" + id }

// HelpState is the conversation's clock after the activity looked at it by
// the service's clock: Done once answered, ended or past the target; Wait
// is the next instant to look again (the alert, then the target), Now the
// service clock's now, which the timer is measured from.
type HelpState struct {
	Done bool
	Wait time.Time
	Now  time.Time
}

// HelpConversation waits for the 45-second alert and the 60-second target
// of a conversation, counted in service seconds. The activity judges the
// time by the service's clock, so a test or a late worker that moves the
// clock and signals SignalHelpChanged sees the alert sent; a reply also
// signals, which ends the workflow.
func HelpConversation(ctx workflow.Context, in HelpInput) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	changed := workflow.GetSignalChannel(ctx, SignalHelpChanged)
	for {
		var st HelpState
		if err := workflow.ExecuteActivity(ctx, ActivityHelpClock, in).Get(ctx, &st); err != nil {
			return err
		}
		if st.Done {
			return nil
		}
		waitHelp(ctx, changed, st)
	}
}

// waitHelp returns on a signal or when the instant the clock waits for
// has come.
func waitHelp(ctx workflow.Context, changed workflow.ReceiveChannel, st HelpState) {
	s := workflow.NewSelector(ctx)
	s.AddReceive(changed, func(c workflow.ReceiveChannel, _ bool) {
		c.Receive(ctx, nil)
		for c.ReceiveAsync(nil) {
			// One look serves every signal received meanwhile.
		}
	})
	tctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	d := st.Wait.Sub(st.Now)
	if d < time.Second {
		d = time.Second
	}
	s.AddFuture(workflow.NewTimer(tctx, d), func(workflow.Future) {})
	s.Select(ctx)
}

// StartHelp starts a conversation's clock; starting it again is not an error.
func (c *Client) StartHelp(ctx context.Context, id string) error {
	return c.startOnce(ctx, HelpWorkflowID(id), WorkflowHelpConversation, HelpInput{ID: id})
}

// HelpChanged tells a conversation's clock to look again; a finished clock
// has nothing left to do.
func (c *Client) HelpChanged(ctx context.Context, id string) error {
	return c.signalIfRunning(ctx, HelpWorkflowID(id), SignalHelpChanged)
}
