package app

import (
	"context"
	"time"

	"haoban"
	"haoban/calendar"
)

// HelpStore keeps the help conversations (postgres.Store).
type HelpStore interface {
	HelpClockStore
	// CreateConversation records a conversation with its question as the
	// first message; one recorded before under the applicant's key is
	// returned as it is.
	CreateConversation(ctx context.Context, c haoban.Conversation, key string) (haoban.Conversation, error)
	// HelpMessagesAfter lists a conversation's messages after id, in order.
	HelpMessagesAfter(ctx context.Context, conversation string, after int64) ([]haoban.HelpMessage, error)
	// AppendHelpMessage adds a message (once per key) and announces it.
	AppendHelpMessage(ctx context.Context, m haoban.HelpMessage) (haoban.HelpMessage, error)
	// HelperReply adds a helper's message; the first one also assigns the
	// conversation to the helper, opens it and records the first response
	// with its service seconds.
	HelperReply(ctx context.Context, m haoban.HelpMessage, seconds int) (haoban.HelpMessage, error)
	HelperSkills(ctx context.Context, helper string) ([]haoban.HelperSkill, error)
	// HelperCandidates lists the available helpers whose skills cover a
	// department and item, with their open conversations.
	HelperCandidates(ctx context.Context, department, item string) ([]haoban.HelperLoad, error)
	SetHelperAvailable(ctx context.Context, helper string, available bool, at time.Time) error
	HelperAvailable(ctx context.Context, helper string) (bool, error)
	// TakeConversation assigns a waiting conversation to a helper; one no
	// longer waiting is ECONFLICT.
	TakeConversation(ctx context.Context, id, helper string, meta haoban.AuditEntry) (haoban.Conversation, error)
	// EndConversation records the helper's outcome of a waiting or open
	// conversation, which then waits for the applicant (closing).
	EndConversation(ctx context.Context, id string, outcome haoban.ConversationStatus, worthKeeping bool, meta haoban.AuditEntry) (haoban.Conversation, error)
	// ConfirmConversation records the applicant's confirmation of a
	// closing conversation, which makes its status final.
	ConfirmConversation(ctx context.Context, id string, resolved bool, meta haoban.AuditEntry) (haoban.Conversation, error)
	// RateConversation records the applicant's rating of an ended one.
	RateConversation(ctx context.Context, id string, rating int, comment string) (haoban.Conversation, error)
	// HelperConversations lists the conversations assigned to a helper
	// that are not final, oldest first.
	HelperConversations(ctx context.Context, helper string) ([]haoban.Conversation, error)
	// WaitingConversations lists the waiting conversations, oldest first,
	// within the skills (nil: all).
	WaitingConversations(ctx context.Context, skills []haoban.HelperSkill) ([]haoban.Conversation, error)
	// ApplicantConversations lists an applicant's conversations, newest first.
	ApplicantConversations(ctx context.Context, applicant string) ([]haoban.Conversation, error)
	// ConversationsCreated lists the online conversations created in [from, to).
	ConversationsCreated(ctx context.Context, from, to time.Time) ([]haoban.Conversation, error)
}

// HelpClockStore is what the first-response clock reads and writes.
type HelpClockStore interface {
	FindConversation(ctx context.Context, id string) (haoban.Conversation, error)
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	// AlertHelpers notifies every available helper with the skill of a
	// waiting conversation and records alerted_at, once.
	AlertHelpers(ctx context.Context, id string, at time.Time) error
	// MarkBreached records that the first-response target passed, once.
	MarkBreached(ctx context.Context, id string, at time.Time) error
}

// HelpFlow starts and nudges a conversation's clock (workflows.Client).
type HelpFlow interface {
	StartHelp(ctx context.Context, id string) error
	HelpChanged(ctx context.Context, id string) error
}

// GapReporter opens a knowledge task (查遗补缺) for an answer worth
// keeping; the knowledge base implements it.
type GapReporter interface {
	OpenGap(ctx context.Context, g haoban.KnowledgeGap) error
}
