package activities

import (
	"context"

	"go.temporal.io/sdk/temporal"

	"haoban"
	"haoban/app"
	"haoban/workflows"
)

// HelpClock looks at a help conversation's first-response clock by the
// worker's clock: it alerts the helpers at 45 service seconds and records
// the breach at 60, each once.
func (a *Activities) HelpClock(ctx context.Context, in workflows.HelpInput) (workflows.HelpState, error) {
	st, err := app.CheckHelpClock(ctx, a.Store, a.HelpHours.OrDefault(), a.now(), in.ID)
	if code := haoban.ErrorCode(err); code == haoban.ENOTFOUND {
		// A conversation missing from the store will not appear by retrying.
		return st, temporal.NewNonRetryableApplicationError(err.Error(), code, err)
	}
	return st, err
}
