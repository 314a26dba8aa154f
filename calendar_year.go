package haoban

import "time"

// A year of the working-day calendar as loaded.

// CalendarYear is one year's holiday data and where it came from.
type CalendarYear struct {
	Year     int           `json:"year"`
	Source   string        `json:"source"`
	LoadedAt time.Time     `json:"loaded_at"`
	LoadedBy string        `json:"loaded_by"`
	Days     []CalendarDay `json:"days"`
}

// CalendarDay is an exception to the Monday–Friday rule: a holiday (Work
// false) or a make-up working day (Work true).
type CalendarDay struct {
	Date string `json:"date"` // 2006-01-02
	Name string `json:"name"`
	Work bool   `json:"work"`
}
