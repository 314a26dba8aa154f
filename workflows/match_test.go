package workflows_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"haoban/workflows"
)

// population pages keys "000".."009" by the cursor, as the store's keyset
// does, and records the cursors it was asked after.
type population struct {
	keys   []string
	asked  []string
	totals int
}

func (p *population) page(_ context.Context, in workflows.MatchPageInput) (workflows.MatchPageResult, error) {
	p.asked = append(p.asked, in.Cursor)
	i, _ := slices.BinarySearch(p.keys, in.Cursor)
	if i < len(p.keys) && p.keys[i] == in.Cursor {
		i++
	}
	page := p.keys[i:min(i+in.Limit, len(p.keys))]
	p.totals += len(page)
	res := workflows.MatchPageResult{Next: in.Cursor, Read: len(page), Done: len(page) < in.Limit}
	if len(page) > 0 {
		res.Next = page[len(page)-1]
	}
	return res, nil
}

func runMatch(t *testing.T, pop *population, in workflows.MatchInput) error {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.MatchPolicy, workflow.RegisterOptions{Name: workflows.WorkflowMatchPolicy})
	env.RegisterActivityWithOptions(pop.page, activity.RegisterOptions{Name: workflows.ActivityMatchPage})
	env.ExecuteWorkflow(workflows.WorkflowMatchPolicy, in)
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	return env.GetWorkflowError()
}

// TestMatchPolicyContinuesAsNew pages ten keys three at a time, two pages
// per run: the first run continues as new with the cursor after six keys,
// and the next run reads the rest and ends.
func TestMatchPolicyContinuesAsNew(t *testing.T) {
	pop := &population{}
	for i := range 10 {
		pop.keys = append(pop.keys, fmt.Sprintf("%03d", i))
	}
	in := workflows.MatchInput{RunID: "r1", Policy: "newborn", Version: 1, Period: "2026-01-01/open",
		At: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), PageSize: 3, Pages: 2}
	err := runMatch(t, pop, in)
	var next *workflow.ContinueAsNewError
	if !errors.As(err, &next) {
		t.Fatalf("first run ended with %v, want continue-as-new", err)
	}
	var carried workflows.MatchInput
	if err := converter.GetDefaultDataConverter().FromPayloads(next.Input, &carried); err != nil {
		t.Fatal(err)
	}
	if carried.Cursor != "005" || carried.RunID != "r1" || carried.PageSize != 3 || !carried.At.Equal(in.At) {
		t.Fatalf("carried %+v, want cursor 005 and the run's identity", carried)
	}
	if err := runMatch(t, pop, carried); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if want := []string{"", "002", "005", "008"}; !slices.Equal(pop.asked, want) {
		t.Errorf("asked after %q, want %q", pop.asked, want)
	}
	if pop.totals != 10 {
		t.Errorf("read %d keys, want each of the 10 once", pop.totals)
	}
}

// TestMatchPolicyEmptyLastPage ends on a page that comes back empty after
// a full one.
func TestMatchPolicyEmptyLastPage(t *testing.T) {
	pop := &population{keys: []string{"a", "b"}}
	err := runMatch(t, pop, workflows.MatchInput{RunID: "r2", Policy: "p", Version: 1, PageSize: 2, Pages: 5})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"", "b"}; !slices.Equal(pop.asked, want) {
		t.Errorf("asked after %q, want %q", pop.asked, want)
	}
}
