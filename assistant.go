package haoban

import "time"

// AssistantQuestion is one question put to 小申 and how it was answered,
// as logged for the operations figures.
type AssistantQuestion struct {
	ID         string  `json:"id"`
	Asker      string  `json:"asker"` // the user's ID
	Text       string  `json:"text"`
	Intent     string  `json:"intent"`
	Confidence float64 `json:"confidence"`
	// AnswerKind is the intent answered, or "handoff" when 小申 was not
	// sure; EntryKind and EntryRef name the knowledge entry it answered
	// from, if any.
	AnswerKind string        `json:"answer_kind"`
	EntryKind  KnowledgeKind `json:"entry_kind,omitempty"`
	EntryRef   string        `json:"entry_ref,omitempty"`
	HandedOff  bool          `json:"handed_off"`
	// Resolved: answered from the knowledge base or the asker's own data
	// without a person.
	Resolved bool      `json:"resolved"`
	At       time.Time `json:"at"`
}

// AssistantStats are 小申's figures over a period.
type AssistantStats struct {
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Questions int       `json:"questions"`
	Answered  int       `json:"answered"`
	HandedOff int       `json:"handed_off"`
	// ResolutionRate is Answered over Questions; 0 without questions.
	ResolutionRate float64 `json:"resolution_rate"`
}
