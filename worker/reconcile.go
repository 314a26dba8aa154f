package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"haoban"
	"haoban/workflows"
)

// Store lists the cases whose workflow never started (postgres.Store).
type Store interface {
	UnstartedCases(ctx context.Context, cutoff time.Time) ([]haoban.Case, error)
	FindBundleVersion(ctx context.Context, code string, version int) (haoban.Bundle, error)
}

// Reconcile starts the workflow of every case recorded before `before`
// whose workflow never ran, so a submission survives an API crash between
// recording the case and starting its workflow. Starting is idempotent.
func Reconcile(ctx context.Context, c client.Client, store Store, before time.Time) (int, error) {
	cases, err := store.UnstartedCases(ctx, before)
	if err != nil {
		return 0, err
	}
	started := 0
	for _, kase := range cases {
		b, err := store.FindBundleVersion(ctx, kase.Bundle, kase.BundleVersion)
		if err != nil {
			return started, err
		}
		_, err = c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID: workflows.CaseWorkflowID(kase.ID), TaskQueue: workflows.TaskQueue,
			WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
			WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		}, workflows.Case, workflows.CaseInput{CaseID: kase.ID, Applicant: kase.Applicant, Bundle: b})
		var already *serviceerror.WorkflowExecutionAlreadyStarted
		if err != nil && !errors.As(err, &already) {
			return started, fmt.Errorf("start case %s: %w", kase.ID, err)
		}
		started++
	}
	return started, nil
}

// ReconcileLoop runs Reconcile every interval until ctx ends, for the cases
// recorded more than an interval ago by clock.
func ReconcileLoop(ctx context.Context, c client.Client, store Store, interval time.Duration, clock haoban.TimeSource, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := Reconcile(ctx, c, store, clock.Now().Add(-interval)); err != nil {
			log.ErrorContext(ctx, "reconcile unstarted cases", "error", err)
		} else if n > 0 {
			log.InfoContext(ctx, "started workflows of recorded cases", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
