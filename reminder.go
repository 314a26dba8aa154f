package haoban

import (
	"strconv"
	"strings"
)

// DefaultReminders are the reminder points of an item that names none:
// half the budget used, and one working day left.
var DefaultReminders = []string{"50%", "1d"}

// ParseReminder reads a reminder point: "P%" when P percent of the budget
// is used, or "Nd" when N working days are left.
func ParseReminder(p string) (percent, daysLeft int, err error) {
	bad := Errorf(EINVALID, "提醒点 %q 应写作百分比（如 50%%）或剩余工作日（如 1d）", p)
	if v, ok := strings.CutSuffix(p, "%"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || n >= 100 {
			return 0, 0, bad
		}
		return n, 0, nil
	}
	if v, ok := strings.CutSuffix(p, "d"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return 0, 0, bad
		}
		return 0, n, nil
	}
	return 0, 0, bad
}

// ReminderPoints returns the item's reminder points, or the defaults.
func (it Item) ReminderPoints() []string {
	if len(it.Reminders) > 0 {
		return it.Reminders
	}
	return DefaultReminders
}
