package notices

import (
	"fmt"
	"slices"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// Fact is an event of a case that is told to its applicant.
type Fact struct {
	Kind  haoban.NoticeKind
	Event haoban.NewEvent
}

var eventKinds = map[string]haoban.NoticeKind{
	haoban.EventNotAccepted: haoban.KindNotAccepted, haoban.EventSupplementRequested: haoban.KindSupplementRequested,
	haoban.EventTaskDecided: haoban.KindItemDecided, haoban.EventLicenceIssued: haoban.KindLicenceIssued,
	haoban.EventCompleted: haoban.KindCaseCompleted, haoban.EventDeadlineExtended: haoban.KindPeriodExtended,
	haoban.EventClockSuspended: haoban.KindClockSuspended, haoban.EventWithdrawn: haoban.KindWithdrawn,
}

// Facts are the events of one projection that are told to the applicant,
// in order. A case is accepted when its pre-review passes: the pre-review
// recorded without a refusal to accept beside it.
func Facts(events []haoban.NewEvent) []Fact {
	refused := slices.ContainsFunc(events, func(e haoban.NewEvent) bool { return e.Type == haoban.EventNotAccepted })
	var out []Fact
	for _, e := range events {
		if k, ok := eventKinds[e.Type]; ok {
			out = append(out, Fact{Kind: k, Event: e})
		} else if e.Type == haoban.EventPrereviewed && !refused {
			out = append(out, Fact{Kind: haoban.KindAccepted, Event: e})
		}
	}
	return out
}

// Source is what a notice of a fact is made from.
type Source struct {
	Case      haoban.Case // its number, bundle name, submission, pre-review, outcome
	Applicant string      // the applicant's name
	Bundle    haoban.Bundle
	// Task is the task the fact concerns (nil for the whole case), and
	// Department its department.
	Task       *haoban.Task
	Department haoban.Department
	At         time.Time
	// AnswerBy is the day a supplement is asked for by.
	AnswerBy *time.Time
	// BaseURL is where people reach the service, for links.
	BaseURL string
}

// DataOf is what the notice of a fact says.
func DataOf(f Fact, src Source) Data {
	det := f.Event.Detail
	d := Data{CaseID: src.Case.ID, Bundle: src.Case.BundleName, Applicant: src.Applicant,
		Submitted: Date(src.Case.SubmittedAt), Date: Date(src.At), Comment: text(det["comment"])}
	if src.Task != nil {
		d.Item, d.Department = src.Task.ItemName, src.Department.Name
	}
	switch f.Kind {
	case haoban.KindNotAccepted:
		d.Reasons = texts(det["reasons"])
	case haoban.KindSupplementRequested:
		if src.Task != nil {
			d.Asked = asked(src.Bundle, src.Task.Missing)
		}
		if src.AnswerBy != nil {
			d.AnswerBy = Date(*src.AnswerBy)
		}
	case haoban.KindItemDecided:
		if det["instant"] == true {
			d.Comment = "审查要点全部自动核验通过（秒批）" // the comment names rule versions: codes
		}
		if det["decision"] == string(haoban.DecisionReject) && src.Task != nil {
			d.Refused = true
			d.Reasons, d.LegalBasis = refusal(src.Case, src.Task.Item, d.Comment)
			d.Remedies = remedies(src.Department)
		}
	case haoban.KindLicenceIssued:
		d.Number, d.Link = text(det["number"]), src.BaseURL+"/licences"
		if it, ok := src.Bundle.Item(text(det["item"])); ok {
			d.Item, d.Licence = it.Name, it.LicenceName
		}
	case haoban.KindCaseCompleted:
		d.Outcome = haoban.Outcome(text(det["outcome"])).Name()
	case haoban.KindPeriodExtended:
		d.Days, d.Reason = number(det["days"]), text(det["reason"])
	case haoban.KindClockSuspended:
		d.Reason = deadline.ReasonName(text(det["reason"]))
		if note := text(det["note"]); note != "" {
			d.Comment = note
		}
	case haoban.KindWithdrawn:
		d.Reason = text(det["reason"])
	}
	return d
}

// asked names what a supplement request asks for: a field by its label,
// a material by its name.
func asked(b haoban.Bundle, missing []haoban.Missing) []Asked {
	fields := b.Fields()
	out := make([]Asked, 0, len(missing))
	for _, m := range missing {
		a := Asked{Name: "补充信息", Reason: m.Reason}
		if mat, ok := b.Material(m.Key); ok && m.Kind == haoban.MissingMaterial {
			a.Name = mat.Name
		}
		for _, f := range fields {
			if m.Kind == haoban.MissingField && f.Key == m.Key {
				a.Name = f.Label
			}
		}
		out = append(out, a)
	}
	return out
}

// refusalBasis is the law every refusal stands on when no rule names a
// more precise one.
const refusalBasis = "《中华人民共和国行政许可法》第三十八条第二款"

// refusal is why an item was refused: the reviewer's comment and the
// failed review points of the item, with their legal basis.
func refusal(c haoban.Case, item, comment string) (reasons, basis []string) {
	if comment != "" {
		reasons = append(reasons, comment)
	}
	results, _ := c.Prereview["results"].([]any)
	for _, raw := range results {
		res, _ := raw.(map[string]any)
		if res["item"] != item || res["outcome"] != "failed" {
			continue
		}
		if msg := text(res["message"]); msg != "" && !slices.Contains(reasons, msg) {
			reasons = append(reasons, msg)
		}
		if b := text(res["legal_basis"]); b != "" && !slices.Contains(basis, b) {
			basis = append(basis, b)
		}
	}
	return reasons, append(basis, refusalBasis)
}

// remedies are where the applicant may contest a department's decision,
// and within how long (行政复议法 第二十条, 行政诉讼法 第四十六条).
func remedies(dept haoban.Department) []Remedy {
	body, court := dept.ReviewBody, dept.Court
	if body == "" {
		body = dept.Name + "的本级人民政府"
	}
	if court == "" {
		court = "有管辖权的人民法院"
	}
	return []Remedy{
		{Kind: "行政复议", Authority: body, Within: "自知道该决定之日起 60 日内", Action: "申请行政复议"},
		{Kind: "行政诉讼", Authority: court, Within: "自知道该决定之日起 6 个月内", Action: "提起行政诉讼"},
	}
}

func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func texts(v any) []string {
	var out []string
	switch vs := v.(type) {
	case []string:
		return vs
	case []any:
		for _, x := range vs {
			if s := text(x); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func number(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case float64:
		return int(n)
	case int64:
		return int(n)
	}
	var i int
	fmt.Sscan(text(v), &i)
	return i
}

// AnswerBy is the day by which the applicant is asked to answer the
// supplement request a task waits on; nil when it waits on none, or the
// calendar does not cover the day.
func AnswerBy(t haoban.Task, cal *calendar.Calendar) *time.Time {
	if t.Status != haoban.TaskAwaitingSupplement || cal == nil {
		return nil
	}
	for i := len(t.Pauses) - 1; i >= 0; i-- {
		if p := t.Pauses[i]; p.Reason == deadline.ReasonSupplement && p.To == nil {
			day, err := cal.AddWorkingDays(p.From, haoban.SupplementAnswerDays)
			if err != nil {
				return nil
			}
			return &day
		}
	}
	return nil
}
