package calendar

import (
	"fmt"
	"strings"
	"time"
)

// ParseDays reads a year's exceptions written one per line, as an admin
// copies them from the State Council's notice:
//
//	2027-02-05 春节 休
//	2027-01-31 春节 班
//
// "休" (or 放假) marks a holiday, "班" (or 上班) a make-up working day. Blank
// lines are skipped. Every line that cannot be read is reported at once,
// with its number.
func ParseDays(year int, text string) ([]Day, []string) {
	var days []Day
	var problems []string
	seen := map[string]int{}
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 3 {
			problems = append(problems, fmt.Sprintf("第 %d 行应为「日期 名称 休/班」三项，如 %d-10-01 国庆节 休", n, year))
			continue
		}
		date, name, kind := fields[0], fields[1], fields[2]
		t, err := time.Parse(time.DateOnly, date)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("第 %d 行的日期「%s」应写作 %d-01-31", n, date, year))
			continue
		case t.Year() != year:
			problems = append(problems, fmt.Sprintf("第 %d 行的日期 %s 不在 %d 年", n, date, year))
			continue
		case seen[date] > 0:
			problems = append(problems, fmt.Sprintf("第 %d 行的日期 %s 与第 %d 行重复", n, date, seen[date]))
			continue
		}
		var work bool
		switch kind {
		case "休", "放假":
		case "班", "上班":
			work = true
		default:
			problems = append(problems, fmt.Sprintf("第 %d 行的「%s」应为 休 或 班", n, kind))
			continue
		}
		seen[date] = n
		days = append(days, Day{Date: date, Name: name, Work: work})
	}
	return days, problems
}

// FormatDays writes days in the form ParseDays reads.
func FormatDays(days []Day) string {
	var b strings.Builder
	for _, d := range days {
		kind := "休"
		if d.Work {
			kind = "班"
		}
		fmt.Fprintf(&b, "%s %s %s\n", d.Date, d.Name, kind)
	}
	return b.String()
}
