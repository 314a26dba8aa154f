package servicehours

import (
	"testing"
	"time"

	"haoban/calendar"
)

func bj(s string) time.Time {
	t, err := time.ParseInLocation(time.DateTime, s, calendar.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

func builtin(tb testing.TB) *calendar.Calendar {
	tb.Helper()
	cal, err := calendar.BuiltinCalendar()
	if err != nil {
		tb.Fatal(err)
	}
	return cal
}

// 2026-04-03 is the Friday before 清明 (Saturday 4 to Monday 6 April off);
// 2026-04-07 is the next working day.
func TestSeconds(t *testing.T) {
	cal := builtin(t)
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{"InsideHours", "2026-04-01 10:00:00", "2026-04-01 10:00:45", 45},
		{"AtNightNothing", "2026-04-01 20:00:00", "2026-04-02 08:59:59", 0},
		{"AtNightIntoMorning", "2026-04-01 20:00:00", "2026-04-02 09:01:00", 60},
		{"FridayBeforeHoliday", "2026-04-03 16:59:30", "2026-04-07 09:00:30", 60},
		{"WeekendNothing", "2026-04-11 10:00:00", "2026-04-12 16:00:00", 0},
		{"WeekendIntoMonday", "2026-04-11 10:00:00", "2026-04-13 09:00:10", 10},
		{"AcrossTwoDays", "2026-04-08 16:00:00", "2026-04-09 10:00:00", 2 * 3600},
		{"BackwardsZero", "2026-04-08 10:00:00", "2026-04-08 09:00:00", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Seconds(cal, Default, bj(tt.from), bj(tt.to))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Seconds(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestAt(t *testing.T) {
	cal := builtin(t)
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"InsideHours", "2026-04-01 10:00:00", 45, "2026-04-01 10:00:45"},
		{"ZeroIsFrom", "2026-04-01 22:00:00", 0, "2026-04-01 22:00:00"},
		{"AtNight", "2026-04-01 22:00:00", 45, "2026-04-02 09:00:45"},
		{"BeforeOpening", "2026-04-02 07:30:00", 60, "2026-04-02 09:01:00"},
		{"FridayBeforeHolidayAlert", "2026-04-03 16:59:30", 45, "2026-04-07 09:00:15"},
		{"FridayBeforeHolidayTarget", "2026-04-03 16:59:30", 60, "2026-04-07 09:00:30"},
		{"ExactlyAtClosing", "2026-04-03 16:59:30", 30, "2026-04-03 17:00:00"},
		{"Weekend", "2026-04-11 10:00:00", 45, "2026-04-13 09:00:45"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := At(cal, Default, bj(tt.from), tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(bj(tt.want)) {
				t.Errorf("At(%s, %d) = %s, want %s", tt.from, tt.n, got.In(calendar.Zone), tt.want)
			}
			back, err := Seconds(cal, Default, bj(tt.from), got)
			if err != nil {
				t.Fatal(err)
			}
			if back != tt.n {
				t.Errorf("Seconds back = %d, want %d", back, tt.n)
			}
		})
	}
}

func TestAtOutsideCalendar(t *testing.T) {
	if _, err := At(builtin(t), Default, bj("2031-04-01 10:00:00"), 45); err == nil {
		t.Fatal("a year without holiday data answered")
	}
}

func TestParse(t *testing.T) {
	h, err := Parse("08:30-17:30")
	if err != nil {
		t.Fatal(err)
	}
	if h.Open != 8*time.Hour+30*time.Minute || h.Close != 17*time.Hour+30*time.Minute || h.String() != "08:30-17:30" {
		t.Errorf("Parse = %+v (%s)", h, h)
	}
	for _, bad := range []string{"", "9-17", "17:00-09:00", "09:00-25:00", "09:70-17:00"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}
