// Package deadline keeps a legal time limit as a budget of working days with a
// ledger of pauses, not as a fixed due date: the due date is projected from
// what is left whenever it is asked, so a pause, a resumption, an extension
// or a calendar change is reflected at once and nothing goes stale.
package deadline

import (
	"time"

	"haoban"
	"haoban/calendar"
)

// State is where a clock stands; it is derived, never stored.
type State string

// Clock states.
const (
	Running State = "running"
	Paused  State = "paused"
	Overdue State = "overdue"
	Met     State = "met"
	Missed  State = "missed"
)

// Pause reasons: waiting for the applicant, and the legally excluded periods.
const (
	ReasonSupplement   = "supplement"
	ReasonExpertReview = "expert_review"
	ReasonTesting      = "testing"
	ReasonHearing      = "hearing"
	ReasonPublicNotice = "public_notice"
)

// ReasonName is what people call a pause reason.
func ReasonName(reason string) string {
	switch reason {
	case ReasonSupplement:
		return "等待申请人补正"
	case ReasonExpertReview:
		return "专家评审"
	case ReasonTesting:
		return "检验检测"
	case ReasonHearing:
		return "听证"
	case ReasonPublicNotice:
		return "公示"
	}
	return "依法不计入期限的时间"
}

// Excluded reports whether reason is a legally excluded period a supervisor
// may suspend a clock for.
func Excluded(reason string) bool {
	return reason == ReasonExpertReview || reason == ReasonTesting || reason == ReasonHearing || reason == ReasonPublicNotice
}

// Pause is one entry of the ledger; To is nil while it lasts.
type Pause = haoban.Pause

// Clock is a time limit in working days started at Start.
type Clock struct {
	Budget    int        // working days, the extension included
	Start     time.Time  // acceptance, or when the task opened
	Pauses    []Pause    // in time order
	StoppedAt *time.Time // completion or decision
}

// Status is a clock read at one instant.
type Status struct {
	State     State      `json:"state"`
	Budget    int        `json:"budget_days"`
	Used      int        `json:"used_days"`
	Remaining int        `json:"remaining_days"`
	Due       *time.Time `json:"due,omitempty"` // the last day, in Beijing; nil while paused
	Pauses    []Pause    `json:"pauses"`
}

// Read projects the clock at now. A working day counts against the budget
// when the clock runs at its start: the day a period begins is not counted,
// and neither is the day it resumes after a pause.
func (c Clock) Read(cal *calendar.Calendar, now time.Time) (Status, error) {
	end := now
	if c.StoppedAt != nil {
		end = *c.StoppedAt
	}
	used, err := c.usedBy(cal, end)
	if err != nil {
		return Status{}, err
	}
	s := Status{Budget: c.Budget, Used: used, Remaining: c.Budget - used, Pauses: c.Pauses}
	if s.Pauses == nil {
		s.Pauses = []Pause{}
	}
	paused := c.pausedAt(end)
	if !paused {
		// Project the due date from what is left, counted from end's date.
		// With nothing left the budget ran out on a working day already:
		// on a Saturday after a Friday due date, the due date is that Friday,
		// not the Saturday itself.
		due, err := cal.AddWorkingDays(end, max(s.Remaining, 0))
		if s.Remaining <= 0 {
			due, err = c.dueWhenOverrun(cal)
		}
		if err != nil {
			return Status{}, err
		}
		s.Due = &due
	}
	overrun := s.Remaining < 0 || (s.Due != nil && !end.Before(calendar.EndOfDay(*s.Due)))
	switch {
	case c.StoppedAt != nil && overrun:
		s.State = Missed
	case c.StoppedAt != nil:
		s.State = Met
	case paused:
		s.State = Paused
	case overrun:
		s.State = Overdue
	default:
		s.State = Running
	}
	return s, nil
}

// usedBy counts the working days consumed from Start to t's date.
func (c Clock) usedBy(cal *calendar.Calendar, t time.Time) (int, error) {
	used := 0
	runFrom := c.Start
	for _, p := range c.Pauses {
		if !p.From.Before(t) {
			break
		}
		n, err := cal.WorkingDaysBetween(runFrom, p.From)
		if err != nil {
			return 0, err
		}
		used += n
		if p.To == nil || !p.To.Before(t) {
			return used, nil
		}
		runFrom = *p.To
	}
	n, err := cal.WorkingDaysBetween(runFrom, t)
	return used + n, err
}

// dueWhenOverrun finds the day the budget ran out, for a clock with none left.
func (c Clock) dueWhenOverrun(cal *calendar.Calendar) (time.Time, error) {
	runFrom, left := c.Start, c.Budget
	for _, p := range c.Pauses {
		if p.To == nil {
			break
		}
		n, err := cal.WorkingDaysBetween(runFrom, p.From)
		if err != nil {
			return time.Time{}, err
		}
		if n >= left {
			break
		}
		left -= n
		runFrom = *p.To
	}
	return cal.AddWorkingDays(runFrom, left)
}

func (c Clock) pausedAt(t time.Time) bool {
	for _, p := range c.Pauses {
		if !p.From.After(t) && (p.To == nil || p.To.After(t)) {
			return true
		}
	}
	return false
}
