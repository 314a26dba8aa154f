package app

import (
	"slices"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// Progress is a clock as an applicant reads it: done, stopped without a
// decision (withdrawn, cancelled), overdue by Days working days, paused,
// or running with Days left until Due.
type Progress struct {
	Kind string     `json:"kind" enum:"done,stopped,overdue,paused,running"`
	Days int        `json:"days"`
	Due  *time.Time `json:"due,omitempty"`
}

// progressOf reads a clock for people: a closed case or a decided task is
// done whatever its clock says; an overdue one is late by at least a day.
func progressOf(st *deadline.Status, closed bool) *Progress {
	switch {
	case closed && st == nil:
		return &Progress{Kind: "stopped"}
	case closed || st != nil && (st.State == deadline.Met || st.State == deadline.Missed):
		return &Progress{Kind: "done"}
	case st == nil:
		return nil
	case st.State == deadline.Overdue:
		return &Progress{Kind: "overdue", Days: max(-st.Remaining, 1)}
	case st.State == deadline.Paused:
		return &Progress{Kind: "paused", Days: st.Remaining}
	}
	return &Progress{Kind: "running", Days: st.Remaining, Due: st.Due}
}

// Refusal tells an applicant why an item was refused and how to contest
// it (《行政许可法》第三十八条: a refusal gives its reasons and the
// remedies).
type Refusal struct {
	Reasons    []string `json:"reasons"`
	LegalBasis []string `json:"legal_basis"`
	Remedies   []Remedy `json:"remedies"`
}

// Remedy is one way to contest a decision: where, and within how long.
type Remedy struct {
	Kind      string `json:"kind"`      // 行政复议, 行政诉讼
	Authority string `json:"authority"` // where to apply
	Within    string `json:"within"`    // the statutory period
	Action    string `json:"action"`    // what the applicant does there
}

// refusalBasis is the law every refusal stands on when no rule names a
// more precise one.
const refusalBasis = "《中华人民共和国行政许可法》第三十八条第二款"

// refusalOf explains a refused task: the reviewer's reasons, the failed
// review points of its item with their legal basis, and the remedies at
// the department's reconsideration body and court.
func refusalOf(c haoban.Case, t haoban.Task, dept haoban.Department) *Refusal {
	if t.Status != haoban.TaskRejected {
		return nil
	}
	r := &Refusal{Reasons: []string{}, LegalBasis: []string{}}
	if t.Comment != "" {
		r.Reasons = append(r.Reasons, t.Comment)
	}
	results, _ := c.Prereview["results"].([]any)
	for _, raw := range results {
		res, _ := raw.(map[string]any)
		if res["item"] != t.Item || res["outcome"] != "failed" {
			continue
		}
		if msg, _ := res["message"].(string); msg != "" && !slices.Contains(r.Reasons, msg) {
			r.Reasons = append(r.Reasons, msg)
		}
		if basis, _ := res["legal_basis"].(string); basis != "" && !slices.Contains(r.LegalBasis, basis) {
			r.LegalBasis = append(r.LegalBasis, basis)
		}
	}
	r.LegalBasis = append(r.LegalBasis, refusalBasis)
	body, court := dept.ReviewBody, dept.Court
	if body == "" {
		body = dept.Name + "的本级人民政府"
	}
	if court == "" {
		court = "有管辖权的人民法院"
	}
	r.Remedies = []Remedy{
		{Kind: "行政复议", Authority: body, Within: "自知道该决定之日起 60 日内", Action: "申请行政复议"},
		{Kind: "行政诉讼", Authority: court, Within: "自知道该决定之日起 6 个月内", Action: "提起行政诉讼"},
	}
	return r
}

// SupplementAnswerDays is the time, in working days, an applicant is asked
// to answer a supplement request in (the notice of the request names the
// same day).
const SupplementAnswerDays = haoban.SupplementAnswerDays

// answerBy is the day by which the applicant is asked to answer the
// supplement request a task waits on.
func answerBy(t haoban.Task, cal *calendar.Calendar) *time.Time {
	since := supplementSince(t)
	if since == nil {
		return nil
	}
	day, err := cal.AddWorkingDays(*since, SupplementAnswerDays)
	if err != nil {
		return nil // a year without holiday data: the clock's warning says so
	}
	return &day
}

// supplementSince is when the supplement request a task waits on was made.
func supplementSince(t haoban.Task) *time.Time {
	if t.Status != haoban.TaskAwaitingSupplement {
		return nil
	}
	for i := len(t.Pauses) - 1; i >= 0; i-- {
		if p := t.Pauses[i]; p.Reason == deadline.ReasonSupplement && p.To == nil {
			return &p.From
		}
	}
	return nil
}
