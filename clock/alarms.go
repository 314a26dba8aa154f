package clock

import (
	"time"

	"haoban/calendar"
)

// Alarm kinds, each sent once per clock (again after an extension).
const (
	AlarmHalf    = "half_used" // half the budget used
	AlarmLastDay = "last_day"  // one working day left
	AlarmExpired = "expired"   // the due day has passed: escalate
)

// Alarms returns when a running clock's alarms fall due (a one-day clock
// has no half-used alarm), read at now: an
// instant not after now means the alarm is due already. A paused or
// stopped clock has none.
func (c Clock) Alarms(cal *calendar.Calendar, now time.Time) (map[string]time.Time, error) {
	st, err := c.Read(cal, now)
	if err != nil || st.Due == nil || c.StoppedAt != nil {
		return nil, err
	}
	out := map[string]time.Time{
		AlarmLastDay: *st.Due, // the start of the last day
		AlarmExpired: calendar.EndOfDay(*st.Due),
	}
	// Used counts today's working day already: half the budget is used up at
	// the end of the day the count reaches half.
	if c.Budget < 2 {
		return out, nil // half of one day is the last day
	}
	k := (c.Budget+1)/2 - st.Used
	today, err := cal.IsWorkingDay(now)
	if err != nil {
		return nil, err
	}
	switch {
	case k < 0, k == 0 && !today: // reached at the end of an earlier working day
		out[AlarmHalf] = now
	default:
		d, err := cal.AddWorkingDays(now, k)
		if err != nil {
			return nil, err
		}
		out[AlarmHalf] = calendar.EndOfDay(d)
	}
	return out, nil
}
