package app_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"haoban"
	"haoban/app"
	"haoban/calendar"
)

// helpStore keeps conversations in memory, as postgres.Store does.
type helpStore struct {
	mu        sync.Mutex
	convs     map[string]haoban.Conversation
	keys      map[string]string // applicant+key → conversation
	msgs      []haoban.HelpMessage
	skills    []haoban.HelperSkill
	available map[string]bool
	alerts    map[string]int // conversation → helpers alerted
	cal       *calendar.Calendar
	audits    []haoban.AuditEntry
}

func newHelpStore(cal *calendar.Calendar) *helpStore {
	return &helpStore{convs: map[string]haoban.Conversation{}, keys: map[string]string{},
		available: map[string]bool{}, alerts: map[string]int{}, cal: cal}
}

func (s *helpStore) Calendar(context.Context) (*calendar.Calendar, error) { return s.cal, nil }

func (s *helpStore) CreateConversation(_ context.Context, c haoban.Conversation, key string) (haoban.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.keys[c.Applicant+"\x00"+key]; ok {
		return s.convs[id], nil
	}
	s.keys[c.Applicant+"\x00"+key] = c.ID
	s.convs[c.ID] = c
	s.msgs = append(s.msgs, haoban.HelpMessage{ID: int64(len(s.msgs) + 1), Conversation: c.ID, From: "applicant",
		Author: c.Applicant, Text: c.Question, At: c.CreatedAt, Key: "question"})
	return c, nil
}

func (s *helpStore) FindConversation(_ context.Context, id string) (haoban.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.convs[id]
	if !ok {
		return c, haoban.Errorf(haoban.ENOTFOUND, "no conversation")
	}
	return c, nil
}

func (s *helpStore) HelpMessagesAfter(_ context.Context, id string, after int64) ([]haoban.HelpMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []haoban.HelpMessage
	for _, m := range s.msgs {
		if m.Conversation == id && m.ID > after {
			out = append(out, m)
		}
	}
	return out, nil
}

func (s *helpStore) append(m haoban.HelpMessage) haoban.HelpMessage {
	for _, o := range s.msgs {
		if o.Conversation == m.Conversation && o.Key == m.Key {
			return o
		}
	}
	m.ID = int64(len(s.msgs) + 1)
	s.msgs = append(s.msgs, m)
	return m
}

func (s *helpStore) AppendHelpMessage(_ context.Context, m haoban.HelpMessage) (haoban.HelpMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.append(m), nil
}

func (s *helpStore) HelperReply(_ context.Context, m haoban.HelpMessage, seconds int) (haoban.HelpMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m = s.append(m)
	c := s.convs[m.Conversation]
	if c.FirstResponseAt == nil {
		at, sec := m.At, seconds
		c.FirstResponseAt, c.FirstResponseSeconds, c.Helper, c.Status = &at, &sec, m.Author, haoban.ConversationOpen
		s.convs[c.ID] = c
	}
	return m, nil
}

func (s *helpStore) HelperSkills(_ context.Context, helper string) ([]haoban.HelperSkill, error) {
	var out []haoban.HelperSkill
	for _, sk := range s.skills {
		if sk.Helper == helper {
			out = append(out, sk)
		}
	}
	return out, nil
}

func (s *helpStore) HelperCandidates(_ context.Context, department, item string) ([]haoban.HelperLoad, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	best := map[string]int{}
	for _, sk := range s.skills {
		if !s.available[sk.Helper] || !app.SkillCovers(sk, department, item) {
			continue
		}
		m := 0
		switch {
		case sk.Department != haoban.AnyDepartment && sk.Item != "":
			m = 2
		case sk.Department != haoban.AnyDepartment:
			m = 1
		}
		if have, ok := best[sk.Helper]; !ok || m > have {
			best[sk.Helper] = m
		}
	}
	var out []haoban.HelperLoad
	for h, m := range best {
		open := 0
		for _, c := range s.convs {
			if c.Helper == h && !c.Ended() {
				open++
			}
		}
		out = append(out, haoban.HelperLoad{Helper: h, Match: m, Open: open})
	}
	return out, nil
}

func (s *helpStore) SetHelperAvailable(_ context.Context, helper string, available bool, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.available[helper] = available
	return nil
}

func (s *helpStore) HelperAvailable(_ context.Context, helper string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.available[helper], nil
}

func (s *helpStore) update(id string, ok func(haoban.Conversation) bool, f func(*haoban.Conversation), meta *haoban.AuditEntry) (haoban.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.convs[id]
	if !found {
		return c, haoban.Errorf(haoban.ENOTFOUND, "no conversation")
	}
	if !ok(c) {
		return c, haoban.Errorf(haoban.ECONFLICT, "state")
	}
	f(&c)
	s.convs[id] = c
	if meta != nil {
		s.audits = append(s.audits, *meta)
	}
	return c, nil
}

func (s *helpStore) TakeConversation(_ context.Context, id, helper string, meta haoban.AuditEntry) (haoban.Conversation, error) {
	return s.update(id, func(c haoban.Conversation) bool { return c.Status == haoban.ConversationWaiting },
		func(c *haoban.Conversation) { c.Helper = helper }, &meta)
}

func (s *helpStore) EndConversation(_ context.Context, id string, outcome haoban.ConversationStatus, worth bool, meta haoban.AuditEntry) (haoban.Conversation, error) {
	return s.update(id, func(c haoban.Conversation) bool { return !c.Ended() }, func(c *haoban.Conversation) {
		at := meta.At
		c.Status, c.Outcome, c.WorthKeeping, c.EndedAt = haoban.ConversationClosing, outcome, worth, &at
	}, &meta)
}

func (s *helpStore) ConfirmConversation(_ context.Context, id string, resolved bool, meta haoban.AuditEntry) (haoban.Conversation, error) {
	return s.update(id, func(c haoban.Conversation) bool { return c.Status == haoban.ConversationClosing }, func(c *haoban.Conversation) {
		at := meta.At
		c.ConfirmedAt, c.ConfirmedResolved, c.Status = &at, &resolved, haoban.ConversationUnsolved
		if resolved {
			c.Status = haoban.ConversationResolved
		}
	}, &meta)
}

func (s *helpStore) RateConversation(_ context.Context, id string, rating int, comment string) (haoban.Conversation, error) {
	return s.update(id, haoban.Conversation.Ended, func(c *haoban.Conversation) { c.Rating, c.RatingComment = rating, comment }, nil)
}

func (s *helpStore) list(keep func(haoban.Conversation) bool) []haoban.Conversation {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []haoban.Conversation
	for _, c := range s.convs {
		if keep(c) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b haoban.Conversation) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

func (s *helpStore) HelperConversations(_ context.Context, helper string) ([]haoban.Conversation, error) {
	return s.list(func(c haoban.Conversation) bool {
		return c.Helper == helper && c.Status != haoban.ConversationResolved && c.Status != haoban.ConversationUnsolved
	}), nil
}

func (s *helpStore) WaitingConversations(_ context.Context, skills []haoban.HelperSkill) ([]haoban.Conversation, error) {
	return s.list(func(c haoban.Conversation) bool {
		return c.Status == haoban.ConversationWaiting && (skills == nil ||
			slices.ContainsFunc(skills, func(sk haoban.HelperSkill) bool { return app.SkillCovers(sk, c.Department, c.Item) }))
	}), nil
}

func (s *helpStore) ApplicantConversations(_ context.Context, applicant string) ([]haoban.Conversation, error) {
	return s.list(func(c haoban.Conversation) bool { return c.Applicant == applicant }), nil
}

func (s *helpStore) ConversationsCreated(_ context.Context, from, to time.Time) ([]haoban.Conversation, error) {
	return s.list(func(c haoban.Conversation) bool { return !c.CreatedAt.Before(from) && c.CreatedAt.Before(to) }), nil
}

func (s *helpStore) AlertHelpers(_ context.Context, id string, at time.Time) error {
	_, err := s.update(id, func(c haoban.Conversation) bool { return true }, func(c *haoban.Conversation) {
		if c.AlertedAt == nil {
			c.AlertedAt = &at
			s.alerts[id]++
		}
	}, nil)
	return err
}

func (s *helpStore) MarkBreached(_ context.Context, id string, at time.Time) error {
	_, err := s.update(id, func(c haoban.Conversation) bool { return true }, func(c *haoban.Conversation) {
		if c.BreachedAt == nil {
			c.BreachedAt = &at
		}
	}, nil)
	return err
}

// helpFlow records the clocks started and nudged.
type helpFlow struct {
	mu      sync.Mutex
	started []string
	changed []string
}

func (f *helpFlow) StartHelp(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.started = append(f.started, id)
	return nil
}

func (f *helpFlow) HelpChanged(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.changed = append(f.changed, id)
	return nil
}

// gaps records the knowledge gaps opened.
type gaps struct{ opened []haoban.KnowledgeGap }

func (g *gaps) OpenGap(_ context.Context, k haoban.KnowledgeGap) error {
	g.opened = append(g.opened, k)
	return nil
}
