package workflows

import (
	"context"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// Delivering a policy period's matches: each undelivered match gets its
// benefit case's workflow, a page at a time.
const (
	WorkflowDeliverMatches = "DeliverMatches"
	ActivityDeliverPage    = "DeliverPage"
	// SignalDeliverMore tells a running delivery that another run recorded
	// matches of its period after it may have read its last page.
	SignalDeliverMore = "deliver-more"
)

// DeliverPageSize matches are started per activity, and a delivery
// continues as new every DeliverPagesPerRun pages.
const (
	DeliverPageSize    = 200
	DeliverPagesPerRun = 20
)

// DeliverInput names the policy period whose matches to deliver.
type DeliverInput struct {
	Policy string
	Period string
}

// DeliverPageResult says how many cases a page started; fewer than the
// page size means none is left.
type DeliverPageResult struct {
	Started int
}

// DeliverWorkflowID is a policy period's delivery: one at a time.
func DeliverWorkflowID(policy, period string) string { return "deliver:" + policy + ":" + period }

// DeliverMatches starts the benefit case of every match of the period not
// delivered yet. A restart finds the delivered ones marked; a case started
// twice is the same workflow.
func DeliverMatches(ctx workflow.Context, in DeliverInput) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 2 * time.Minute,
		HeartbeatTimeout:    20 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	more := workflow.GetSignalChannel(ctx, SignalDeliverMore)
	for range DeliverPagesPerRun {
		var res DeliverPageResult
		if err := workflow.ExecuteActivity(ctx, ActivityDeliverPage, in).Get(ctx, &res); err != nil {
			return err
		}
		if res.Started < DeliverPageSize && !drain(more) {
			return nil
		}
	}
	// A signal not received before continuing as new would be lost; the
	// next run reads every undelivered match anyway.
	drain(more)
	return workflow.NewContinueAsNewError(ctx, WorkflowDeliverMatches, in)
}

// drain receives every signal waiting on c and reports whether there was any.
func drain(c workflow.ReceiveChannel) bool {
	got := false
	for c.ReceiveAsync(nil) {
		got = true
	}
	return got
}

// startDelivery starts the period's delivery as a child that outlives the
// matching run, so the run ends when its matches are recorded. A delivery
// already running is told to look again, since it may have read its last
// page before this run's matches were recorded; one that ended meanwhile
// is started anew.
func startDelivery(ctx workflow.Context, in MatchInput) error {
	id := DeliverWorkflowID(in.Policy, in.Period)
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            id,
		ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
	})
	var err error
	for range 3 {
		err = workflow.ExecuteChildWorkflow(cctx, WorkflowDeliverMatches, DeliverInput{Policy: in.Policy, Period: in.Period}).
			GetChildWorkflowExecution().Get(ctx, nil)
		if !temporal.IsWorkflowExecutionAlreadyStartedError(err) {
			return err
		}
		if err = workflow.SignalExternalWorkflow(ctx, id, "", SignalDeliverMore, nil).Get(ctx, nil); err == nil {
			return nil
		}
	}
	return err
}

// StartBenefit starts a benefit case's workflow; one started before, even
// finished, is not started again.
func (c *Client) StartBenefit(ctx context.Context, in BenefitInput, id string) error {
	return c.startOnce(ctx, BenefitWorkflowID(id), WorkflowBenefit, in)
}

// BenefitChanged tells a benefit case's workflow that the store changed
// the case (a confirmation, an objection decided…). A finished workflow
// has nothing left to do: that is not an error.
func (c *Client) BenefitChanged(ctx context.Context, id string) error {
	return c.signalIfRunning(ctx, BenefitWorkflowID(id), SignalBenefitChanged)
}
