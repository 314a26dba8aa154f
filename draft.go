package haoban

import (
	"encoding/json"
	"time"
)

// A draft is an application being filled in, before it is a case.

// Draft is an application being filled in; its times measure how long
// applying takes.
type Draft struct {
	ID        string `json:"id"`
	Applicant string `json:"applicant"`
	// EnteredBy is the clerk who entered the draft for the applicant at a
	// counter ("" when the applicant did): only they and the applicant edit it.
	EnteredBy   string         `json:"entered_by,omitempty"`
	Bundle      string         `json:"bundle"`
	Form        map[string]any `json:"form"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
	SubmittedAt *time.Time     `json:"submitted_at,omitempty"`
	CaseID      string         `json:"case_id,omitempty"`
	// Attempts counts the submissions not accepted (不予受理).
	Attempts  int            `json:"attempts"`
	Materials []CaseMaterial `json:"materials"`
	// AddressIDs are the address library's IDs of the address fields.
	AddressIDs map[string]int64 `json:"address_ids"`
	// Shown is what the draft was prefilled with (key → prefill.Value).
	Shown json.RawMessage `json:"-"`
}

// DraftPatch changes a draft: values merged into its form (null removes
// one), address IDs likewise, and what was shown as prefilled.
type DraftPatch struct {
	Form       map[string]any
	AddressIDs map[string]any
	Shown      any // nil: unchanged
}
