package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/demo"
	"haoban/worker"
)

// TestRecordedCaseWithoutWorkflowIsStarted: the API recorded a case and
// died before starting its workflow, and the client never retried. The
// worker's reconciliation starts it; a second pass starts nothing.
func TestRecordedCaseWithoutWorkflowIsStarted(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	id := uuid.NewString()
	_, _, err := s.store.CreateCase(ctx, haoban.NewCase{ID: id, Bundle: demo.Newborn(), Applicant: "zhang-wei",
		Form: demo.NewbornForm(), IdempotencyKey: "lost", RequestHash: "h", At: time.Now().Add(-2 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	n, err := worker.Reconcile(ctx, s.temporal, s.store, time.Now().Add(-time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("Reconcile = %d, %v; want 1 case started", n, err)
	}
	s.waitCase(s.login("zhang-wei"), id, "the workflow opens the first task", func(c map[string]any) bool {
		return taskStatus(c, "birth-certificate") == "open"
	})
	if n, err := worker.Reconcile(ctx, s.temporal, s.store, time.Now().Add(-time.Minute)); err != nil || n != 0 {
		t.Fatalf("second Reconcile = %d, %v; want nothing to start", n, err)
	}
}
