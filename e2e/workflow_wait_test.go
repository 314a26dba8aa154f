package e2e_test

import (
	"context"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
)

// untilWorkflowEvent checks cond now and after each event the workflow's
// history records, following it across continue-as-new, until cond holds:
// the store's writes happen in activities, so every write a test waits for
// is followed by an event. It fails when the workflow closes, or wait
// passes, with cond still false.
func untilWorkflowEvent(t *testing.T, s *system, workflowID, what string, wait time.Duration, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	for !cond() {
		it := s.temporal.GetWorkflowHistory(ctx, workflowID, "", true, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		continued := false
		for it.HasNext() && !cond() {
			e, err := it.Next()
			if err != nil {
				t.Fatalf("%s did not happen in %v: %v%s", what, wait, err, describeWorkflow(t, s, workflowID))
			}
			continued = e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
		}
		if !continued && !cond() {
			t.Fatalf("%s did not happen before the workflow closed%s", what, describeWorkflow(t, s, workflowID))
		}
	}
}

// untilWorkflowsClose waits for each workflow to close, within wait
// altogether.
func untilWorkflowsClose(t *testing.T, s *system, what string, wait time.Duration, workflowIDs []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	for _, id := range workflowIDs {
		if err := s.temporal.GetWorkflow(ctx, id, "").Get(ctx, nil); err != nil {
			t.Fatalf("%s: workflow %s: %v%s", what, id, err, describeWorkflow(t, s, id))
		}
	}
}
