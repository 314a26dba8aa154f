package haoban

import "time"

// KnowledgeStatus says whether an entry is searched: a hand-written
// entry may be saved as a draft first; built entries are published with
// the version they come from.
type KnowledgeStatus string

const (
	KnowledgeDraft     KnowledgeStatus = "draft"
	KnowledgePublished KnowledgeStatus = "published"
)

// KnowledgeRecord is an entry as the knowledge base's editors see it:
// with its status and who saved it last.
type KnowledgeRecord struct {
	KnowledgeEntry
	Status    KnowledgeStatus `json:"status"`
	Author    string          `json:"author"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// InForce reports whether the entry answers searches at t.
func (r KnowledgeRecord) InForce(t time.Time) bool {
	return r.Status == KnowledgePublished && !t.Before(r.EffectiveFrom) && (r.EffectiveTo == nil || t.Before(*r.EffectiveTo))
}

// KnowledgeFilter narrows the editors' list of entries: by kind, by
// owning department, by words in the title (none: all).
type KnowledgeFilter struct {
	Kind       KnowledgeKind `json:"kind,omitempty"`
	Department string        `json:"department,omitempty"`
	Text       string        `json:"text,omitempty"`
	Limit      int           `json:"limit,omitempty"`
}
