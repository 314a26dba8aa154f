// Package worker registers the Case workflow and its activities and runs
// the worker that polls Temporal for them.
package worker

import (
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"haoban/activities"
	"haoban/workflows"
)

// StopTimeout is how long stopping a worker waits for the activities it
// runs to finish: it takes no new ones meanwhile, so a deploy drains
// instead of cutting a sealing in half.
const StopTimeout = 30 * time.Second

// New returns a worker on the case task queue with everything registered.
func New(c client.Client, acts *activities.Activities) sdkworker.Worker {
	w := sdkworker.New(c, workflows.TaskQueue, sdkworker.Options{WorkerStopTimeout: StopTimeout})
	Register(w, acts)
	return w
}

// Register registers the workflows and activities on any registry: a worker,
// a replayer or a test environment.
func Register(r interface {
	RegisterWorkflowWithOptions(any, workflow.RegisterOptions)
	RegisterActivityWithOptions(any, activity.RegisterOptions)
}, acts *activities.Activities) {
	r.RegisterWorkflowWithOptions(workflows.Case, workflow.RegisterOptions{Name: workflows.WorkflowCase})
	r.RegisterActivityWithOptions(acts.Project, activity.RegisterOptions{Name: workflows.ActivityProject})
	r.RegisterActivityWithOptions(acts.PlanAlarms, activity.RegisterOptions{Name: workflows.ActivityPlanAlarms})
	r.RegisterActivityWithOptions(acts.Notify, activity.RegisterOptions{Name: workflows.ActivityNotify})
	r.RegisterActivityWithOptions(acts.RecheckPrefill, activity.RegisterOptions{Name: workflows.ActivityRecheckPrefill})
	r.RegisterActivityWithOptions(acts.Prereview, activity.RegisterOptions{Name: workflows.ActivityPrereview})
	r.RegisterActivityWithOptions(acts.Issue, activity.RegisterOptions{Name: workflows.ActivityIssue})
	r.RegisterActivityWithOptions(acts.Reissue, activity.RegisterOptions{Name: workflows.ActivityReissue})
	r.RegisterActivityWithOptions(acts.LinkedLicences, activity.RegisterOptions{Name: workflows.ActivityLinkedLicences})
	r.RegisterWorkflowWithOptions(workflows.Relink, workflow.RegisterOptions{Name: workflows.WorkflowRelink})
	r.RegisterWorkflowWithOptions(workflows.MatchPolicy, workflow.RegisterOptions{Name: workflows.WorkflowMatchPolicy})
	r.RegisterActivityWithOptions(acts.MatchPage, activity.RegisterOptions{Name: workflows.ActivityMatchPage})
	r.RegisterWorkflowWithOptions(workflows.MatchDaily, workflow.RegisterOptions{Name: workflows.WorkflowMatchDaily})
	r.RegisterActivityWithOptions(acts.PlanMatches, activity.RegisterOptions{Name: workflows.ActivityPlanMatches})
	r.RegisterWorkflowWithOptions(workflows.DeliverMatches, workflow.RegisterOptions{Name: workflows.WorkflowDeliverMatches})
	r.RegisterActivityWithOptions(acts.DeliverPage, activity.RegisterOptions{Name: workflows.ActivityDeliverPage})
	r.RegisterWorkflowWithOptions(workflows.Benefit, workflow.RegisterOptions{Name: workflows.WorkflowBenefit})
	r.RegisterActivityWithOptions(acts.OpenBenefit, activity.RegisterOptions{Name: workflows.ActivityOpenBenefit})
	r.RegisterActivityWithOptions(acts.BenefitStep, activity.RegisterOptions{Name: workflows.ActivityBenefitStep})
	r.RegisterActivityWithOptions(acts.SealGrant, activity.RegisterOptions{Name: workflows.ActivitySealGrant})
	r.RegisterActivityWithOptions(acts.PayBenefit, activity.RegisterOptions{Name: workflows.ActivityPayBenefit})
	r.RegisterWorkflowWithOptions(workflows.HelpConversation, workflow.RegisterOptions{Name: workflows.WorkflowHelpConversation})
	r.RegisterActivityWithOptions(acts.HelpClock, activity.RegisterOptions{Name: workflows.ActivityHelpClock})
}
