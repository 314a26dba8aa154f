package haoban

import "time"

// Roles of the help desk (帮办). A helper answers conversations for their
// skills; a leader records the sessions in which they accompanied an
// applicant (领导干部帮办); the hotline is the 12345 service's account
// that hands tickets over.
const (
	RoleHelper  = "helper"
	RoleLeader  = "leader"
	RoleHotline = "hotline"
)

// HelperSkill is what a helper can answer: a department's questions, or
// only one of its items when Item is set.
type HelperSkill struct {
	Helper     string `json:"helper"`
	Department string `json:"department"`
	Item       string `json:"item,omitempty"`
}

// ConversationChannel says where a conversation came from.
type ConversationChannel string

const (
	ConversationOnline  ConversationChannel = "online"  // the chat panel
	ConversationHotline ConversationChannel = "hotline" // a 12345 ticket
)

// ConversationStatus is where a help conversation stands.
type ConversationStatus string

const (
	ConversationWaiting  ConversationStatus = "waiting"  // queued, nobody has replied
	ConversationOpen     ConversationStatus = "open"     // a helper has replied
	ConversationClosing  ConversationStatus = "closing"  // the helper ended it; the applicant confirms
	ConversationResolved ConversationStatus = "resolved" // confirmed resolved
	ConversationUnsolved ConversationStatus = "unresolved"
)

// HelpRequest starts a conversation: the applicant's question, what it is
// about when known, and what 小申 said before handing over.
type HelpRequest struct {
	Question   string     `json:"question"`
	Department string     `json:"department,omitempty"`
	Bundle     string     `json:"bundle,omitempty"`
	Item       string     `json:"item,omitempty"`
	Draft      string     `json:"draft,omitempty"` // the draft the applicant is filling
	Transcript []HelpLine `json:"transcript,omitempty"`
}

// HelpLine is one line of a conversation: who said it and when.
type HelpLine struct {
	From string    `json:"from"` // "applicant", "assistant", "helper" or "system"
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}
