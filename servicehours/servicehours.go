// Package servicehours counts time on the help desk's service clock: only
// the seconds inside service hours (09:00–17:00 Beijing time unless
// configured otherwise) on working days of the calendar count. The
// first-response target of a help conversation (60 seconds) runs on this
// clock, so a question asked at night is not late by morning.
package servicehours

import (
	"fmt"
	"time"

	"haoban/calendar"
)

// Hours is the daily service window, as offsets from midnight Beijing time.
type Hours struct {
	Open, Close time.Duration
}

// Default is 09:00–17:00.
var Default = Hours{Open: 9 * time.Hour, Close: 17 * time.Hour}

// maxDays bounds a walk over the calendar: a year and a bit without one
// service second means the calendar or the hours are wrong.
const maxDays = 400

// OrDefault is h, or Default when h is unset.
func (h Hours) OrDefault() Hours {
	if h == (Hours{}) {
		return Default
	}
	return h
}

// Parse reads "HH:MM-HH:MM" (HAOBAN_SERVICE_HOURS).
func Parse(s string) (Hours, error) {
	var oh, om, ch, cm int
	if _, err := fmt.Sscanf(s, "%d:%d-%d:%d", &oh, &om, &ch, &cm); err != nil {
		return Hours{}, fmt.Errorf("service hours %q: want HH:MM-HH:MM", s)
	}
	h := Hours{Open: time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute,
		Close: time.Duration(ch)*time.Hour + time.Duration(cm)*time.Minute}
	if om < 0 || om > 59 || cm < 0 || cm > 59 || h.Open < 0 || h.Close > 24*time.Hour || h.Open >= h.Close {
		return Hours{}, fmt.Errorf("service hours %q: want an opening before the closing within one day", s)
	}
	return h, nil
}

// String is the form Parse reads.
func (h Hours) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", int(h.Open.Hours()), int(h.Open.Minutes())%60,
		int(h.Close.Hours()), int(h.Close.Minutes())%60)
}

// window is the service window of the day that starts at midnight day
// (Beijing), or ok false when the day is not a working day.
func window(cal *calendar.Calendar, h Hours, day time.Time) (open, close time.Time, ok bool, err error) {
	work, err := cal.IsWorkingDay(day)
	if err != nil || !work {
		return time.Time{}, time.Time{}, false, err
	}
	return day.Add(h.Open), day.Add(h.Close), true, nil
}

// midnight is t's date at midnight Beijing time.
func midnight(t time.Time) time.Time {
	t = t.In(calendar.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, calendar.Zone)
}

// Seconds counts the whole service seconds between from and to; 0 when to
// is not after from. A date outside the calendar's years is an error.
func Seconds(cal *calendar.Calendar, h Hours, from, to time.Time) (int, error) {
	if !to.After(from) {
		return 0, nil
	}
	var total time.Duration
	for day := midnight(from); day.Before(to); day = day.AddDate(0, 0, 1) {
		open, close, ok, err := window(cal, h, day)
		if err != nil {
			return 0, err
		}
		if !ok {
			continue
		}
		start, end := later(open, from), earlier(close, to)
		if end.After(start) {
			total += end.Sub(start)
		}
	}
	return int(total / time.Second), nil
}

// At is the instant at which n service seconds have passed since from:
// from itself for n <= 0, otherwise inside a service window.
func At(cal *calendar.Calendar, h Hours, from time.Time, n int) (time.Time, error) {
	if n <= 0 {
		return from, nil
	}
	left := time.Duration(n) * time.Second
	day := midnight(from)
	for i := 0; i < maxDays; i, day = i+1, day.AddDate(0, 0, 1) {
		open, close, ok, err := window(cal, h, day)
		if err != nil {
			return time.Time{}, err
		}
		if !ok {
			continue
		}
		start := later(open, from)
		if !close.After(start) {
			continue
		}
		avail := close.Sub(start)
		if left <= avail {
			return start.Add(left), nil
		}
		left -= avail
	}
	return time.Time{}, fmt.Errorf("no %d service seconds within %d days of %s", n, maxDays, from)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
