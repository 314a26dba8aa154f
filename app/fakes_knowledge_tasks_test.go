package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/calendar"
	"haoban/demo"
)

// ktStore keeps knowledge tasks, leaders' sessions and the knowledge
// base's published versions in memory.
type ktStore struct {
	tasks     map[string]haoban.KnowledgeTask
	entries   map[string]bool
	published map[string]bool // kind/ref/version
	upcoming  []haoban.UpcomingVersion
	sessions  []haoban.LeaderSession
	top       map[string][]haoban.ItemCount
	audits    []haoban.AuditEntry
	reminded  map[string]bool
	notes     []haoban.Notification
}

func newKTStore() *ktStore {
	return &ktStore{tasks: map[string]haoban.KnowledgeTask{}, entries: map[string]bool{}, published: map[string]bool{},
		top: map[string][]haoban.ItemCount{}, reminded: map[string]bool{}}
}

func (s *ktStore) Calendar(context.Context) (*calendar.Calendar, error) {
	return calendar.BuiltinCalendar()
}

func (s *ktStore) DepartmentNames(context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, d := range demo.Departments() {
		out[d.Code] = d.Name
	}
	return out, nil
}

func (s *ktStore) ListUsers(context.Context) ([]haoban.User, error) { return demo.Users(), nil }

func (s *ktStore) OpenKnowledgeTask(_ context.Context, t haoban.KnowledgeTask, meta haoban.AuditEntry) (haoban.KnowledgeTask, error) {
	for _, old := range s.tasks {
		if old.Key == t.Key {
			return old, nil
		}
	}
	s.tasks[t.ID] = t
	s.audits = append(s.audits, meta)
	return t, nil
}

func (s *ktStore) FindKnowledgeTask(_ context.Context, id string) (haoban.KnowledgeTask, error) {
	t, ok := s.tasks[id]
	if !ok {
		return t, haoban.Errorf(haoban.ENOTFOUND, "知识库待补任务不存在")
	}
	return t, nil
}

func (s *ktStore) KnowledgeTasks(_ context.Context, department string, since time.Time) ([]haoban.KnowledgeTask, error) {
	var out []haoban.KnowledgeTask
	for _, t := range s.tasks {
		if (department == "" || t.Department == department) && (t.ClosedAt == nil || !t.ClosedAt.Before(since)) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b haoban.KnowledgeTask) int { return a.OpenedAt.Compare(b.OpenedAt) })
	return out, nil
}

func (s *ktStore) CloseKnowledgeTask(_ context.Context, t haoban.KnowledgeTask, meta haoban.AuditEntry) (haoban.KnowledgeTask, error) {
	if s.tasks[t.ID].Status != haoban.KnowledgeTaskOpen {
		return t, haoban.Errorf(haoban.ECONFLICT, "这项任务已经处理过了")
	}
	s.tasks[t.ID] = t
	s.audits = append(s.audits, meta)
	return t, nil
}

func (s *ktStore) RemindKnowledgeTask(_ context.Context, id, department string, roles []string, note haoban.Notification, at time.Time) (bool, error) {
	if s.reminded[id] {
		return false, nil
	}
	s.reminded[id] = true
	for _, u := range demo.Users() {
		if u.Department == department && slices.ContainsFunc(roles, u.HasRole) {
			note.UserID = u.ID
			s.notes = append(s.notes, note)
		}
	}
	return true, nil
}

func (s *ktStore) KnowledgeEntryExists(_ context.Context, id string) (bool, error) {
	return s.entries[id], nil
}

func (s *ktStore) OwnerOfItem(_ context.Context, item string) (string, error) {
	for _, b := range demo.Bundles() {
		for _, it := range b.Items {
			if it.Code == item {
				return it.Department, nil
			}
		}
	}
	return "", haoban.Errorf(haoban.ENOTFOUND, "事项不存在")
}

func (s *ktStore) DepartmentItems(_ context.Context, department string) ([]haoban.Item, error) {
	var out []haoban.Item
	for _, b := range demo.Bundles() {
		for _, it := range b.Items {
			if it.Department == department && !slices.ContainsFunc(out, func(o haoban.Item) bool { return o.Code == it.Code }) {
				out = append(out, it)
			}
		}
	}
	return out, nil
}

func (s *ktStore) OwnerOfBundle(_ context.Context, bundle string) (string, error) {
	for _, b := range demo.Bundles() {
		if b.Code == bundle {
			return b.Lead, nil
		}
	}
	return "", haoban.Errorf(haoban.ENOTFOUND, "一件事不存在")
}

func (s *ktStore) UpcomingVersions(_ context.Context, from, to time.Time) ([]haoban.UpcomingVersion, error) {
	var out []haoban.UpcomingVersion
	for _, v := range s.upcoming {
		if v.EffectiveFrom.After(from) && !v.EffectiveFrom.After(to) {
			out = append(out, v)
		}
	}
	return out, nil
}

func (s *ktStore) KnowledgePublished(_ context.Context, kind haoban.KnowledgeKind, ref string, version int) (bool, error) {
	return s.published[fmt.Sprintf("%s/%s/%d", kind, ref, version)], nil
}

func (s *ktStore) RecordLeaderSession(_ context.Context, ls haoban.LeaderSession, meta haoban.AuditEntry) (haoban.LeaderSession, error) {
	for _, old := range s.sessions {
		if old.Leader == ls.Leader && old.Key == ls.Key {
			return old, nil
		}
	}
	s.sessions = append(s.sessions, ls)
	s.audits = append(s.audits, meta)
	return ls, nil
}

func (s *ktStore) LeaderSessions(_ context.Context, from, to time.Time) ([]haoban.LeaderSession, error) {
	var out []haoban.LeaderSession
	for _, ls := range s.sessions {
		if !ls.StartedAt.Before(from) && ls.StartedAt.Before(to) {
			out = append(out, ls)
		}
	}
	return out, nil
}

func (s *ktStore) TopItems(_ context.Context, department string, _, _ time.Time, n int) ([]haoban.ItemCount, error) {
	top := s.top[department]
	return top[:min(n, len(top))], nil
}

// demoUser is the demo user with that ID.
func demoUser(t *testing.T, id string) app.Request {
	t.Helper()
	for _, u := range demo.Users() {
		if u.ID == id {
			return app.Request{User: u, RequestID: "req-" + id, ClientAddr: "127.0.0.1"}
		}
	}
	t.Fatalf("no demo user %s", id)
	return app.Request{}
}

// tuesday is 10:00 on Tuesday 3 March 2026, Beijing time: an ordinary
// working week.
var tuesday = time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)

func knowledgeTasks(t *testing.T, at time.Time) (*app.KnowledgeTasks, *ktStore) {
	t.Helper()
	s := newKTStore()
	return &app.KnowledgeTasks{Store: s, Authz: authz(t), Time: haoban.FixedTime{T: at}}, s
}
