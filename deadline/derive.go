package deadline

import "haoban"

// ForTask is a task's clock: it starts when the task opens, pauses as its
// ledger says, and stops at the decision. ok is false for a task without
// one (not yet open, or cancelled).
func ForTask(t haoban.Task) (c Clock, ok bool) {
	if t.OpenedAt == nil || t.Status == haoban.TaskCancelled {
		return Clock{}, false
	}
	return Clock{Budget: t.BudgetDays, Start: *t.OpenedAt, StoppedAt: t.DecidedAt, Pauses: t.Pauses}, true
}

// ForCase derives the case's clock: the bundle's promised limit from
// submission to completion, paused while any task waits for the applicant.
// ok is false for a withdrawn case.
func ForCase(k haoban.Case) (c Clock, ok bool) {
	if k.Status == haoban.CaseWithdrawn {
		return Clock{}, false
	}
	c = Clock{Budget: k.BudgetDays, Start: k.SubmittedAt, StoppedAt: k.CompletedAt}
	waiting := map[string]bool{}
	for _, e := range k.Events {
		task, _ := e.Detail["task"].(string)
		before := len(waiting) > 0
		switch e.Type {
		case haoban.EventSupplementRequested:
			waiting[task] = true
		case haoban.EventSupplementReceived, haoban.EventTaskCancelled:
			delete(waiting, task)
		default:
			continue
		}
		switch after := len(waiting) > 0; {
		case !before && after:
			c.Pauses = append(c.Pauses, Pause{Reason: ReasonSupplement, By: e.Actor, From: e.At})
		case before && !after:
			at := e.At
			c.Pauses[len(c.Pauses)-1].To = &at
		}
	}
	return c, true
}
