package calendar_test

import (
	"slices"
	"strings"
	"testing"

	"haoban/calendar"
)

func TestParseDays(t *testing.T) {
	days, problems := calendar.ParseDays(2027, calendar.FormatDays(calendar.Builtin(2027)))
	if len(problems) != 0 || !slices.Equal(days, calendar.Builtin(2027)) {
		t.Fatalf("round trip of 2027: %v, %v", days, problems)
	}
	_, problems = calendar.ParseDays(2027, "2027-02-05 春节 休\n\n2027-13-01 春节 休\n2026-12-31 元旦 休\n2027-02-05 春节 班\n2027-01-31 春节 补班\n2027-05-01 劳动节")
	if len(problems) != 5 {
		t.Fatalf("problems = %v, want one for each of lines 3, 4, 5, 6 and 7", problems)
	}
	for i, line := range []string{"第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行"} {
		if !strings.HasPrefix(problems[i], line) {
			t.Errorf("problem %d = %q, want it to begin %q", i, problems[i], line)
		}
	}
}
