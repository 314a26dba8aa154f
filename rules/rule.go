package rules

import (
	"strings"
	"time"

	"haoban"
)

// Severity says whether a failed rule stops an application.
type Severity string

// Severities.
const (
	// SeverityBlocking stops the application until the applicant fixes it.
	SeverityBlocking Severity = "blocking"
	// SeverityWarning is shown to the applicant and the reviewer but lets
	// the application through.
	SeverityWarning Severity = "warning"
)

// Rule is one review point of one item. Expression is a CEL expression
// that yields true when the application passes; Message tells the
// applicant what is wrong when it yields false.
type Rule struct {
	ID            string    `json:"id"`
	Item          string    `json:"item"`
	Code          string    `json:"code"`
	Expression    string    `json:"expression"`
	Message       string    `json:"message"`
	Hint          string    `json:"hint"`
	LegalBasis    string    `json:"legal_basis"`
	Severity      Severity  `json:"severity"`
	EffectiveFrom time.Time `json:"effective_from"`
	EffectiveTo   time.Time `json:"effective_to"` // zero: in force until replaced
	Version       int       `json:"version"`
}

// haoban.Beijing is the zone of every date in this package: a rule takes effect,
// and a person comes of age, on a date in China, wherever the server runs.

// AppliesOn reports whether the rule is in force on d's date in Beijing:
// EffectiveFrom <= d < EffectiveTo, with a zero EffectiveTo open-ended.
// Dates, not instants, are compared, because a regulation takes effect on
// a day, not at the hour a clerk loaded it.
func (r Rule) AppliesOn(d time.Time) bool {
	day := dateOf(d)
	if day.Before(dateOf(r.EffectiveFrom)) {
		return false
	}
	return r.EffectiveTo.IsZero() || day.Before(dateOf(r.EffectiveTo))
}

// validate reports every problem with the rule's fields; whether a
// non-empty expression is acceptable only the engine can judge.
func (r Rule) validate() []haoban.ErrorDetail {
	var out []haoban.ErrorDetail
	add := func(field, msg string) {
		out = append(out, haoban.ErrorDetail{Field: field, Message: msg})
	}
	if strings.TrimSpace(r.Item) == "" {
		add("item", "请填写审查要点所属的事项")
	}
	if strings.TrimSpace(r.Code) == "" {
		add("code", "请填写审查要点编码")
	}
	if strings.TrimSpace(r.Message) == "" {
		add("message", "请填写不通过时告知申请人的提示")
	}
	if strings.TrimSpace(r.Expression) == "" {
		add("expression", "请填写表达式")
	}
	if r.Severity != SeverityBlocking && r.Severity != SeverityWarning {
		add("severity", "严重程度应为 blocking 或 warning")
	}
	if !r.EffectiveTo.IsZero() && !dateOf(r.EffectiveTo).After(dateOf(r.EffectiveFrom)) {
		add("effective_to", "失效日期应晚于生效日期")
	}
	return out
}

// dateOf is t's calendar date at midnight Beijing time.
func dateOf(t time.Time) time.Time {
	t = t.In(haoban.Beijing)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, haoban.Beijing)
}
