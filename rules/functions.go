package rules

import (
	"fmt"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"haoban"
)

// WorkingDaysFunc counts the working days after from's date up to and
// including to's date, as calendar.Calendar.WorkingDaysBetween does. The
// caller passes it in so that this package does not depend on whose
// holiday data is loaded.
type WorkingDaysFunc func(from, to time.Time) (int, error)

// validIDNumber is valid_id_number(s): the root package's GB 11643 check,
// the same one the form applies, so a rule and the form never disagree.
func validIDNumber(v ref.Val) ref.Val {
	s, ok := v.(types.String)
	return types.Bool(ok && haoban.ValidIDNumber(string(s)))
}

// validUSCC is valid_uscc(s): the root package's GB 32100 check.
func validUSCC(v ref.Val) ref.Val {
	s, ok := v.(types.String)
	return types.Bool(ok && haoban.ValidUSCC(string(s)))
}

// dateFunc is date("2006-01-02"): midnight of that date in Beijing, so
// that a form's date field compares with today and licence dates.
func dateFunc(v ref.Val) ref.Val {
	t, err := toDate(v)
	if err != nil {
		return types.WrapErr(err)
	}
	return types.Timestamp{Time: t}
}

// toDate reads a date argument: a "YYYY-MM-DD" string or a timestamp.
func toDate(v ref.Val) (time.Time, error) {
	switch v := v.(type) {
	case types.Timestamp:
		return dateOf(v.Time), nil
	case types.String:
		t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(string(v)), haoban.Beijing)
		if err != nil {
			return time.Time{}, fmt.Errorf("日期 %q 应写作 2026-01-31", string(v))
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%s 不是日期", v.Type().TypeName())
}

// ageOn is the age in whole years, on the date on, of the person whose ID
// number is id. The birthday is reached on its month and day; someone born
// on 29 February comes of age on 1 March in a common year.
func ageOn(id string, on time.Time) (int, error) {
	if !haoban.ValidIDNumber(id) {
		return 0, fmt.Errorf("age_on: %q 不是有效的身份证号码", id)
	}
	born, err := time.ParseInLocation("20060102", id[6:14], haoban.Beijing)
	if err != nil {
		return 0, fmt.Errorf("age_on: 身份证号码 %q 中的出生日期无效", id)
	}
	on = dateOf(on)
	if on.Before(born) {
		return 0, fmt.Errorf("age_on: %s 早于出生日期 %s", on.Format(time.DateOnly), born.Format(time.DateOnly))
	}
	age := on.Year() - born.Year()
	if on.Month() < born.Month() || on.Month() == born.Month() && on.Day() < born.Day() {
		age--
	}
	return age, nil
}

// ageOnArgs is age_on(id_number, date) for either kind of date.
func ageOnArgs(id, date ref.Val) ref.Val {
	s, ok := id.(types.String)
	if !ok {
		return types.NewErr("age_on: 身份证号码应为文本")
	}
	on, err := toDate(date)
	if err != nil {
		return types.NewErr("age_on: %v", err)
	}
	age, err := ageOn(string(s), on)
	if err != nil {
		return types.WrapErr(err)
	}
	return types.Int(age)
}

// workingDaysBetween is working_days_between(from, to) over the engine's
// calendar. Without one the rule fails with a message saying so, rather
// than counting calendar days and passing a late application.
func workingDaysBetween(count WorkingDaysFunc) func(from, to ref.Val) ref.Val {
	return func(from, to ref.Val) ref.Val {
		if count == nil {
			return types.NewErr("working_days_between: 引擎未配置工作日历")
		}
		f, err := toDate(from)
		if err != nil {
			return types.NewErr("working_days_between: %v", err)
		}
		t, err := toDate(to)
		if err != nil {
			return types.NewErr("working_days_between: %v", err)
		}
		n, err := count(f, t)
		if err != nil {
			return types.NewErr("working_days_between: %v", err)
		}
		return types.Int(n)
	}
}
