package calendar_test

import (
	"errors"
	"testing"
	"time"

	"haoban/calendar"
)

func builtin(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.BuiltinCalendar()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, calendar.Zone)
	if err != nil {
		panic(err)
	}
	return t.Add(10 * time.Hour) // accepted mid-morning: the hour must not matter
}

// Cases from the State Council notices for 2025 (国办发明电〔2024〕12号),
// 2026 (国办发明电〔2025〕7号) and 2027.
func TestAddWorkingDays(t *testing.T) {
	c := builtin(t)
	for _, tc := range []struct {
		name, start string
		n           int
		want        string
	}{
		{"ChainOfOrdinaryWeeks", "2026-03-03", 20, "2026-03-31"},
		{"SpringFestival2025MakeUpDaysBothSides", "2025-01-24", 10, "2025-02-13"},
		{"SpringFestival2025SundayMakeUpCounts", "2025-01-24", 1, "2025-01-26"},
		{"SpringFestival2025SkipsTheHolidays", "2025-01-24", 5, "2025-02-07"},
		{"LabourDay2025", "2025-04-25", 5, "2025-05-06"},
		{"NationalDay2025SaturdayMakeUp", "2025-09-26", 6, "2025-10-11"},
		{"SpringFestival2026", "2026-02-13", 3, "2026-02-25"},
		{"NewYear2026SundayMakeUp", "2025-12-31", 1, "2026-01-04"},
		{"StartOnSaturday", "2025-03-01", 1, "2025-03-03"},
		{"StartOnAHoliday", "2025-10-03", 1, "2025-10-09"},
		{"StartOnMakeUpDayNotCounted", "2025-01-26", 1, "2025-01-27"},
		{"ZeroDays", "2025-10-03", 0, "2025-10-03"},
		// 2027 (国办发明电〔2026〕号 as lunar-go v1.4.7 carries it): New Year
		// 1–3 January; Spring Festival 5–13 February, with Sunday 31 January
		// and Sunday 14 February worked.
		{"NewYear2027", "2026-12-31", 1, "2027-01-04"},
		{"DecemberLimitInto2027", "2026-12-31", 20, "2027-01-29"},
		{"DecemberLimitExtendedIntoFebruary2027", "2026-12-31", 30, "2027-02-18"},
		{"SpringFestival2027SundayMakeUpBefore", "2027-01-29", 1, "2027-01-31"},
		{"SpringFestival2027SundayMakeUpAfter", "2027-02-04", 1, "2027-02-14"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.AddWorkingDays(day(tc.start), tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format(time.DateOnly) != tc.want {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, want %s", tc.start, tc.n, got.Format(time.DateOnly), tc.want)
			}
			back, err := c.WorkingDaysBetween(day(tc.start), got)
			if err != nil || back != tc.n {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, %v; want %d", tc.start, tc.want, back, err, tc.n)
			}
		})
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := builtin(t)
	for date, want := range map[string]bool{
		"2025-01-26": true,  // Sunday, make-up day
		"2025-01-28": false, // 除夕
		"2025-02-08": true,  // Saturday, make-up day
		"2025-10-08": false, // last day of 国庆中秋 2025
		"2026-10-08": true,  // 2026's National Day ends on the 7th
		"2026-09-20": true,  // Sunday, make-up day
		"2026-06-19": false, // 端午
		"2026-03-07": false, // an ordinary Saturday
		"2027-01-01": false, // 元旦 2027
		"2027-01-31": true,  // Sunday, make-up day for the Spring Festival
		"2027-02-08": false, // Monday in the Spring Festival
		"2027-02-14": true,  // Sunday, make-up day
		"2027-10-09": true,  // Saturday, make-up day for National Day
	} {
		got, err := c.IsWorkingDay(day(date))
		if err != nil || got != want {
			t.Errorf("IsWorkingDay(%s) = %v, %v; want %v", date, got, err, want)
		}
	}
}

func TestYearWithoutData(t *testing.T) {
	c := builtin(t)
	_, err := c.AddWorkingDays(day("2027-12-25"), 10)
	var noData *calendar.NoDataError
	if !errors.As(err, &noData) || noData.Year != 2028 {
		t.Fatalf("err = %v, want no data for 2028", err)
	}
	if _, err := c.IsWorkingDay(day("2028-01-04")); !errors.As(err, &noData) {
		t.Fatalf("IsWorkingDay in 2028 = %v, want a NoDataError, not a weekends-only guess", err)
	}
	if _, err := calendar.New([]int{2025}, []calendar.Day{{Date: "2027-01-01", Name: "元旦"}}); err == nil {
		t.Fatal("a day outside the covered years was accepted")
	}
}

func TestBeijingDate(t *testing.T) {
	c := builtin(t)
	// 17:00 UTC on Thursday 2025-03-06 is already Friday in Beijing: the
	// period starts on Friday, so its first working day is Monday.
	lateThursday := time.Date(2025, 3, 6, 17, 0, 0, 0, time.UTC)
	got, err := c.AddWorkingDays(lateThursday, 1)
	if err != nil || got.Format(time.DateOnly) != "2025-03-10" {
		t.Fatalf("got %v, %v", got, err)
	}
	if end := calendar.EndOfDay(got); !end.Equal(time.Date(2025, 3, 10, 16, 0, 0, 0, time.UTC)) {
		t.Fatalf("EndOfDay = %v", end.UTC())
	}
}
