package haoban

import "time"

// 同屏 (shared screen): with the applicant's consent, the helper of a
// conversation sees the applicant's draft read-only and can point at a
// field. The consent belongs to one conversation and one draft, and the
// applicant can revoke it at any time.

// ScreenConsent is what an applicant allowed in one conversation.
type ScreenConsent struct {
	Conversation string     `json:"conversation"`
	Applicant    string     `json:"applicant"`
	Draft        string     `json:"draft"`
	GrantedAt    *time.Time `json:"granted_at,omitempty"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
}

// Active reports whether the helper may look now: granted and not revoked
// since.
func (c ScreenConsent) Active() bool {
	return c.Draft != "" && c.GrantedAt != nil && (c.RevokedAt == nil || c.RevokedAt.Before(*c.GrantedAt))
}

// ScreenHighlight is a helper pointing at one field of the shared draft,
// with a note the applicant reads beside it.
type ScreenHighlight struct {
	ID           int64     `json:"id"`
	Conversation string    `json:"conversation"`
	Draft        string    `json:"draft"`
	Field        string    `json:"field"`
	Message      string    `json:"message"`
	Helper       string    `json:"helper"`
	At           time.Time `json:"at"`
}

// Kinds of ScreenEvent.
const (
	ScreenDraftSaved  = "draft_saved" // the applicant saved the draft
	ScreenHighlighted = "highlight"   // the helper pointed at a field
	ScreenRevoked     = "revoked"     // the applicant stopped sharing
)

// ScreenEvent is announced to every API instance: a draft was saved (the
// helper's view redraws) or a field highlighted (the applicant's page
// scrolls to it). Receivers check consent before passing it on.
type ScreenEvent struct {
	Kind      string           `json:"kind"`
	Draft     string           `json:"draft"`
	Applicant string           `json:"applicant"`
	Highlight *ScreenHighlight `json:"highlight,omitempty"`
	At        time.Time        `json:"at"`
}

// ScreenConversation is a help conversation as the shared screen needs it:
// whose it is, who answers it, what it is about, and the consent.
type ScreenConversation struct {
	ID             string
	Channel        ConversationChannel
	Applicant      string
	Helper         string
	Department     string
	DepartmentName string
	Item           string
	ItemName       string
	Question       string
	Status         ConversationStatus
	Consent        ScreenConsent
}

// Live reports whether the conversation is still going on.
func (c ScreenConversation) Live() bool {
	return c.Status == ConversationWaiting || c.Status == ConversationOpen
}
