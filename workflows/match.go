package workflows

import (
	"context"
	"errors"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"haoban"
)

// The matching run (精准匹配, issue 17) and its one activity.
const (
	WorkflowMatchPolicy = "MatchPolicy"
	ActivityMatchPage   = "MatchPage"
)

// Matching runs read MatchPageSize keys per activity, in chunks whose
// reading, deciding and recording overlap (app.MatchChunk), and continue
// as new every MatchPagesPerRun pages, so that a run over a million
// residents keeps a history of a few dozen events. Each page pays a
// Temporal round trip: pages of 5,000 without chunks ran at 0.39 of a
// bare loop's rate (BenchmarkPolicyMatch).
const (
	MatchPageSize    = 50_000
	MatchPagesPerRun = 50
)

// MatchInput starts, or continues, a matching run. Cursor is the last key
// done; the store keeps it too, so a restart resumes there.
type MatchInput struct {
	RunID    string
	Policy   string
	Version  int
	Period   string
	At       time.Time // the run's day: every page decides as of it
	Cursor   string
	PageSize int // 0: MatchPageSize
	Pages    int // before continuing as new; 0: MatchPagesPerRun
	// Deliver starts the period's benefit cases when the run is done; a
	// run without it only records the matches, for an admin to look at
	// first, and a later run delivers them.
	Deliver bool
}

// MatchPageInput asks for one page after Cursor.
type MatchPageInput struct {
	RunID   string
	Policy  string
	Version int
	Period  string
	At      time.Time
	Cursor  string
	Limit   int
}

// MatchPageResult is a page done: the next cursor, and Done when the page
// was the population's last.
type MatchPageResult struct {
	Next    string
	Read    int
	Matched int
	Done    bool
}

// MatchWorkflowID is the ID of a policy period's run: two runs of one
// period never overlap, since Temporal holds one open workflow per ID.
func MatchWorkflowID(policy, period string) string { return "match:" + policy + ":" + period }

// MatchPolicy evaluates one published policy version over the population,
// a page at a time, continuing as new every few pages with the cursor.
func MatchPolicy(ctx workflow.Context, in MatchInput) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		// A page takes a few seconds, heartbeating after each chunk; a
		// lost worker, or a page handed to a worker as it stopped, is
		// noticed by the heartbeat well before the page's timeout, and
		// the page runs again.
		StartToCloseTimeout: 2 * time.Minute,
		HeartbeatTimeout:    10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	size, pages := in.PageSize, in.Pages
	if size <= 0 {
		size = MatchPageSize
	}
	if pages <= 0 {
		pages = MatchPagesPerRun
	}
	for range pages {
		var res MatchPageResult
		err := workflow.ExecuteActivity(ctx, ActivityMatchPage, MatchPageInput{RunID: in.RunID, Policy: in.Policy,
			Version: in.Version, Period: in.Period, At: in.At, Cursor: in.Cursor, Limit: size}).Get(ctx, &res)
		if err != nil {
			return err
		}
		in.Cursor = res.Next
		if res.Done {
			if !in.Deliver {
				return nil
			}
			return startDelivery(ctx, in)
		}
	}
	return workflow.NewContinueAsNewError(ctx, WorkflowMatchPolicy, in)
}

// StartMatch starts a policy period's matching run; one already running
// for the period is a conflict.
func (c *Client) StartMatch(ctx context.Context, in MatchInput) error {
	_, err := c.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: MatchWorkflowID(in.Policy, in.Period), TaskQueue: TaskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
	}, WorkflowMatchPolicy, in)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return haoban.Errorf(haoban.ECONFLICT, "该政策本期的匹配正在进行，请等待其完成")
	}
	return translate(err)
}
