package haoban

import (
	"sync/atomic"
	"time"
)

// Beijing is the time zone of legal days: a day in China, wherever the
// server runs.
var Beijing = time.FixedZone("CST", 8*60*60)

// DateOf is the date of instant t in Beijing, as a date column holds it:
// midnight UTC of that date.
func DateOf(t time.Time) time.Time {
	y, m, d := t.In(Beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dateValue is the date a date value names, in its own location.
func dateValue(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// TimeSource is the one place "now" comes from outside workflow code: the
// API, the activities, the deadline planner and the statistics read it, so
// that tests set the time instead of depending on the machine's clock.
// Workflow code reads workflow.Now, which Temporal's test suite sets.
type TimeSource interface {
	Now() time.Time
}

// SystemTime is the machine's clock, in production.
type SystemTime struct{}

// Now returns the current time.
func (SystemTime) Now() time.Time { return time.Now() }

// ShiftedTime runs with the machine's clock from an instant a test sets:
// time passes as usual, so Temporal's timers still fire, but "now" stands
// wherever the test puts it. The zero value is the machine's clock. It is
// safe for concurrent use.
type ShiftedTime struct {
	offset atomic.Int64 // nanoseconds
}

// Now returns the shifted time.
func (s *ShiftedTime) Now() time.Time { return time.Now().Add(time.Duration(s.offset.Load())) }

// Set makes Now return t at this moment, and run on from there.
func (s *ShiftedTime) Set(t time.Time) { s.offset.Store(int64(time.Until(t))) }

// FixedTime stands still: unit tests of things that read the time once.
type FixedTime struct{ T time.Time }

// Now returns the fixed instant.
func (f FixedTime) Now() time.Time { return f.T }
