package app

import (
	"context"
	"strconv"

	"haoban"
	"haoban/calendar"
)

// CalendarText is one year of the calendar as an admin edits it: a day per
// line, as calendar.ParseDays reads it.
type CalendarText struct {
	Year   int
	Source string
	Days   string
	// Builtin says lunar-go carries the State Council notice for the year.
	Builtin bool
}

// builtinSource names where the built-in days come from.
const builtinSource = "国务院办公厅放假安排通知（lunar-go 内置数据）"

// CalendarTextOf is a year's days as text: those loaded, or the built-in
// notice's when the year is not loaded or fromBuiltin asks for them.
func CalendarTextOf(cal Calendar, year int, fromBuiltin bool) CalendarText {
	out := CalendarText{Year: year, Builtin: len(calendar.Builtin(year)) > 0}
	if !fromBuiltin {
		for _, y := range cal.Years {
			if y.Year == year {
				out.Days, out.Source = calendar.FormatDays(y.Days), y.Source
				return out
			}
		}
	}
	if out.Builtin {
		out.Days, out.Source = calendar.FormatDays(calendar.Builtin(year)), builtinSource
	}
	return out
}

// LoadCalendarText reads an admin's text line by line and loads the year
// as LoadCalendarYear does; every line it cannot read is listed at once.
func (s *Admin) LoadCalendarText(ctx context.Context, r Request, year int, source, text string) (Calendar, error) {
	days, problems := calendar.ParseDays(year, text)
	if len(problems) > 0 {
		e := &haoban.Error{Code: haoban.EUNPROCESSABLE, Field: "days", Message: "放假安排有 " + strconv.Itoa(len(problems)) + " 行无法识别"}
		for _, p := range problems {
			e.Details = append(e.Details, haoban.ErrorDetail{Field: "days", Message: p})
		}
		return Calendar{}, e
	}
	return s.LoadCalendarYear(ctx, r, year, CalendarNotice{Source: source, Days: days})
}
