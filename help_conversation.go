package haoban

import "time"

// FirstResponseTarget is the service seconds within which a helper first
// answers an online conversation; FirstResponseAlert is when every
// available helper with the skill is alerted if nobody has.
const (
	FirstResponseTarget = 60
	FirstResponseAlert  = 45
)

// Conversation is one help conversation (线上人工帮办): the applicant's
// question, the helper it was routed to, and the first-response clock,
// which counts service seconds only.
type Conversation struct {
	ID         string              `json:"id"`
	Channel    ConversationChannel `json:"channel"`
	Applicant  string              `json:"applicant,omitempty"`
	Question   string              `json:"question"`
	Department string              `json:"department,omitempty"`
	Bundle     string              `json:"bundle,omitempty"`
	Item       string              `json:"item,omitempty"`
	Draft      string              `json:"draft,omitempty"`
	Transcript []HelpLine          `json:"transcript,omitempty"`
	Helper     string              `json:"helper,omitempty"`
	Status     ConversationStatus  `json:"status"`
	CreatedAt  time.Time           `json:"created_at"`
	// FirstResponseSeconds counts the service seconds to the first reply.
	FirstResponseAt      *time.Time `json:"first_response_at,omitempty"`
	FirstResponseSeconds *int       `json:"first_response_seconds,omitempty"`
	AlertedAt            *time.Time `json:"alerted_at,omitempty"`
	BreachedAt           *time.Time `json:"breached_at,omitempty"`
	EndedAt              *time.Time `json:"ended_at,omitempty"`
	// Outcome is the helper's: resolved or unresolved; the applicant's
	// confirmation makes the status final.
	Outcome           ConversationStatus `json:"outcome,omitempty"`
	WorthKeeping      bool               `json:"worth_keeping"`
	ConfirmedAt       *time.Time         `json:"confirmed_at,omitempty"`
	ConfirmedResolved *bool              `json:"confirmed_resolved,omitempty"`
	Rating            int                `json:"rating,omitempty"`
	RatingComment     string             `json:"rating_comment,omitempty"`
	// Names for pages, read with the conversation.
	DepartmentName string `json:"department_name,omitempty"`
	ItemName       string `json:"item_name,omitempty"`
	HelperName     string `json:"helper_name,omitempty"`
}

// Ended reports whether the helper has ended the conversation.
func (c Conversation) Ended() bool {
	return c.Status == ConversationClosing || c.Status == ConversationResolved || c.Status == ConversationUnsolved
}

// HelpMessage is one message of a conversation. Its ID orders the messages
// and is the SSE event ID a reconnecting client resumes from.
type HelpMessage struct {
	ID           int64     `json:"id"`
	Conversation string    `json:"conversation"`
	From         string    `json:"from"` // "applicant", "assistant", "helper" or "system"
	Author       string    `json:"author,omitempty"`
	AuthorName   string    `json:"author_name,omitempty"`
	Text         string    `json:"text"`
	At           time.Time `json:"at"`
	// Key makes a retried post write once within the conversation.
	Key string `json:"-"`
}

// HelpNote announces a new message of a conversation to the live streams
// of every API instance; the message is read from the table.
type HelpNote struct {
	Conversation string `json:"conversation"`
	Message      int64  `json:"message"`
	Applicant    string `json:"applicant,omitempty"`
	Department   string `json:"department,omitempty"`
}

// HelperLoad is a helper who could take a conversation: how well their
// skill matches (2 the item, 1 the department, 0 every department) and how
// many conversations they have open.
type HelperLoad struct {
	Helper string `json:"helper"`
	Match  int    `json:"match"`
	Open   int    `json:"open"`
}

// HelpStatsRow is one line of the help statistics: a helper, a department
// or an item, over the conversations created in the period.
type HelpStatsRow struct {
	Key           string `json:"key"`
	Name          string `json:"name"`
	Conversations int    `json:"conversations"`
	Ended         int    `json:"ended"`
	Resolved      int    `json:"resolved"` // confirmed resolved by the applicant
	// ResolutionRate is Resolved / Ended; 0 when nothing ended.
	ResolutionRate float64 `json:"resolution_rate"`
	Answered       int     `json:"answered"`
	// First-response service seconds over the answered conversations.
	P50          int     `json:"first_response_p50"`
	P90          int     `json:"first_response_p90"`
	WithinTarget float64 `json:"within_target"` // share answered within 60 s
}

// HelpStats are the help desk's figures over [From, To).
type HelpStats struct {
	From        time.Time      `json:"from"`
	To          time.Time      `json:"to"`
	Total       HelpStatsRow   `json:"total"`
	Helpers     []HelpStatsRow `json:"helpers"`
	Departments []HelpStatsRow `json:"departments"`
	Items       []HelpStatsRow `json:"items"`
}

// Name is the status in words, for pages.
func (s ConversationStatus) Name() string {
	switch s {
	case ConversationWaiting:
		return "等待接手"
	case ConversationOpen:
		return "对话中"
	case ConversationClosing:
		return "待确认"
	case ConversationResolved:
		return "已解决"
	case ConversationUnsolved:
		return "未解决"
	}
	return string(s)
}

// Speaker is who said a message, in words: the author's name for a person.
func (m HelpMessage) Speaker() string {
	switch {
	case m.From == "assistant":
		return "小申"
	case m.From == "system":
		return "系统"
	case m.AuthorName != "":
		return m.AuthorName
	case m.From == "helper":
		return "帮办人员"
	}
	return "申请人"
}
