package workflows_test

import (
	"context"
	"testing"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"haoban/workflows"
)

// TestMatchRunDelivers: a run asked to deliver starts the period's
// delivery when its last page is done, and the delivery pages until a
// page comes back short.
func TestMatchRunDelivers(t *testing.T) {
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	pop := &population{keys: []string{"a", "b", "c"}}
	left := workflows.DeliverPageSize + 7
	var pages []int
	deliver := func(_ context.Context, in workflows.DeliverInput) (workflows.DeliverPageResult, error) {
		if in.Policy != "newborn" || in.Period != "2026/open" {
			t.Errorf("delivering %+v", in)
		}
		n := min(left, workflows.DeliverPageSize)
		left -= n
		pages = append(pages, n)
		return workflows.DeliverPageResult{Started: n}, nil
	}
	env.RegisterWorkflowWithOptions(workflows.MatchPolicy, workflow.RegisterOptions{Name: workflows.WorkflowMatchPolicy})
	env.RegisterWorkflowWithOptions(workflows.DeliverMatches, workflow.RegisterOptions{Name: workflows.WorkflowDeliverMatches})
	env.RegisterActivityWithOptions(pop.page, activity.RegisterOptions{Name: workflows.ActivityMatchPage})
	env.RegisterActivityWithOptions(deliver, activity.RegisterOptions{Name: workflows.ActivityDeliverPage})
	env.ExecuteWorkflow(workflows.WorkflowMatchPolicy, workflows.MatchInput{RunID: "r", Policy: "newborn", Version: 1,
		Period: "2026/open", PageSize: 2, Deliver: true})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0] != workflows.DeliverPageSize || pages[1] != 7 {
		t.Errorf("delivered pages %v, want a full page and then 7", pages)
	}
}

// TestDeliveryLooksAgainWhenTold: a delivery told that another run
// recorded matches reads once more after a short page, so none waits for
// the next run.
func TestDeliveryLooksAgainWhenTold(t *testing.T) {
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	pages := 0
	deliver := func(context.Context, workflows.DeliverInput) (workflows.DeliverPageResult, error) {
		pages++
		return workflows.DeliverPageResult{Started: 3}, nil
	}
	env.RegisterWorkflowWithOptions(workflows.DeliverMatches, workflow.RegisterOptions{Name: workflows.WorkflowDeliverMatches})
	env.RegisterActivityWithOptions(deliver, activity.RegisterOptions{Name: workflows.ActivityDeliverPage})
	env.RegisterDelayedCallback(func() { env.SignalWorkflow(workflows.SignalDeliverMore, nil) }, 0)
	env.ExecuteWorkflow(workflows.WorkflowDeliverMatches, workflows.DeliverInput{Policy: "p", Period: "2026"})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if pages != 2 {
		t.Errorf("read %d pages, want the short one and one more after the signal", pages)
	}
}
