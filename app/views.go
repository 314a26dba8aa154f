package app

import (
	"errors"
	"strconv"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// TaskView is a task with its clock read now.
type TaskView struct {
	haoban.Task
	Clock        *deadline.Status `json:"clock,omitempty"`
	ClockWarning string           `json:"clock_warning,omitempty"`
}

// CaseView is a case with its own clock and each task's, read now: due
// dates, working days left and the pause ledger are derived on every read,
// never stored where they could go stale.
type CaseView struct {
	haoban.Case
	Tasks        []TaskView       `json:"tasks"`
	Clock        *deadline.Status `json:"clock,omitempty"`
	ClockWarning string           `json:"clock_warning,omitempty"`
}

// viewOf reads a case's clocks against cal at now.
func viewOf(c haoban.Case, cal *calendar.Calendar, now time.Time) (CaseView, error) {
	v := CaseView{Case: c, Tasks: make([]TaskView, len(c.Tasks))}
	var err error
	if ck, ok := deadline.ForCase(c); ok {
		if v.Clock, v.ClockWarning, err = readClock(ck, cal, now); err != nil {
			return CaseView{}, err
		}
	}
	for i, t := range c.Tasks {
		v.Tasks[i].Task = t
		if ck, ok := deadline.ForTask(t); ok {
			if v.Tasks[i].Clock, v.Tasks[i].ClockWarning, err = readClock(ck, cal, now); err != nil {
				return CaseView{}, err
			}
		}
	}
	return v, nil
}

// readClock reads a clock; a year without holiday data is a warning to
// show, not a failure of the whole view.
func readClock(ck deadline.Clock, cal *calendar.Calendar, now time.Time) (*deadline.Status, string, error) {
	st, err := ck.Read(cal, now)
	var noData *calendar.NoDataError
	if errors.As(err, &noData) {
		return nil, "期限跨入 " + strconv.Itoa(noData.Year) + " 年，该年节假日安排尚未导入，暂不能计算到期日", nil
	} else if err != nil {
		return nil, "", err
	}
	return &st, "", nil
}
