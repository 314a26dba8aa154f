// Package calendar counts administrative time limits in working days:
// Monday to Friday, minus statutory holidays, plus the weekend days the
// State Council turns into working days (调休). The holidays are data, one
// year at a time; a year without data is an error, never a guess.
package calendar

import (
	"fmt"
	"time"

	"haoban"
)

// Zone is Beijing time: a legal day is a day in China, wherever the server runs.
var Zone = haoban.Beijing

// Day is an exception to the Monday–Friday rule (haoban.CalendarDay).
type Day = haoban.CalendarDay

// NoDataError says a computation reached a year whose holidays nobody has
// loaded; an admin loads that year's notice to go on.
type NoDataError struct {
	Year int
}

func (e *NoDataError) Error() string {
	return fmt.Sprintf("no holiday data for %d: load that year's State Council notice", e.Year)
}

// Calendar answers working-day questions for the years it has data for.
type Calendar struct {
	years map[int]bool
	days  map[string]bool // date → is a working day
}

// New returns a calendar covering years, with the given exceptions.
func New(years []int, days []Day) (*Calendar, error) {
	c := &Calendar{years: map[int]bool{}, days: map[string]bool{}}
	for _, y := range years {
		c.years[y] = true
	}
	for _, d := range days {
		t, err := time.ParseInLocation(time.DateOnly, d.Date, Zone)
		if err != nil {
			return nil, fmt.Errorf("calendar day %q: %w", d.Date, err)
		}
		if !c.years[t.Year()] {
			return nil, fmt.Errorf("calendar day %s is in %d, which the calendar does not cover", d.Date, t.Year())
		}
		c.days[d.Date] = d.Work
	}
	return c, nil
}

// Covers reports whether the calendar has holiday data for year.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// IsWorkingDay reports whether t's date, in Beijing, is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) (bool, error) {
	t = t.In(Zone)
	if !c.years[t.Year()] {
		return false, &NoDataError{Year: t.Year()}
	}
	if work, ok := c.days[t.Format(time.DateOnly)]; ok {
		return work, nil
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// AddWorkingDays returns the date of the nth working day after start's
// date, at midnight Beijing time. The day a period starts is not counted
// (期间开始的当日不计入), whether or not it is itself a working day: a period
// accepted on a Saturday runs from the Monday, as one accepted on Friday
// does. n = 0 returns start's own date.
func (c *Calendar) AddWorkingDays(start time.Time, n int) (time.Time, error) {
	d := date(start)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		work, err := c.IsWorkingDay(d)
		if err != nil {
			return time.Time{}, err
		}
		if work {
			n--
		}
	}
	return d, nil
}

// WorkingDaysBetween counts the working days after from's date up to and
// including to's date; 0 when to is not after from.
func (c *Calendar) WorkingDaysBetween(from, to time.Time) (int, error) {
	n := 0
	end := date(to)
	for d := date(from).AddDate(0, 0, 1); !d.After(end); d = d.AddDate(0, 0, 1) {
		work, err := c.IsWorkingDay(d)
		if err != nil {
			return 0, err
		}
		if work {
			n++
		}
	}
	return n, nil
}

// EndOfDay is the instant a day's deadline passes: the next midnight in Beijing.
func EndOfDay(d time.Time) time.Time { return date(d).AddDate(0, 0, 1) }

// date is t's calendar date at midnight Beijing time.
func date(t time.Time) time.Time {
	t = t.In(Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Zone)
}
