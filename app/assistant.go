package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/intent"
)

// AssistantStore keeps 小申's intent models and the questions it was asked
// (postgres.Store).
type AssistantStore interface {
	ActiveAssistantModel(ctx context.Context) (intent.Record, error)
	// SaveAssistantModel stores a version as the active one, audited.
	SaveAssistantModel(ctx context.Context, m intent.Model, metrics intent.Metrics, trainedOn int, meta haoban.AuditEntry) (intent.Record, error)
	LogAssistantQuestion(ctx context.Context, q haoban.AssistantQuestion) error
	AssistantStats(ctx context.Context, from, to time.Time) (haoban.AssistantStats, error)
}

// KnowledgeSearcher searches the knowledge base (App.Knowledge).
type KnowledgeSearcher interface {
	Search(ctx context.Context, q haoban.KnowledgeQuery) ([]haoban.KnowledgeHit, error)
}

// AssistantCases reads an applicant's cases, newest first
// (postgres.Store).
type AssistantCases interface {
	ListCases(ctx context.Context, f haoban.CaseFilter) ([]haoban.Case, error)
}

// PolicyChecker runs the asker's 政策体检 (App.Policies).
type PolicyChecker interface {
	CheckMe(ctx context.Context, r Request) (PolicyCheckReport, error)
}

// Assistant limits and defaults.
const (
	// MaxQuestionRunes bounds a question: a chat line, not a document.
	MaxQuestionRunes = 200
	// DefaultConfidence is the intent probability below which 小申 says
	// it is not sure; set while reading the evaluation (README, 小申).
	DefaultConfidence = 0.4
	// DefaultMinScore is the knowledge search score below which a hit is
	// not taken for an answer: a single common word matches, a topic does
	// not.
	DefaultMinScore = 0.3
	// sourcesShown is how many entries an answer lists as its sources.
	sourcesShown = 3
	// searchDepth is how many entries a search returns to be re-ranked.
	searchDepth = 10
	// likeFloor is the least similarity for a training question to count
	// as like the one asked, and likeShown how many of them count.
	likeFloor = 0.3
	likeShown = 5
	// likeWeight is what a training question identical to the one asked
	// adds to the score of the entry that answers it: enough to lift an
	// item the question names over its bundle, whose words it shares.
	likeWeight = 2.0
	// rephraseFloor is the least similarity for the knowledge base to be
	// asked again in a training question's words: below it the training
	// question may be about something else.
	rephraseFloor = 0.5
)

// Assistant is 小申: it classifies a question with the active intent
// model and answers only from the knowledge base or the asker's own
// data, with the sources; when it is not sure it says so, offers a
// person, and opens a knowledge gap.
type Assistant struct {
	Store     AssistantStore
	Knowledge KnowledgeSearcher
	Cases     AssistantCases
	Policies  PolicyChecker // nil: policy questions answer from the knowledge base only
	Gaps      GapReporter   // nil: unanswered questions open no task
	Authz     Authorizer
	Time      haoban.TimeSource
	// Confidence and MinScore override the defaults when set.
	Confidence float64
	MinScore   float64

	mu      sync.RWMutex
	model   *intent.Record
	loading sync.Mutex
}

// AskInput is a question and where the asker was when asking it.
type AskInput struct {
	Question string     `json:"question" minLength:"1" maxLength:"200" doc:"问题"`
	Context  AskContext `json:"context,omitempty" doc:"提问时所在的页面"`
}

// AskContext is the page the question was asked from: its path and the
// bundle, item or draft it shows, which a hand-off passes on.
type AskContext struct {
	Page   string `json:"page,omitempty" maxLength:"300"`
	Bundle string `json:"bundle,omitempty" maxLength:"100"`
	Item   string `json:"item,omitempty" maxLength:"100"`
	Draft  string `json:"draft,omitempty" maxLength:"100"`
}

// Answer is what 小申 says, and where it comes from.
type Answer struct {
	ID         string      `json:"id"` // the logged question's ID
	Intent     intent.Kind `json:"intent"`
	Confidence float64     `json:"confidence"`
	// Kind is the intent answered, or "handoff" when 小申 is not sure.
	Kind    string   `json:"kind"`
	Text    string   `json:"text"`
	Sources []Source `json:"sources"`
	// Start starts a draft of the bundle answered about (开始办理).
	Start *StartDraft `json:"start,omitempty"`
	// Handoff passes the conversation to a person.
	Handoff *Handoff `json:"handoff,omitempty"`
}

// AnswerHandoff is the answer kind of a question handed to a person.
const AnswerHandoff = "handoff"

// Source is an entry or a record an answer was taken from.
type Source struct {
	Title string               `json:"title"`
	Link  string               `json:"link"`
	Kind  haoban.KnowledgeKind `json:"kind,omitempty"`
	Ref   string               `json:"ref,omitempty"`
}

// StartDraft is the 开始办理 button: a form POST of Bundle to Action.
type StartDraft struct {
	Action string `json:"action"` // "/drafts"
	Bundle string `json:"bundle"`
	Name   string `json:"name"`
}

// Handoff is the button that reaches a person: the page Link takes a form
// POST of question and transcript; API takes Request as JSON.
type Handoff struct {
	Link    string             `json:"link"`
	API     string             `json:"api"`
	Request haoban.HelpRequest `json:"request"`
}

// Ask answers a question for anyone signed in, and logs it.
func (s *Assistant) Ask(ctx context.Context, r Request, in AskInput) (Answer, error) {
	q := strings.TrimSpace(in.Question)
	switch {
	case r.User.ID == "":
		return Answer{}, haoban.Errorf(haoban.EFORBIDDEN, "请先登录再向小申提问")
	case !can(s.Authz, r.User, r.User.Department, "assistant", "ask"):
		return Answer{}, haoban.Errorf(haoban.EFORBIDDEN, "您的角色不能向小申提问")
	case q == "":
		return Answer{}, haoban.FieldErrorf(haoban.EINVALID, "body.question", "请输入问题")
	case len([]rune(q)) > MaxQuestionRunes:
		return Answer{}, haoban.FieldErrorf(haoban.EINVALID, "body.question", "问题最多 %d 个字", MaxQuestionRunes)
	}
	in.Question = q
	rec, err := s.active(ctx)
	if err != nil {
		return Answer{}, err
	}
	at := now(s.Time)
	p := rec.Model.Predict(q)
	a := Answer{ID: uuid.NewString(), Intent: p.Kind, Confidence: p.Probability, Sources: []Source{}}
	ok := false
	if asksForPerson(q) {
		// Asked for a person by name: hand over at once; not a gap in the
		// knowledge base.
		a.Kind, a.Text = AnswerHandoff, "好的，我请工作人员来帮您，会把刚才的对话转给他。"
		a.Handoff = handoffOf(in, at, a.Text)
		ok = true
	} else if p.Probability >= s.confidence() {
		if ok, err = s.answer(ctx, r, in, at, rec.Model, &a); err != nil {
			return Answer{}, err
		}
	}
	if !ok {
		if err := s.handOff(ctx, r, in, at, &a); err != nil {
			return Answer{}, err
		}
	}
	logged := haoban.AssistantQuestion{ID: a.ID, Asker: r.User.ID, Text: q, Intent: string(p.Kind), Confidence: p.Probability,
		AnswerKind: a.Kind, HandedOff: a.Kind == AnswerHandoff, Resolved: a.Kind != AnswerHandoff, At: at}
	if len(a.Sources) > 0 {
		logged.EntryKind, logged.EntryRef = a.Sources[0].Kind, a.Sources[0].Ref
	}
	if err := s.Store.LogAssistantQuestion(ctx, logged); err != nil {
		return Answer{}, err
	}
	return a, nil
}

// answer answers by intent; false when there is nothing to answer from.
func (s *Assistant) answer(ctx context.Context, r Request, in AskInput, at time.Time, m intent.Model, a *Answer) (bool, error) {
	q := query{text: in.Question, at: at, model: m}
	switch a.Intent {
	case intent.Guide:
		return s.fromKnowledge(ctx, r, q, a, haoban.KnowledgeBundle, haoban.KnowledgeItem)
	case intent.Material:
		return s.fromKnowledge(ctx, r, q, a, haoban.KnowledgeMaterial)
	case intent.Policy:
		return s.policy(ctx, r, q, a)
	case intent.Status:
		return s.status(ctx, r, a)
	case intent.Smalltalk:
		a.Kind = string(intent.Smalltalk)
		a.Text = "您好，我是小申。我可以告诉您一件事怎么办、要交哪些材料，查您自己办件的进度，看看您能享受哪些政策；" +
			"我答不上来的，会请工作人员来帮您。"
		return true, nil
	}
	return false, nil
}

// handOff says 小申 is not sure, offers a person, and opens a gap keyed
// on the asker, the question and the day, so that asking again the same
// day opens no second task.
func (s *Assistant) handOff(ctx context.Context, r Request, in AskInput, at time.Time, a *Answer) error {
	a.Kind, a.Sources, a.Start = AnswerHandoff, []Source{}, nil
	a.Text = "这个问题我不太确定，不想给您不准确的答复。您可以请工作人员帮您，我会把刚才的对话转给他。"
	a.Handoff = handoffOf(in, at, a.Text)
	if s.Gaps == nil {
		return nil
	}
	sum := sha256.Sum256([]byte(r.User.ID + "\x00" + in.Question + "\x00" + at.Format(time.DateOnly)))
	return s.Gaps.OpenGap(ctx, haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: in.Question,
		Bundle: in.Context.Bundle, Item: in.Context.Item, Key: "assistant-" + hex.EncodeToString(sum[:16])})
}

// handoffOf is the button that hands the question, and what 小申 said
// to it, to a person.
func handoffOf(in AskInput, at time.Time, said string) *Handoff {
	return &Handoff{Link: "/help/new", API: "/api/v1/help/conversations", Request: haoban.HelpRequest{
		Question: in.Question, Bundle: in.Context.Bundle, Item: in.Context.Item, Draft: in.Context.Draft,
		Transcript: []haoban.HelpLine{{From: "applicant", Text: in.Question, At: at}, {From: "assistant", Text: said, At: at}},
	}}
}

// personWords are how people ask for a person rather than an answer.
var personWords = []string{"转人工", "人工客服", "人工服务", "找人工", "要人工", "真人", "工作人员帮", "找客服"}

// asksForPerson reports whether a question asks for a person.
func asksForPerson(q string) bool {
	return slices.ContainsFunc(personWords, func(w string) bool { return strings.Contains(q, w) })
}

func (s *Assistant) confidence() float64 {
	if s.Confidence > 0 {
		return s.Confidence
	}
	return DefaultConfidence
}

func (s *Assistant) minScore() float64 {
	if s.MinScore > 0 {
		return s.MinScore
	}
	return DefaultMinScore
}
