package wiring

import (
	"context"
	"time"

	"haoban/app"
)

// RunRatingReminders tells the departments of the bad ratings'
// rectifications (好差评整改) with a working day or less left, every
// interval until ctx ends; each is reminded of once, so several workers
// may run it.
func (p *System) RunRatingReminders(ctx context.Context, interval time.Duration) {
	x := &app.Ratings{Store: p.Store, Time: p.Clock}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if _, err := x.RemindDue(ctx); err != nil && ctx.Err() == nil {
			p.Log.Error("rectification reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
