package haoban

import "time"

// The audit trail: one hash-chained entry per action.

// AuditEntry is one action by a person or the system.
type AuditEntry struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Role       string    `json:"role"`
	Department string    `json:"department"`
	Action     string    `json:"action"`
	CaseID     string    `json:"case_id,omitempty"`
	Target     string    `json:"target"`
	Before     string    `json:"before"` // JSON summary
	After      string    `json:"after"`  // JSON summary
	RequestID  string    `json:"request_id"`
	ClientAddr string    `json:"client_addr"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}
