package activities

import (
	"context"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"haoban"
	"haoban/app"
	"haoban/workflows"
)

// MatchPage decides one page of a matching run, heartbeating after each
// chunk recorded. The policy rules are compiled by the reviewer's engine,
// the one the self-check uses, so that a run and a self-check agree. The
// store's cursor makes a retried page insert nothing again.
func (a *Activities) MatchPage(ctx context.Context, in workflows.MatchPageInput) (workflows.MatchPageResult, error) {
	activity.RecordHeartbeat(ctx, in.Cursor)
	beat := func(cursor string) { activity.RecordHeartbeat(ctx, cursor) }
	res, err := app.MatchPage(ctx, a.Store, a.Reviewer.Engine, in, a.now(), beat)
	if code := haoban.ErrorCode(err); code == haoban.ENOTFOUND || code == haoban.EUNPROCESSABLE {
		// A policy version gone or unmatchable will not change by retrying.
		return res, temporal.NewNonRetryableApplicationError(err.Error(), code, err)
	}
	return res, err
}

// PlanMatches records today's run of each matchable policy in force.
func (a *Activities) PlanMatches(ctx context.Context) ([]workflows.MatchInput, error) {
	m := &app.Matches{Store: a.Store, Engine: a.Reviewer.Engine}
	return m.PlanDaily(ctx, a.now())
}
