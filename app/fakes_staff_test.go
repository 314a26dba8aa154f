package app_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"haoban"
	"haoban/demo"
)

// The store's reads for the staff's pages: the inbox, the names, the
// cases behind the board's tasks.

func (s *store) DepartmentNames(context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, d := range demo.Departments() {
		out[d.Code] = d.Name
	}
	return out, nil
}

func (s *store) summary(c haoban.Case) haoban.CaseSummary {
	ent, _ := c.Form["enterprise.name"].(string)
	return haoban.CaseSummary{ID: c.ID, BundleName: c.BundleName, Applicant: c.Applicant, ApplicantName: s.users[c.Applicant].Name,
		Enterprise: ent, SubmittedAt: c.SubmittedAt}
}

func (s *store) CaseSummaries(_ context.Context, ids []string) (map[string]haoban.CaseSummary, error) {
	out := map[string]haoban.CaseSummary{}
	for _, id := range ids {
		if c, ok := s.cases[id]; ok {
			out[id] = s.summary(c)
		}
	}
	return out, nil
}

// returned marks tasks the applicant answered a supplement for.
func (s *store) returned(t haoban.Task) bool {
	for _, e := range s.cases[t.CaseID].Events {
		if e.Type == haoban.EventSupplementReceived && e.Detail["task"] == t.ID {
			return true
		}
	}
	return false
}

func openedKey(t *time.Time) time.Time {
	if t == nil {
		return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return *t
}

func (s *store) inbox(f haoban.InboxFilter) []haoban.InboxTask {
	var out []haoban.InboxTask
	for _, c := range s.cases {
		for _, t := range c.Tasks {
			it := inboxTask(t, s.summary(c), s.returned(t))
			if f.Departments != nil && !slices.Contains(f.Departments, t.Department) {
				continue
			}
			if f.Query != "" && !strings.Contains(c.ID+t.ItemName+c.BundleName+it.Case.Subject(), f.Query) {
				continue
			}
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(a, b haoban.InboxTask) int {
		return cmp.Or(openedKey(a.OpenedAt).Compare(openedKey(b.OpenedAt)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func inboxTask(t haoban.Task, c haoban.CaseSummary, returned bool) haoban.InboxTask {
	return haoban.InboxTask{Task: t, Case: c, Returned: returned}
}

func (s *store) InboxTasks(_ context.Context, f haoban.InboxFilter) ([]haoban.InboxTask, int, error) {
	var match []haoban.InboxTask
	for _, t := range s.inbox(f) {
		if (f.Statuses != nil && !slices.Contains(f.Statuses, t.Status)) || (f.Assignee != "" && t.Assignee != f.Assignee) ||
			(f.Unclaimed && t.Status != haoban.TaskOpen) || (f.Returned && !(t.Status == haoban.TaskClaimed && t.Returned)) {
			continue
		}
		match = append(match, t)
	}
	var page []haoban.InboxTask
	for _, t := range match {
		if f.After != nil {
			if c := cmp.Or(openedKey(t.OpenedAt).Compare(openedKey(f.After.OpenedAt)), cmp.Compare(t.ID, f.After.ID)); c <= 0 {
				continue
			}
		}
		if len(page) < f.Limit {
			page = append(page, t)
		}
	}
	return page, len(match), nil
}

func (s *store) CountInbox(_ context.Context, f haoban.InboxFilter, me string) (haoban.InboxCounts, error) {
	var n haoban.InboxCounts
	for _, t := range s.inbox(f) {
		switch t.Status {
		case haoban.TaskOpen:
			n.Open++
			n.Unclaimed++
		case haoban.TaskClaimed:
			n.Open++
			if t.Returned {
				n.Returned++
			}
		case haoban.TaskAwaitingSupplement:
			n.Open++
			n.Supplement++
		}
		if t.Assignee == me && (t.Status == haoban.TaskClaimed || t.Status == haoban.TaskAwaitingSupplement) {
			n.Mine++
		}
	}
	return n, nil
}
