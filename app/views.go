package app

import (
	"errors"
	"strconv"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// TaskView is a task with its clock read now, and what its department
// told the applicant, in names.
type TaskView struct {
	haoban.Task
	Clock          *deadline.Status `json:"clock,omitempty"`
	ClockWarning   string           `json:"clock_warning,omitempty"`
	DepartmentName string           `json:"department_name"`
	Progress       *Progress        `json:"progress,omitempty"`
	// Refusal explains a refused item; ClockNotes say why its period was
	// extended or stopped; Asked is a supplement request's list by name,
	// to be answered by AnswerBy.
	Refusal    *Refusal   `json:"refusal,omitempty"`
	ClockNotes []string   `json:"clock_notes,omitempty"`
	Asked      []Asked    `json:"asked,omitempty"`
	AnswerBy   *time.Time `json:"answer_by,omitempty"`
}

// Asked is one thing a supplement request asks for, with its label and,
// for a field, the field as the form asks it.
type Asked struct {
	haoban.Missing
	Label string        `json:"label"`
	Field *haoban.Field `json:"field,omitempty"`
	// Uploaded is the file uploaded for an asked material since the request.
	Uploaded string `json:"uploaded,omitempty"`
}

// IssuedLicence is a licence the case issued.
type IssuedLicence struct {
	ID       string `json:"id"`
	Number   string `json:"number"`
	ItemName string `json:"item_name"`
}

// CaseView is a case with its own clock and each task's, read now: due
// dates, working days left and the pause ledger are derived on every read,
// never stored where they could go stale.
type CaseView struct {
	haoban.Case
	Tasks        []TaskView       `json:"tasks"`
	Clock        *deadline.Status `json:"clock,omitempty"`
	ClockWarning string           `json:"clock_warning,omitempty"`
	Progress     *Progress        `json:"progress,omitempty"`
	// Story is the timeline in words; Issued the licences it issued.
	Story  []StoryEntry    `json:"story"`
	Issued []IssuedLicence `json:"issued"`
	// ChannelText is where the case was filed, in words (办理渠道).
	ChannelText string `json:"channel_text"`
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
		v.Tasks[i].Progress = progressOf(v.Tasks[i].Clock, t.Status.Done())
		v.Tasks[i].AnswerBy = answerBy(t, cal)
	}
	v.Progress = progressOf(v.Clock, c.Status == haoban.CaseCompleted)
	if c.Status.Closed() && c.Status != haoban.CaseCompleted {
		v.Progress = &Progress{Kind: "stopped"} // withdrawn or not accepted: no decision is due
	}
	return v, nil
}

// tell puts the case in words: departments and items by name, why each
// item was refused, extended or stopped, what a supplement request asks
// for, the licences issued, and the timeline (every step for staff).
func (v *CaseView) tell(b haoban.Bundle, depts map[string]haoban.Department, staff bool) {
	n := names{items: map[string]string{}, depts: depts}
	for _, t := range v.Case.Tasks {
		n.items[t.Item] = t.ItemName
	}
	for i := range v.Tasks {
		t := &v.Tasks[i]
		t.DepartmentName = n.dept(t.Department)
		t.Refusal = refusalOf(v.Case, t.Task, depts[t.Department])
		t.Asked = asked(b, t.Missing)
		since := supplementSince(t.Task)
		for j := range t.Asked {
			for _, m := range v.Materials {
				if m.Code == t.Asked[j].Key && t.Asked[j].Kind == haoban.MissingMaterial && since != nil && m.UploadedAt.After(*since) {
					t.Asked[j].Uploaded = m.FileName
				}
			}
		}
		for _, e := range v.Events {
			if e.Detail["task"] != t.ID || (e.Type != haoban.EventDeadlineExtended && e.Type != haoban.EventClockSuspended) {
				continue
			}
			t.ClockNotes = append(t.ClockNotes, storyText(e, n, nil))
		}
	}
	v.Story = story(v.Case, n, staff)
	v.Issued = []IssuedLicence{}
	for _, e := range v.Events {
		if e.Type == haoban.EventLicenceIssued {
			id, _ := e.Detail["licence"].(string)
			number, _ := e.Detail["number"].(string)
			item, _ := e.Detail["item"].(string)
			v.Issued = append(v.Issued, IssuedLicence{ID: id, Number: number, ItemName: n.item(item)})
		}
	}
}

// asked labels what a supplement request asks for.
func asked(b haoban.Bundle, missing []haoban.Missing) []Asked {
	var out []Asked
	fields := b.Fields()
	for _, m := range missing {
		a := Asked{Missing: m, Label: "补充信息"}
		if m.Kind == haoban.MissingMaterial {
			if mat, ok := b.Material(m.Key); ok {
				a.Label = mat.Name
			}
		}
		for i := range fields {
			if m.Kind == haoban.MissingField && fields[i].Key == m.Key {
				a.Label, a.Field = fields[i].Label, &fields[i]
			}
		}
		out = append(out, a)
	}
	return out
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
