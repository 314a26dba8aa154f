package wiring

import (
	"context"
	"time"

	"haoban/app"
)

// RunObstacleReminders tells the departments of their 办不成事 reports
// due to be accepted today or resolved within a working day, every
// interval until ctx ends; each clock is reminded of once, so several
// workers may run it.
func (p *System) RunObstacleReminders(ctx context.Context, interval time.Duration) {
	x := &app.Obstacles{Store: p.Store, Time: p.Clock}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if _, err := x.RemindDue(ctx); err != nil && ctx.Err() == nil {
			p.Log.Error("obstacle reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
