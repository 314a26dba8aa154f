package deadline

import (
	"time"

	"haoban"
	"haoban/calendar"
)

// AlarmExpired is the alarm at the end of the due day: escalate. The
// reminders' kinds are "reminder:" and their point, such as "reminder:50%".
const AlarmExpired = "expired"

// ReminderKind names the alarm of a reminder point.
func ReminderKind(point string) string { return "reminder:" + point }

// Alarms returns when a running clock's alarms fall due, read at now: its
// reminders at the given points (haoban.ParseReminder) and its expiry. An
// instant not after now means the alarm is due already. A reminder that
// would coincide with the expiry is dropped; a paused or stopped clock has
// no alarms.
func (c Clock) Alarms(cal *calendar.Calendar, now time.Time, points []string) (map[string]time.Time, error) {
	st, err := c.Read(cal, now)
	if err != nil || st.Due == nil || c.StoppedAt != nil {
		return nil, err
	}
	out := map[string]time.Time{AlarmExpired: calendar.EndOfDay(*st.Due)}
	for _, p := range points {
		percent, left, err := haoban.ParseReminder(p)
		if err != nil {
			return nil, err
		}
		threshold := c.Budget - left // working days used when the reminder is due
		if percent > 0 {
			threshold = (c.Budget*percent + 99) / 100
		}
		if threshold < 0 || threshold >= c.Budget {
			continue
		}
		at, err := usedReachedAt(cal, now, st.Used, threshold)
		if err != nil {
			return nil, err
		}
		out[ReminderKind(p)] = at
	}
	return out, nil
}

// usedReachedAt is when a running clock that has used `used` working days
// by now (today included) has used threshold: at the end of that day.
func usedReachedAt(cal *calendar.Calendar, now time.Time, used, threshold int) (time.Time, error) {
	k := threshold - used
	today, err := cal.IsWorkingDay(now)
	switch {
	case err != nil:
		return time.Time{}, err
	case threshold == 0, k < 0, k == 0 && !today: // reached already
		return now, nil
	}
	d, err := cal.AddWorkingDays(now, k)
	return calendar.EndOfDay(d), err
}
