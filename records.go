package haoban

import "time"

// What the store is given to write and gives back, beyond the entities:
// submissions, projections, filters and the records of seals and sessions.

// NewCase is an application about to be started.
type NewCase struct {
	ID             string
	Bundle         Bundle
	Applicant      string
	Form           map[string]any
	IdempotencyKey string
	RequestHash    string
	At             time.Time
	RequestID      string
	ClientAddr     string
	// Prefill is what the form was prefilled with (prefill.Record).
	Prefill      any
	PrefillRatio *float64
	AddressIDs   map[string]int64
	// Channel is where the case was filed ("": online); a window case
	// names its counter (Window) and the staff who entered it (EnteredBy).
	Channel   CaseChannel
	Window    string
	EnteredBy string
}

// CaseFilter selects cases: those of one applicant, or those that touch
// any of the given departments; both empty selects every case.
type CaseFilter struct {
	Applicant   string
	Departments []string
	Limit       int
	// Status keeps the cases in one state ("" for all); Query keeps those
	// whose case number, bundle, applicant or enterprise contains it.
	Status CaseStatus
	Query  string
	// After is the last case of the page before, for keyset paging on
	// (submitted_at, id), newest first.
	After *CaseKey
}

// CaseKey is a case's place in a list: the sort key of the case lists.
type CaseKey struct {
	SubmittedAt time.Time `json:"t"`
	ID          string    `json:"id"`
}

// PrefillStats is the prefill ratio of one bundle's cases.
type PrefillStats struct {
	Bundle  string  `json:"bundle"`
	Cases   int     `json:"cases"`
	Average float64 `json:"average_ratio"`
}

// CasePrefill is what the prefill check needs of a case.
type CasePrefill struct {
	Applicant User   // the ID and ID number the sources look up
	DraftID   string // the draft submitted, "" for a case posted whole
	Bundle    string
	// BundleVersion is the catalogue version the case runs under.
	BundleVersion int
	SubmittedAt   time.Time
	Form          map[string]any
	// Prefill is the record made at submission, nil when the submission
	// left the measuring to the workflow (no draft showed the values).
	Prefill map[string]any
}

// StoredResponse is the response to a write that a client may retry with
// the same Idempotency-Key.
type StoredResponse struct {
	RequestHash string
	Status      int
	Body        []byte
}

// LinkedFailure is a linked licence whose reissue failed and was not
// reissued since: the supervisors see it on their board.
type LinkedFailure struct {
	CaseID  string         `json:"case_id"`
	At      time.Time      `json:"at"`
	Detail  map[string]any `json:"detail"`
	Licence string         `json:"licence"`
}

// LiveEvent is a timeline event as it is announced, with what routes it:
// the case's applicant and the department of the task it concerns.
type LiveEvent struct {
	CaseID     string `json:"case_id"`
	Applicant  string `json:"applicant"`
	Department string `json:"department,omitempty"`
	Event      Event  `json:"event"`
	// Truncated says the detail did not fit a NOTIFY payload: read the event.
	Truncated bool `json:"truncated,omitempty"`
}

// NewMaterial is an uploaded file to record for a draft or a case.
type NewMaterial struct {
	CaseMaterial
	DraftID string
	CaseID  string
}

// MaterialOwner says whose a material is.
type MaterialOwner struct {
	DraftID string
	CaseID  string
}

// Projection is one state change of a case as the workflow saw it.
type Projection struct {
	CaseID  string
	At      time.Time
	Status  CaseStatus // empty: unchanged
	Outcome Outcome
	// FormPatch merges values into the case's form (a supplement's answer).
	FormPatch map[string]any
	Tasks     []TaskRow
	Events    []NewEvent
}

// TaskRow is a task at a version; a row is only ever replaced by a newer one.
type TaskRow struct {
	Task
	Version int
}

// NewEvent is a timeline event to append; Key is unique within the case.
// The event is also an action in the audit trail, by Actor in Role.
type NewEvent struct {
	Key        string
	Type       string
	Actor      string
	Detail     map[string]any
	Role       string
	Department string
	RequestID  string
	ClientAddr string
}

// Address is one entry of the standard address library.
type Address struct {
	ID       int64  `json:"id"`
	Address  string `json:"address"`
	District string `json:"district"`
}

// SealRecord is a department's seal as stored: the keys encrypted with the
// master key, certificates and the seal structure in DER, the picture PNG.
type SealRecord struct {
	Department string
	Name       string
	SM2Key     []byte
	SM2Cert    []byte
	Seal       []byte
	Picture    []byte
	PDFKey     []byte
	PDFCert    []byte
}

// Credential is what accepting a token needs to know, read in one round
// trip on every authenticated request: the user as they are now, and
// whether the token was revoked since it was issued.
type Credential struct {
	User User
	// ValidAfter ends every token issued before it (a disabled user's).
	ValidAfter *time.Time
	Revoked    bool
}

// TaskFilter selects tasks; an empty field does not filter.
type TaskFilter struct {
	CaseIDs     []string
	Departments []string
	Statuses    []TaskStatus
	Assignee    string
}

// Announcement is what an API instance hears of a write any instance
// made: a timeline event or a notification, for the live streams.
type Announcement struct {
	Event *LiveEvent
	Note  *Notification
	// Screen is a shared-screen event (同屏, screen.go).
	Screen *ScreenEvent
	// Help is a help conversation's new message (help_conversation.go).
	Help *HelpNote
	// Operations says a "799" figure may have changed (operation_weights.go).
	Operations *OperationsNote
}
