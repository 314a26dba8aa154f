package haoban

import "time"

// 办不成事 (issue 19): a person reports what they could not get done. The
// report is a ticket for the relevant department with two clocks in
// working days, counted from the report (the day it is filed not counted):
// accept within ObstacleAcceptDays, then resolve, or answer with reasons,
// within ObstacleResolveDays. The person may reopen it once; the resolve
// clock then starts again from the reopening.
const (
	ObstacleAcceptDays  = 1
	ObstacleResolveDays = 5
	// ObstacleTextMax is the longest description, in characters.
	ObstacleTextMax = 1000
)

// ObstacleStatus is where a report stands.
type ObstacleStatus string

// The statuses of a report. Reopened is handled again, as accepted.
const (
	ObstacleReceived ObstacleStatus = "received"
	ObstacleAccepted ObstacleStatus = "accepted"
	ObstacleResolved ObstacleStatus = "resolved" // the thing can now get done
	ObstacleAnswered ObstacleStatus = "answered" // a reasoned answer why not
	ObstacleReopened ObstacleStatus = "reopened"
)

// Closed says the department has answered the report, one way or the other.
func (s ObstacleStatus) Closed() bool { return s == ObstacleResolved || s == ObstacleAnswered }

// Name is the status as the person reads it.
func (s ObstacleStatus) Name() string {
	return map[ObstacleStatus]string{ObstacleReceived: "待受理", ObstacleAccepted: "已受理，办理中",
		ObstacleResolved: "已解决", ObstacleAnswered: "已答复", ObstacleReopened: "已重新提出，办理中"}[s]
}

// The changes a resolution may name: a catalogue version or a knowledge entry.
const (
	ObstacleChangeCatalogue = "catalogue"
	ObstacleChangeKnowledge = "knowledge"
)

// Obstacle is one 办不成事 report. Reporter is the signed-in person's
// user ID; an anonymous person gives Name and Mobile and reaches the
// report by Token. Department is "centre" when no department fits.
type Obstacle struct {
	ID         string         `json:"id"`
	Key        string         `json:"-"`
	Token      string         `json:"-"`
	Text       string         `json:"text"`
	Item       string         `json:"item,omitempty"`
	Bundle     string         `json:"bundle,omitempty"`
	CaseID     string         `json:"case_id,omitempty"`
	DraftID    string         `json:"draft_id,omitempty"`
	Department string         `json:"department"`
	Reporter   string         `json:"reporter,omitempty"`
	Name       string         `json:"name,omitempty"`
	Mobile     string         `json:"mobile,omitempty"`
	FiledAt    time.Time      `json:"filed_at"`
	Status     ObstacleStatus `json:"status"`
	AcceptedAt *time.Time     `json:"accepted_at,omitempty"`
	ResolvedAt *time.Time     `json:"resolved_at,omitempty"` // the latest resolution
	ReopenedAt *time.Time     `json:"reopened_at,omitempty"`
	// Answer is the latest resolution's words; Change what it changed.
	Answer        string `json:"answer,omitempty"`
	ChangeKind    string `json:"change_kind,omitempty"`
	ChangeRef     string `json:"change_ref,omitempty"` // the bundle's code or the entry's ID
	ChangeVersion int    `json:"change_version,omitempty"`
	// Steps are every step of the report, oldest first.
	Steps []ObstacleStep `json:"steps"`
}

// Anonymous says the report was filed without signing in.
func (o Obstacle) Anonymous() bool { return o.Reporter == "" }

// MaskedMobile is the anonymous person's mobile number as pages show it.
func (o Obstacle) MaskedMobile() string { return MaskPersonal(o.Mobile) }

// ObstacleStep is one step of a report: filed, accepted, resolved,
// answered or reopened, by whom and with what words.
type ObstacleStep struct {
	At            time.Time `json:"at"`
	Kind          string    `json:"kind"`
	Actor         string    `json:"actor,omitempty"`
	Text          string    `json:"text,omitempty"`
	ChangeKind    string    `json:"change_kind,omitempty"`
	ChangeRef     string    `json:"change_ref,omitempty"`
	ChangeVersion int       `json:"change_version,omitempty"`
}

// StepName is a step as the person reads it.
func (s ObstacleStep) StepName() string {
	return map[string]string{"filed": "提出", "accepted": "部门受理", "resolved": "已解决", "answered": "部门答复",
		"reopened": "不满意，重新提出"}[s.Kind]
}

// ObstacleFilter selects 办不成事 reports: by department, reporter and item ("":
// any), filed in [From, To) (zero: unbounded), OpenOnly those not answered.
type ObstacleFilter struct {
	Department string
	Reporter   string
	Item       string
	From, To   time.Time
	OpenOnly   bool
}
