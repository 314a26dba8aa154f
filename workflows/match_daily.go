package workflows

import (
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// The daily matching (精准匹配): a Temporal Schedule starts MatchDaily,
// which records a run of each matchable policy in force and starts its
// MatchPolicy workflow.
const (
	WorkflowMatchDaily  = "MatchDaily"
	ActivityPlanMatches = "PlanMatches"
	MatchScheduleID     = "match-daily"
)

// MatchDaily starts one matching run per policy, each as an abandoned
// child so that it outlives this workflow. A policy whose period is
// still being matched keeps its run: the period's matches are unique, so
// skipping a day loses nobody.
func MatchDaily(ctx workflow.Context) error {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute, MaximumAttempts: 10},
	})
	var ins []MatchInput
	if err := workflow.ExecuteActivity(actx, ActivityPlanMatches).Get(ctx, &ins); err != nil {
		return err
	}
	for _, in := range ins {
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID:            MatchWorkflowID(in.Policy, in.Period),
			ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON,
			WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		})
		err := workflow.ExecuteChildWorkflow(cctx, WorkflowMatchPolicy, in).GetChildWorkflowExecution().Get(ctx, nil)
		if err != nil && !temporal.IsWorkflowExecutionAlreadyStartedError(err) {
			return err
		}
	}
	return nil
}
