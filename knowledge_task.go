package haoban

import "time"

// KnowledgeTaskDays is the working days a department has to fill a gap
// in the knowledge base (查遗补缺: gaps filled within 5 working days).
const KnowledgeTaskDays = 5

// KnowledgeTaskStatus is where a knowledge task stands.
type KnowledgeTaskStatus string

const (
	KnowledgeTaskOpen      KnowledgeTaskStatus = "open"
	KnowledgeTaskDone      KnowledgeTaskStatus = "done"      // closed by the entry written for it
	KnowledgeTaskDismissed KnowledgeTaskStatus = "dismissed" // closed without an entry, with a reason
)

// KnowledgeTask is a gap in the knowledge base that a department must
// fill: the question nobody could answer (or a helper's answer worth
// keeping), opened at OpenedAt with a clock of KnowledgeTaskDays working
// days. DueAt is the end of the last day as projected when it opened;
// whether it is overdue is read from the clock, never stored.
type KnowledgeTask struct {
	ID           string              `json:"id"`
	Key          string              `json:"key"`
	Source       GapSource           `json:"source"`
	Question     string              `json:"question"`
	Answer       string              `json:"answer,omitempty"`
	Department   string              `json:"department"`
	Bundle       string              `json:"bundle,omitempty"`
	Item         string              `json:"item,omitempty"`
	Conversation string              `json:"conversation,omitempty"`
	OpenedAt     time.Time           `json:"opened_at"`
	DueAt        time.Time           `json:"due_at"`
	Status       KnowledgeTaskStatus `json:"status"`
	ClosedAt     *time.Time          `json:"closed_at,omitempty"`
	ClosedBy     string              `json:"closed_by,omitempty"`
	Entry        string              `json:"entry,omitempty"`  // the knowledge entry that filled the gap
	Reason       string              `json:"reason,omitempty"` // why it was dismissed
}

// LastDay is the last day to fill the gap: DueAt is the midnight after it.
func (t KnowledgeTask) LastDay() time.Time { return t.DueAt.Add(-time.Nanosecond) }

// UpcomingVersion is a published catalogue or policy version that takes
// effect soon: the knowledge base must be updated before it does.
type UpcomingVersion struct {
	Kind          KnowledgeKind `json:"kind"` // bundle or policy
	Ref           string        `json:"ref"`  // the bundle's or policy's code
	Name          string        `json:"name"`
	Department    string        `json:"department,omitempty"`
	Version       int           `json:"version"`
	EffectiveFrom time.Time     `json:"effective_from"`
}
