package haoban

import "time"

// KnowledgeKind says where a knowledge entry comes from: built from what
// Haoban holds (a bundle's or item's guide, a material, a review rule, a
// benefit policy) or written by hand (a question and its answer).
type KnowledgeKind string

const (
	KnowledgeBundle   KnowledgeKind = "bundle"
	KnowledgeItem     KnowledgeKind = "item"
	KnowledgeMaterial KnowledgeKind = "material"
	KnowledgeRule     KnowledgeKind = "rule"
	KnowledgePolicy   KnowledgeKind = "policy"
	KnowledgeQA       KnowledgeKind = "qa"
)

// KnowledgeEntry is one answer in the knowledge base (知识库), in force
// from EffectiveFrom until EffectiveTo (nil: open-ended), owned by a
// department. Ref names its source: a bundle code, "bundle/item",
// "item/material", a rule's ID, a policy's code, or the hand-written
// entry's own ID; (Kind, Ref) is unique among the entries in force.
type KnowledgeEntry struct {
	ID            string        `json:"id"`
	Kind          KnowledgeKind `json:"kind"`
	Ref           string        `json:"ref"`
	Title         string        `json:"title"`
	Body          string        `json:"body"`
	Department    string        `json:"department"`
	Bundle        string        `json:"bundle,omitempty"` // a draft can start from it
	Item          string        `json:"item,omitempty"`
	Link          string        `json:"link,omitempty"` // the page that shows the source
	Version       int           `json:"version"`
	EffectiveFrom time.Time     `json:"effective_from"`
	EffectiveTo   *time.Time    `json:"effective_to,omitempty"`
}

// KnowledgeHit is an entry a search found, with its score (higher is
// better) and the passage that matched.
type KnowledgeHit struct {
	KnowledgeEntry
	Score   float64 `json:"score"`
	Excerpt string  `json:"excerpt"`
}

// KnowledgeQuery asks the knowledge base: the question as typed, the kinds
// of entry wanted (none: all), at most Limit hits, among the entries in
// force At.
type KnowledgeQuery struct {
	Text  string          `json:"text"`
	Kinds []KnowledgeKind `json:"kinds,omitempty"`
	Limit int             `json:"limit,omitempty"`
	At    time.Time       `json:"at"`
}

// GapSource says what found a gap in the knowledge base.
type GapSource string

const (
	// GapAssistant: 小申 could not answer a question.
	GapAssistant GapSource = "assistant"
	// GapHelper: a helper's answer was marked worth keeping.
	GapHelper GapSource = "helper"
)

// KnowledgeGap is a question the knowledge base should answer and does
// not: it opens a knowledge task (查遗补缺) for the owning department.
// Department may be empty when nothing in the question names one; the
// service centre owns it then.
type KnowledgeGap struct {
	Source       GapSource `json:"source"`
	Question     string    `json:"question"`
	Answer       string    `json:"answer,omitempty"` // the helper's answer worth keeping
	Department   string    `json:"department,omitempty"`
	Bundle       string    `json:"bundle,omitempty"`
	Item         string    `json:"item,omitempty"`
	Conversation string    `json:"conversation,omitempty"`
	// Key makes opening idempotent: the same key opens one task.
	Key string `json:"key"`
}
