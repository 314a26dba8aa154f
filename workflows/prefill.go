package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"haoban"
)

// ActivityRecheckPrefill names the activity that re-reads the data sources
// at submission and records the values that changed since the applicant
// was shown the form.
const ActivityRecheckPrefill = "RecheckPrefill"

// RecheckInput names the case whose prefilled values are checked.
type RecheckInput struct {
	CaseID string
}

// RecheckResult lists the form keys whose source now says otherwise.
type RecheckResult struct {
	Changed []string
}

// recheckPrefill runs the submission's prefill check. The check advises
// the reviewers; when the sources cannot be read after a few tries, the
// case goes on without it rather than wait.
func (c *caseFlow) recheckPrefill(ctx workflow.Context) error {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 5, MaximumInterval: 10 * time.Second},
	})
	var res RecheckResult
	in := RecheckInput{CaseID: c.in.CaseID}
	if err := workflow.ExecuteActivity(actx, ActivityRecheckPrefill, in).Get(ctx, &res); err != nil {
		workflow.GetLogger(ctx).Warn("prefill check failed", "error", err)
		return nil
	}
	if len(res.Changed) == 0 {
		return nil
	}
	keys := make([]any, len(res.Changed))
	for i, k := range res.Changed {
		keys[i] = k
	}
	ev := EventInput{Key: "prefill-changed", Type: haoban.EventPrefillChanged, Actor: "system",
		Detail: map[string]any{"keys": keys}}
	return c.withLock(ctx, func() error { return c.project(ctx, ProjectInput{Events: []EventInput{ev}}) })
}
