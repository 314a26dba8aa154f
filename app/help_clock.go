package app

import (
	"context"
	"time"

	"haoban"
	"haoban/servicehours"
	"haoban/workflows"
)

// CheckHelpClock looks at a conversation's first-response clock at now:
// unanswered at FirstResponseAlert service seconds, every available
// helper with the skill is alerted; at FirstResponseTarget the breach is
// recorded. The workflow calls it on its timer and on every signal; both
// writes happen once however often it looks.
func CheckHelpClock(ctx context.Context, s HelpClockStore, hours servicehours.Hours, now time.Time, id string) (workflows.HelpState, error) {
	st := workflows.HelpState{Now: now}
	c, err := s.FindConversation(ctx, id)
	if err != nil {
		return st, err
	}
	if c.FirstResponseAt != nil || c.Ended() {
		st.Done = true
		return st, nil
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return st, err
	}
	alertAt, err := servicehours.At(cal, hours, c.CreatedAt, haoban.FirstResponseAlert)
	if err != nil {
		return st, err
	}
	targetAt, err := servicehours.At(cal, hours, c.CreatedAt, haoban.FirstResponseTarget)
	if err != nil {
		return st, err
	}
	if now.Before(alertAt) {
		st.Wait = alertAt
		return st, nil
	}
	if c.AlertedAt == nil {
		if err := s.AlertHelpers(ctx, c.ID, now); err != nil {
			return st, err
		}
	}
	if now.Before(targetAt) {
		st.Wait = targetAt
		return st, nil
	}
	if c.BreachedAt == nil {
		if err := s.MarkBreached(ctx, c.ID, now); err != nil {
			return st, err
		}
	}
	// Past the target, the board shows the breach; nothing is left to time.
	st.Done = true
	return st, nil
}
