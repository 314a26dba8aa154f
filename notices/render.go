// Package notices says what a case tells its applicant: which facts of a
// case are notices of which kind, the data a notice's template reads, the
// rendering of templates kept as data (table notice_templates), the
// channels a notice goes to and when an SMS may be sent.
package notices

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"haoban"
)

// Template is a kind's subject and body in zh-CN, as text/template text
// reading a Data.
type Template struct {
	Kind    haoban.NoticeKind
	Subject string
	Body    string
}

// Asked is one thing a supplement request asks for, by name.
type Asked struct {
	Name   string
	Reason string
}

// Remedy is one way to contest a decision: where, and within how long.
type Remedy struct {
	Kind      string // 行政复议, 行政诉讼
	Authority string
	Within    string
	Action    string
}

// Data is what a notice says: names and dates in words, never codes.
type Data struct {
	CaseID     string // the case number (办件编号)
	Bundle     string
	Applicant  string
	Submitted  string // the date of submission
	Date       string // the date of the fact
	Item       string
	Department string
	Comment    string
	// Reasons are why the case was not accepted, or an item refused.
	Reasons  []string
	Asked    []Asked
	AnswerBy string
	Refused  bool
	// LegalBasis and Remedies explain a refusal (行政许可法 第三十八条).
	LegalBasis []string
	Remedies   []Remedy
	Days       int    // the days a period was extended by
	Reason     string // why a period was extended or suspended, in words
	Licence    string // the licence's name
	Number     string // the licence's number
	Link       string
	Outcome    string // the case's outcome, in words
	Author     string // who wrote a comment that mentions a person
	// Title is a benefit step's own headline (免申即享), and Comment its
	// sentence: the steps of one kind say different things.
	Title string
}

var funcs = template.FuncMap{
	"inc":  func(i int) int { return i + 1 },
	"join": strings.Join,
}

// Rendered is a notice in words.
type Rendered struct {
	Subject string
	Body    string
}

// Render fills a kind's template with the data. A template that does not
// parse or run is an error: a notice is never sent half written.
func Render(t Template, d Data) (Rendered, error) {
	subject, err := execute(string(t.Kind)+".subject", t.Subject, d)
	if err != nil {
		return Rendered{}, err
	}
	body, err := execute(string(t.Kind)+".body", t.Body, d)
	if err != nil {
		return Rendered{}, err
	}
	return Rendered{Subject: strings.Join(strings.Fields(subject), " "), Body: strings.TrimSpace(body)}, nil
}

func execute(name, text string, d Data) (string, error) {
	tpl, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", fmt.Errorf("notice template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, d); err != nil {
		return "", fmt.Errorf("notice template %s: %w", name, err)
	}
	return b.String(), nil
}
