package workflows_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"haoban/workflows"
)

// TestMatchDailyStartsEachRun starts one matching run per planned policy,
// with its input as planned.
func TestMatchDailyStartsEachRun(t *testing.T) {
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.MatchDaily, workflow.RegisterOptions{Name: workflows.WorkflowMatchDaily})
	env.RegisterWorkflowWithOptions(workflows.MatchPolicy, workflow.RegisterOptions{Name: workflows.WorkflowMatchPolicy})
	planned := []workflows.MatchInput{{RunID: "r1", Policy: "newborn", Version: 1, Period: "p"},
		{RunID: "r2", Policy: "startup", Version: 3, Period: "p"}}
	env.RegisterActivityWithOptions(func(context.Context) ([]workflows.MatchInput, error) { return planned, nil },
		activity.RegisterOptions{Name: workflows.ActivityPlanMatches})
	var started []string
	env.OnWorkflow(workflows.WorkflowMatchPolicy, mock.Anything, mock.Anything).Return(
		func(_ workflow.Context, in workflows.MatchInput) error {
			started = append(started, in.RunID)
			return nil
		})
	env.ExecuteWorkflow(workflows.WorkflowMatchDaily)
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if len(started) != 2 || started[0] != "r1" || started[1] != "r2" {
		t.Errorf("started runs %q, want r1 and r2", started)
	}
}
