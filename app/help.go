package app

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"haoban"
	"haoban/servicehours"
)

// Help is the human help desk (线上人工帮办): an applicant's question is
// queued to a helper with the right skill, who answers within a minute of
// service time; the helper ends it, the applicant confirms and rates.
type Help struct {
	Store HelpStore
	Flow  HelpFlow
	// Gaps receives the answers worth keeping; nil drops them.
	Gaps  GapReporter
	Authz Authorizer
	Hours servicehours.Hours
	Time  haoban.TimeSource
	// Ratings records the chat's rating as a 好差评 rating; nil keeps it
	// on the conversation only.
	Ratings *Ratings
}

// maxHelpText bounds a question or a message, in characters.
const maxHelpText = 2000

// Start opens a conversation for the signed-in applicant and routes it; a
// retry with the same key returns the conversation it opened.
func (h *Help) Start(ctx context.Context, r Request, req haoban.HelpRequest, key string) (haoban.Conversation, error) {
	if !h.can(r, "ask") {
		return haoban.Conversation{}, haoban.Errorf(haoban.EFORBIDDEN, "只有办事群众可以请求人工帮办")
	}
	req.Question = strings.TrimSpace(req.Question)
	if req.Question == "" {
		return haoban.Conversation{}, haoban.Errorf(haoban.EINVALID, "请写下您的问题")
	}
	if utf8.RuneCountInString(req.Question) > maxHelpText {
		return haoban.Conversation{}, haoban.Errorf(haoban.EINVALID, "问题请不要超过 2000 字")
	}
	if key == "" {
		key = uuid.NewString()
	}
	c := haoban.Conversation{ID: uuid.NewString(), Channel: haoban.ConversationOnline, Applicant: r.User.ID,
		Question: req.Question, Department: req.Department, Bundle: req.Bundle, Item: req.Item, Draft: req.Draft,
		Transcript: req.Transcript, Status: haoban.ConversationWaiting, CreatedAt: h.Time.Now()}
	helpers, err := h.Store.HelperCandidates(ctx, c.Department, c.Item)
	if err != nil {
		return haoban.Conversation{}, err
	}
	c.Helper = Route(helpers)
	c, err = h.Store.CreateConversation(ctx, c, key)
	if err != nil {
		return haoban.Conversation{}, err
	}
	// The clock's workflow alerts helpers at 45 s; a failed start is
	// reported, and the retry with the same key starts it.
	if err := h.Flow.StartHelp(ctx, c.ID); err != nil {
		return c, err
	}
	return c, nil
}

// Route picks the helper for a conversation among the available ones whose
// skills cover it: an item skill beats a department skill, which beats
// every department; then the fewest open conversations; then the ID, so
// the choice is stable. "" when nobody is available: the conversation
// waits in the queue.
func Route(candidates []haoban.HelperLoad) string {
	if len(candidates) == 0 {
		return ""
	}
	best := slices.MinFunc(candidates, func(a, b haoban.HelperLoad) int {
		if a.Match != b.Match {
			return b.Match - a.Match
		}
		if a.Open != b.Open {
			return a.Open - b.Open
		}
		return strings.Compare(a.Helper, b.Helper)
	})
	return best.Helper
}

// HelpView is a conversation with its messages, as its reader sees it.
type HelpView struct {
	Conversation haoban.Conversation  `json:"conversation"`
	Messages     []haoban.HelpMessage `json:"messages"`
	// As is how the reader takes part: "applicant", "helper" or "supervisor".
	As string `json:"as"`
}

// Get returns a conversation to its applicant, to a helper whose skills
// cover it (or who has it), and to supervisors. Another applicant's is
// not found; a helper without the skill is refused.
func (h *Help) Get(ctx context.Context, r Request, id string) (HelpView, error) {
	c, as, err := h.readable(ctx, r, id)
	if err != nil {
		return HelpView{}, err
	}
	msgs, err := h.Store.HelpMessagesAfter(ctx, c.ID, 0)
	if err != nil {
		return HelpView{}, err
	}
	return HelpView{Conversation: c, Messages: msgs, As: as}, nil
}

// MessagesAfter lists a readable conversation's messages after id, for a
// stream resuming with Last-Event-ID.
func (h *Help) MessagesAfter(ctx context.Context, r Request, id string, after int64) ([]haoban.HelpMessage, error) {
	if _, _, err := h.readable(ctx, r, id); err != nil {
		return nil, err
	}
	return h.Store.HelpMessagesAfter(ctx, id, after)
}

// Readable returns the conversation when the user may read it, and how
// they take part in it.
func (h *Help) Readable(ctx context.Context, r Request, id string) (haoban.Conversation, string, error) {
	return h.readable(ctx, r, id)
}

func (h *Help) readable(ctx context.Context, r Request, id string) (haoban.Conversation, string, error) {
	notFound := haoban.Errorf(haoban.ENOTFOUND, "没有找到这次帮办对话")
	c, err := h.Store.FindConversation(ctx, id)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return c, "", notFound
	}
	if err != nil {
		return c, "", err
	}
	switch {
	case c.Applicant != "" && c.Applicant == r.User.ID:
		return c, "applicant", nil
	case h.can(r, "supervise"):
		return c, "supervisor", nil
	case h.can(r, "answer"):
		ok, err := h.covers(ctx, r.User.ID, c)
		if err != nil {
			return c, "", err
		}
		if !ok {
			return c, "", haoban.Errorf(haoban.EFORBIDDEN, "这次对话不在您的帮办范围内")
		}
		return c, "helper", nil
	}
	// An applicant learns nothing of another's conversation.
	return c, "", notFound
}

// covers reports whether the helper has the conversation or a skill for it.
func (h *Help) covers(ctx context.Context, helper string, c haoban.Conversation) (bool, error) {
	if c.Helper == helper {
		return true, nil
	}
	skills, err := h.Store.HelperSkills(ctx, helper)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(skills, func(s haoban.HelperSkill) bool { return SkillCovers(s, c.Department, c.Item) }), nil
}

// SkillCovers reports whether a skill covers a department's item: every
// department ("*"), the department, or only its item.
func SkillCovers(s haoban.HelperSkill, department, item string) bool {
	switch {
	case s.Department == haoban.AnyDepartment:
		return true
	case s.Department != department || department == "":
		return false
	}
	return s.Item == "" || s.Item == item
}

// Mine lists the signed-in applicant's conversations.
func (h *Help) Mine(ctx context.Context, r Request) ([]haoban.Conversation, error) {
	if !h.can(r, "ask") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有办事群众可以查看自己的帮办对话")
	}
	return h.Store.ApplicantConversations(ctx, r.User.ID)
}

// can asks the policy about the help desk in the user's own department: a
// helper may be tied to one, and the check of their skills is in Go.
func (h *Help) can(r Request, act string) bool {
	return can(h.Authz, r.User, r.User.Department, "help", act)
}
