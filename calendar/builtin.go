package calendar

import "github.com/6tail/lunar-go/HolidayUtil"

// BuiltinYears are the years whose State Council notices the lunar-go
// library carries; later years are loaded by an admin.
var BuiltinYears = []int{2025, 2026, 2027}

// Builtin returns the holidays and make-up working days of year from
// lunar-go's copy of the State Council notice, to seed the calendar table.
func Builtin(year int) []Day {
	var days []Day
	for e := HolidayUtil.GetHolidaysByYear(year).Front(); e != nil; e = e.Next() {
		h := e.Value.(*HolidayUtil.Holiday)
		days = append(days, Day{Date: h.GetDay(), Name: h.GetName(), Work: h.IsWork()})
	}
	return days
}

// BuiltinCalendar is the calendar of the built-in years alone, for tests
// and tools that run without the database's table.
func BuiltinCalendar() (*Calendar, error) {
	var days []Day
	for _, y := range BuiltinYears {
		days = append(days, Builtin(y)...)
	}
	return New(BuiltinYears, days)
}
