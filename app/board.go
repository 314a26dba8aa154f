package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// BoardTask is one task on the board with its clock, its case, and the
// names people read.
type BoardTask struct {
	haoban.Task
	Clock          deadline.Status    `json:"clock"`
	Risk           string             `json:"risk"` // at_risk, overdue, paused or ok
	Case           haoban.CaseSummary `json:"case"`
	DepartmentName string             `json:"department_name"`
	AssigneeName   string             `json:"assignee_name"`
}

// NeedsAttention says a task belongs on the board's default view: at risk,
// overdue or paused, or with three working days or fewer left.
func (t BoardTask) NeedsAttention() bool {
	return t.Risk != "ok" || t.Clock.State != deadline.Running || t.Clock.Remaining <= 3
}

// Board views: everything ("" or all), what needs attention, or one risk.
var boardStates = []string{"", "all", "attention", "at_risk", "overdue", "paused"}

// inView says whether a task belongs to a view of the board.
func (t BoardTask) inView(state string) bool {
	switch state {
	case "", "all":
		return true
	case "attention":
		return t.NeedsAttention()
	case "at_risk":
		return t.Risk == "at_risk" || t.Risk == "overdue"
	}
	return t.Risk == state
}

// Person is someone a page names and a form may pick.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// DepartmentCount is one department on the board with its tasks in view.
type DepartmentCount struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Board is what the supervisors watch, the least time left first, a page
// at a time.
type Board struct {
	Tasks []BoardTask `json:"tasks"`
	// NextCursor asks for the next page ("" on the last); Total is how
	// many tasks the view holds in all.
	NextCursor string `json:"next_cursor"`
	Total      int    `json:"total"`
	// Counts are the tasks of each view, in the department asked for.
	Counts map[string]int `json:"counts"`
	// Departments are the departments with running clocks, with how many
	// tasks of the view asked for each has.
	Departments []DepartmentCount `json:"departments"`
	// Reviewers are, per department on the board, who a task may be
	// reassigned to.
	Reviewers map[string][]Person `json:"reviewers"`
	// Warnings name what the board cannot compute, such as a year whose
	// holidays nobody has loaded.
	Warnings []string `json:"warnings"`
	// LinkedFailures are linked licences whose reissue failed (联动变更).
	LinkedFailures []haoban.LinkedFailure `json:"linked_failures"`
	// Knowledge is the knowledge base's open tasks (知识库待补) and the
	// versions taking effect before their entries are published.
	Knowledge *KnowledgeBoard `json:"knowledge,omitempty"`
	// Obstacles is the open 办不成事 reports, grouped by item.
	Obstacles *ObstacleBoard `json:"obstacles,omitempty"`
	// Ratings is 好差评's open rectifications and the named bad ratings
	// not yet followed up.
	Ratings *RatingBoard `json:"ratings,omitempty"`
}

// boardKey is a task's place on the board: the working days left, then
// its ID. The days left are read now, so a cursor kept overnight may
// start the next page a little off; within a day it is exact.
type boardKey struct {
	Remaining int    `json:"r"`
	ID        string `json:"id"`
}

func (t BoardTask) key() boardKey { return boardKey{Remaining: t.Clock.Remaining, ID: t.ID} }

func (k boardKey) compare(o boardKey) int {
	return cmp.Or(cmp.Compare(k.Remaining, o.Remaining), cmp.Compare(k.ID, o.ID))
}

// Board reads every running clock now; nothing about deadlines is stored
// where it could go stale. state is a view ("" or all, attention, at_risk,
// overdue, paused); department a department's code or "" for all; page
// the page of the view's tasks to show.
func (s *Supervision) Board(ctx context.Context, state, department string, page haoban.PageRequest) (Board, error) {
	out := Board{Tasks: []BoardTask{}, Warnings: []string{}, Counts: map[string]int{}, Departments: []DepartmentCount{},
		Reviewers: map[string][]Person{}}
	if !slices.Contains(boardStates, state) {
		return out, haoban.FieldErrorf(haoban.EINVALID, "query.state", "未知的视图：%s", state)
	}
	var after *boardKey
	if page.Cursor != "" {
		after = &boardKey{}
		if err := haoban.DecodeCursor(page.Cursor, after); err != nil {
			return out, err
		}
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return out, err
	}
	tasks, err := s.Store.OpenTasks(ctx, "")
	if err != nil {
		return out, err
	}
	if out.LinkedFailures, err = s.Store.LinkedFailures(ctx); err != nil {
		return out, err
	}
	if out.LinkedFailures == nil {
		out.LinkedFailures = []haoban.LinkedFailure{}
	}
	names, err := ReadNames(ctx, s.Tasks.Store)
	if err != nil {
		return out, err
	}
	at := now(s.Time)
	perDept := map[string]int{}
	var caseIDs []string
	for _, t := range tasks {
		ck, ok := deadline.ForTask(t)
		if !ok {
			continue
		}
		st, warning, err := readClock(ck, cal, at)
		if err != nil {
			return out, err
		}
		if st == nil {
			if !slices.Contains(out.Warnings, warning) {
				out.Warnings = append(out.Warnings, warning)
			}
			continue
		}
		bt := BoardTask{Task: t, Clock: *st, Risk: riskOf(*st), DepartmentName: names.Department(t.Department)}
		if t.Assignee != "" {
			bt.AssigneeName = names.User(t.Assignee)
		}
		if bt.inView(state) {
			perDept[t.Department]++
		}
		if department != "" && t.Department != department {
			continue
		}
		for _, v := range boardStates[1:] {
			if bt.inView(v) {
				out.Counts[v]++
			}
		}
		if bt.inView(state) {
			out.Tasks = append(out.Tasks, bt)
		}
	}
	out.Total = len(out.Tasks)
	slices.SortFunc(out.Tasks, func(a, b BoardTask) int { return a.key().compare(b.key()) })
	if after != nil {
		out.Tasks = slices.DeleteFunc(out.Tasks, func(t BoardTask) bool { return t.key().compare(*after) <= 0 })
	}
	if size := page.Size(); len(out.Tasks) > size {
		out.Tasks = out.Tasks[:size]
		out.NextCursor = haoban.EncodeCursor(out.Tasks[size-1].key())
	}
	for _, t := range out.Tasks {
		caseIDs = append(caseIDs, t.CaseID)
	}
	for code, n := range perDept {
		out.Departments = append(out.Departments, DepartmentCount{Code: code, Name: names.Department(code), Count: n})
	}
	slices.SortFunc(out.Departments, func(a, b DepartmentCount) int { return cmp.Compare(a.Name, b.Name) })
	if err := s.fillBoard(ctx, &out, caseIDs); err != nil {
		return out, err
	}
	if s.Knowledge != nil {
		kb, err := s.Knowledge.Board(ctx, department)
		if err != nil {
			return out, err
		}
		out.Knowledge = &kb
	}
	if s.Obstacles != nil {
		ob, err := s.Obstacles.Board(ctx, department)
		if err != nil {
			return out, err
		}
		out.Obstacles = &ob
	}
	if s.Ratings != nil {
		rb, err := s.Ratings.Board(ctx, department)
		if err != nil {
			return out, err
		}
		out.Ratings = &rb
	}
	for y := at.In(calendar.Zone).Year(); y <= at.In(calendar.Zone).Year()+1; y++ {
		if !cal.Covers(y) {
			out.Warnings = append(out.Warnings, fmt.Sprintf("%d 年的节假日安排尚未导入，跨入该年的期限无法计算：请管理员导入国务院办公厅通知", y))
		}
	}
	return out, nil
}

// fillBoard adds each task's case, and the reviewers of each department
// on the board.
func (s *Supervision) fillBoard(ctx context.Context, b *Board, caseIDs []string) error {
	if len(caseIDs) == 0 {
		return nil
	}
	cases, err := s.Store.CaseSummaries(ctx, caseIDs)
	if err != nil {
		return err
	}
	for i, t := range b.Tasks {
		b.Tasks[i].Case = cases[t.CaseID]
		if _, ok := b.Reviewers[t.Department]; !ok {
			if b.Reviewers[t.Department], err = s.Reviewers(ctx, t.Department); err != nil {
				return err
			}
		}
	}
	return nil
}

// Reviewers are the department's reviewers, by name: whom a supervisor may
// hand its tasks to.
func (s *Supervision) Reviewers(ctx context.Context, department string) ([]Person, error) {
	users, err := s.Store.UsersWithRole(ctx, haoban.RoleReviewer, department)
	if err != nil {
		return nil, err
	}
	out := []Person{}
	for _, u := range users {
		if u.Department == department && !u.Disabled {
			out = append(out, Person{ID: u.ID, Name: u.Name})
		}
	}
	slices.SortFunc(out, func(a, b Person) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

func riskOf(st deadline.Status) string {
	switch {
	case st.State == deadline.Overdue:
		return "overdue"
	case st.State == deadline.Paused:
		return "paused"
	case st.Remaining <= 1:
		return "at_risk"
	}
	return "ok"
}
