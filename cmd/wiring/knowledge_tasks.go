package wiring

import (
	"context"
	"time"

	"haoban/app"
)

// RunKnowledgeReminders tells the departments of their knowledge tasks
// (查遗补缺) with a working day or less left, every interval until ctx
// ends; each task is reminded of once, so several workers may run it.
func (p *System) RunKnowledgeReminders(ctx context.Context, interval time.Duration) {
	k := &app.KnowledgeTasks{Store: p.Store, Time: p.Clock}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if _, err := k.RemindDue(ctx); err != nil && ctx.Err() == nil {
			p.Log.Error("knowledge task reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
