package app_test

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/calendar"
	"haoban/demo"
	"haoban/policies"
	"haoban/riskmodel"
	"haoban/rules"
	"haoban/workflows"
)

// The use cases run here on in-memory fakes of the store and the workflow
// client, with the real Casbin policy: no database, no Temporal, no network.

// clock is a Tuesday morning in Beijing.
var clock = haoban.FixedTime{T: time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)}

// store keeps cases, tasks and the rest in maps. Embedding app.Store makes
// it one; a use case that reaches a method not written here panics, which
// names what the test forgot.
type store struct {
	app.Store
	mu        sync.Mutex
	bundles   map[string]haoban.Bundle
	cases     map[string]haoban.Case
	drafts    map[string]haoban.Draft
	users     map[string]haoban.User
	responses map[string]haoban.StoredResponse
	comments  []haoban.Comment
	mentioned []string // the people comments mentioned
	created   []haoban.NewCase
	audits    []haoban.AuditEntry
	delivered []haoban.Notification
	revoked   map[string]bool
	hits      map[string]int
	years     []haoban.CalendarYear
	rules     []rules.Rule
	materials []haoban.NewMaterial
	documents []haoban.Document
	// Kept by fakes_reads_test.go.
	events    map[string][]haoban.Event
	notes     []haoban.Notification
	models    map[string]riskmodel.Record
	linkRules []haoban.LinkRule
	prefill   []haoban.PrefillStats
	residents map[string]haoban.Resident
}

func newStore() *store {
	s := &store{bundles: map[string]haoban.Bundle{}, cases: map[string]haoban.Case{}, drafts: map[string]haoban.Draft{},
		users: map[string]haoban.User{}, responses: map[string]haoban.StoredResponse{}, revoked: map[string]bool{}, hits: map[string]int{}}
	for _, b := range []haoban.Bundle{demo.OpenRestaurant(), demo.Newborn()} {
		s.bundles[b.Code] = b
	}
	for _, u := range demo.Users() {
		s.users[u.ID] = u
	}
	return s
}

var errNotFound = haoban.Errorf(haoban.ENOTFOUND, "不存在")

func (s *store) FindBundle(_ context.Context, code string) (haoban.Bundle, error) {
	b, ok := s.bundles[code]
	if !ok {
		return b, errNotFound
	}
	return b, nil
}

func (s *store) FindCase(_ context.Context, id string) (haoban.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cases[id]
	if !ok {
		return c, errNotFound
	}
	return c, nil
}

func (s *store) FindTask(_ context.Context, id string) (haoban.Task, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cases {
		for _, t := range c.Tasks {
			if t.ID == id {
				return t, nil
			}
		}
	}
	return haoban.Task{}, errNotFound
}

func (s *store) ListCases(_ context.Context, f haoban.CaseFilter) ([]haoban.Case, error) {
	var out []haoban.Case
	for _, c := range s.cases {
		if f.Applicant != "" && c.Applicant != f.Applicant || f.Status != "" && c.Status != f.Status {
			continue
		}
		if f.After != nil && !caseBefore(c, *f.After) {
			continue
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b haoban.Case) int {
		return -cmp.Or(a.SubmittedAt.Compare(b.SubmittedAt), strings.Compare(a.ID, b.ID))
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// caseBefore reports whether c comes after key in a newest-first list.
func caseBefore(c haoban.Case, key haoban.CaseKey) bool {
	return c.SubmittedAt.Before(key.SubmittedAt) || c.SubmittedAt.Equal(key.SubmittedAt) && c.ID < key.ID
}

func (s *store) CreateCase(_ context.Context, nc haoban.NewCase) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.created {
		if c.Applicant == nc.Applicant && c.IdempotencyKey == nc.IdempotencyKey {
			if c.RequestHash != nc.RequestHash {
				return "", false, haoban.Errorf(haoban.ECONFLICT, "该 Idempotency-Key 已用于另一份申请")
			}
			return c.ID, false, nil
		}
	}
	s.created = append(s.created, nc)
	s.cases[nc.ID] = haoban.Case{ID: nc.ID, Bundle: nc.Bundle.Code, Applicant: nc.Applicant, Form: nc.Form, Status: haoban.CaseInReview}
	return nc.ID, true, nil
}

func (s *store) CaseIDByKey(_ context.Context, applicant, key string) (string, error) {
	for _, c := range s.created {
		if c.Applicant == applicant && c.IdempotencyKey == key {
			return c.ID, nil
		}
	}
	return "", nil
}

func (s *store) CaseAudit(_ context.Context, caseID string) ([]haoban.AuditEntry, error) {
	return []haoban.AuditEntry{{CaseID: caseID, Action: "submitted"}}, nil
}

func (s *store) Calendar(context.Context) (*calendar.Calendar, error) {
	return calendar.BuiltinCalendar()
}

func (s *store) AddressIDs(context.Context, []string) (map[string]int64, error) {
	return map[string]int64{}, nil
}

func (s *store) FindUser(_ context.Context, id string) (haoban.User, error) {
	u, ok := s.users[id]
	if !ok {
		return u, errNotFound
	}
	return u, nil
}

func (s *store) ListTasks(_ context.Context, f haoban.TaskFilter) ([]haoban.Task, error) {
	var out []haoban.Task
	for _, c := range s.cases {
		out = append(out, c.Tasks...)
	}
	return out, nil
}

func (s *store) FindResponse(_ context.Context, user, scope, key string) (haoban.StoredResponse, bool, error) {
	r, ok := s.responses[user+"/"+scope+"/"+key]
	return r, ok, nil
}

func (s *store) SaveResponse(_ context.Context, user, scope, key string, r haoban.StoredResponse) error {
	s.responses[user+"/"+scope+"/"+key] = r
	return nil
}

func (s *store) ListComments(_ context.Context, taskID string) ([]haoban.Comment, error) {
	out := []haoban.Comment{}
	for _, c := range s.comments {
		if c.TaskID == taskID {
			out = append(out, c)
		}
	}
	return out, nil
}

func (s *store) AddComment(_ context.Context, c haoban.Comment, caseID string, mentioned []string, meta haoban.AuditEntry) (haoban.Comment, error) {
	s.comments = append(s.comments, c)
	s.mentioned = append(s.mentioned, mentioned...)
	s.audits = append(s.audits, meta)
	return c, nil
}

// setTask changes a task of a case in place.
func (s *store) setTask(t haoban.Task) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cases[t.CaseID]
	for i := range c.Tasks {
		if c.Tasks[i].ID == t.ID {
			c.Tasks[i] = t
		}
	}
	s.cases[t.CaseID] = c
}

// flow records what the use cases hand to the workflows; err, when set,
// is the workflow's refusal, and apply plays the workflow's part.
type flow struct {
	app.CaseFlow
	calls []string
	err   error
	apply func(name string, in any)
}

func (f *flow) record(name string, in any) error {
	f.calls = append(f.calls, name)
	if f.err == nil && f.apply != nil {
		f.apply(name, in)
	}
	return f.err
}

func (f *flow) StartCase(_ context.Context, in workflows.CaseInput) error {
	return f.record("start", in)
}
func (f *flow) Claim(_ context.Context, _ string, in workflows.ClaimInput) error {
	return f.record("claim", in)
}
func (f *flow) Decide(_ context.Context, _, _ string, in workflows.DecideInput) error {
	return f.record("decide", in)
}
func (f *flow) Supplement(_ context.Context, _, _ string, in workflows.SupplementInput) error {
	return f.record("supplement", in)
}
func (f *flow) Withdraw(_ context.Context, _ string, in workflows.WithdrawInput) error {
	return f.record("withdraw", in)
}
func (f *flow) Reassign(_ context.Context, _ string, in workflows.ReassignInput) error {
	return f.record("reassign", in)
}
func (f *flow) Release(_ context.Context, _ string, in workflows.ReleaseInput) error {
	return f.record("release", in)
}
func (f *flow) Extend(_ context.Context, _ string, in workflows.ExtendInput) error {
	return f.record("extend", in)
}
func (f *flow) Suspend(_ context.Context, _ string, in workflows.SuspendInput) error {
	return f.record("suspend", in)
}
func (f *flow) Resume(_ context.Context, _ string, in workflows.ResumeInput) error {
	return f.record("resume", in)
}

// as is a request by a demo user.
func as(t *testing.T, s *store, id string) app.Request {
	t.Helper()
	u, ok := s.users[id]
	if !ok {
		t.Fatalf("no demo user %s", id)
	}
	return app.Request{User: u, RequestID: "req-1", ClientAddr: "127.0.0.1"}
}

func authz(t *testing.T) app.Authorizer {
	t.Helper()
	en, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	return en
}

// wantCode checks an error's code ("" for none) and returns its field.
func wantCode(t *testing.T, err error, code string) string {
	t.Helper()
	if got := haoban.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
	var e *haoban.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// restaurantCase is an in-review open-restaurant case of li-na with its
// tasks: the business licence open, the rest pending.
func (s *store) restaurantCase(id string) haoban.Case {
	b := s.bundles["open-restaurant"]
	c := haoban.Case{ID: id, Bundle: b.Code, Applicant: "li-na", Status: haoban.CaseInReview, Form: map[string]any{}}
	for _, it := range b.Items {
		task := haoban.Task{ID: haoban.TaskID(id, it.Code), CaseID: id, Item: it.Code, ItemName: it.Name,
			Department: it.Department, Status: haoban.TaskPending, BudgetDays: it.PromisedDays}
		if it.Code == "business-licence" {
			opened := clock.T.Add(-time.Hour)
			task.Status, task.OpenedAt = haoban.TaskOpen, &opened
		}
		c.Tasks = append(c.Tasks, task)
	}
	s.cases[id] = c
	return c
}
