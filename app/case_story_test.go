package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
)

func (s *store) FindDepartment(_ context.Context, code string) (haoban.Department, error) {
	for _, d := range demo.Departments() {
		if d.Code == code {
			return d, nil
		}
	}
	return haoban.Department{}, errNotFound
}

func (s *store) CountCases(ctx context.Context, f haoban.CaseFilter) (map[haoban.CaseStatus]int, error) {
	f.Status, f.After, f.Limit = "", nil, 0
	all, err := s.ListCases(ctx, f)
	counts := map[haoban.CaseStatus]int{}
	for _, c := range all {
		counts[c.Status]++
	}
	return counts, err
}

func event(typ, actor string, at time.Time, detail map[string]any) haoban.Event {
	return haoban.Event{Type: typ, Actor: actor, At: at, Detail: detail}
}

// refusedCase is li-na's case whose business licence samr refused, after
// a reviewer claimed it, was reminded and extended its period.
func refusedCase(s *store) haoban.Case {
	c := s.restaurantCase("c1")
	at := clock.T.Add(-48 * time.Hour)
	task := c.Tasks[0]
	task.Status, task.Comment, task.DecidedAt = haoban.TaskRejected, "经营场所与登记住所不符", &at
	c.Tasks[0] = task
	c.Prereview = map[string]any{"results": []any{
		map[string]any{"item": task.Item, "outcome": "failed", "message": "住所须为商业用房", "legal_basis": "《市场主体登记管理条例》第十一条"},
		map[string]any{"item": "fire-safety", "outcome": "failed", "message": "别的事项", "legal_basis": "别的依据"},
	}}
	d := map[string]any{"task": task.ID, "item": task.Item}
	c.Events = []haoban.Event{
		event(haoban.EventSubmitted, "li-na", at, map[string]any{}),
		event(haoban.EventTaskOpened, "system", at, d),
		event(haoban.EventTaskClaimed, "reviewer-samr", at, d),
		event(haoban.EventReminder, "system", at, d),
		event(haoban.EventDeadlineExtended, "supervisor", at, map[string]any{"task": task.ID, "item": task.Item, "days": 10, "reason": "需现场核查"}),
		event(haoban.EventTaskDecided, "reviewer-samr", at, map[string]any{"task": task.ID, "item": task.Item, "decision": "reject", "comment": task.Comment}),
	}
	s.cases["c1"] = c
	return c
}

func TestCaseTold(t *testing.T) {
	ctx := context.Background()
	c, s, _ := cases(t)
	refusedCase(s)
	v, err := c.Get(ctx, as(t, s, "li-na"), "c1")
	if err != nil {
		t.Fatal(err)
	}
	task := v.Tasks[0]
	t.Run("RefusalGivesReasonsBasisAndRemedies", func(t *testing.T) {
		r := task.Refusal
		if r == nil || !slices.Equal(r.Reasons, []string{"经营场所与登记住所不符", "住所须为商业用房"}) ||
			!slices.Contains(r.LegalBasis, "《市场主体登记管理条例》第十一条") || slices.Contains(r.LegalBasis, "别的依据") {
			t.Fatalf("refusal %+v", r)
		}
		if len(r.Remedies) != 2 || r.Remedies[0].Authority != "上海市浦东新区人民政府" || !strings.Contains(r.Remedies[0].Within, "60 日") ||
			r.Remedies[1].Authority != "上海市浦东新区人民法院" || !strings.Contains(r.Remedies[1].Within, "6 个月") {
			t.Fatalf("remedies %+v", r.Remedies)
		}
		if v.Tasks[1].Refusal != nil {
			t.Fatal("a pending item has a refusal")
		}
	})
	t.Run("NamesNotCodes", func(t *testing.T) {
		if task.DepartmentName != "市场监督管理局" {
			t.Fatalf("department %q", task.DepartmentName)
		}
		if len(task.ClockNotes) != 1 || !strings.Contains(task.ClockNotes[0], "延长 10 个工作日：需现场核查") {
			t.Fatalf("clock notes %v", task.ClockNotes)
		}
	})
	t.Run("ApplicantStoryHasNoInternalSteps", func(t *testing.T) {
		text := fmt.Sprint(v.Story)
		if len(v.Story) != 4 || strings.Contains(text, "受理审查") || strings.Contains(text, "提醒") ||
			strings.Contains(text, "reviewer-samr") || !strings.Contains(text, "市场监督管理局对「") {
			t.Fatalf("story %v", v.Story)
		}
	})
	t.Run("StaffStoryHasEveryStep", func(t *testing.T) {
		staff, err := c.Get(ctx, as(t, s, "reviewer-samr"), "c1")
		if err != nil || len(staff.Story) != 6 || strings.Contains(fmt.Sprint(staff.Story), "reviewer-samr") {
			t.Fatalf("story %v, %v", staff.Story, err)
		}
	})
	t.Run("DecidedItemIsDone", func(t *testing.T) {
		if task.Progress == nil || task.Progress.Kind != "done" {
			t.Fatalf("progress %+v", task.Progress)
		}
	})
}

func TestCaseProgress(t *testing.T) {
	ctx := context.Background()
	c, s, _ := cases(t)
	for name, tc := range map[string]struct {
		status    haoban.CaseStatus
		submitted time.Time
		kind      string
		days      int
	}{
		// 3 March 2026 is a Tuesday; the promised limit is 20 working days.
		"Running":     {haoban.CaseInReview, clock.T.AddDate(0, 0, -7), "running", 14},
		"Overdue":     {haoban.CaseInReview, clock.T.AddDate(0, 0, -35), "overdue", 1},
		"LongOverdue": {haoban.CaseInReview, clock.T.AddDate(0, 0, -42), "overdue", 6},
		"Completed":   {haoban.CaseCompleted, clock.T.AddDate(0, 0, -35), "done", 0},
		"Withdrawn":   {haoban.CaseWithdrawn, clock.T.AddDate(0, 0, -7), "stopped", 0},
	} {
		t.Run(name, func(t *testing.T) {
			k := s.restaurantCase("c1")
			k.Status, k.SubmittedAt, k.BudgetDays = tc.status, tc.submitted, 20
			if tc.status == haoban.CaseCompleted {
				done := clock.T
				k.CompletedAt = &done
			}
			s.cases["c1"] = k
			v, err := c.Get(ctx, as(t, s, "li-na"), "c1")
			if err != nil {
				t.Fatal(err)
			}
			if p := v.Progress; p == nil || p.Kind != tc.kind || p.Days != tc.days {
				t.Fatalf("progress %+v, want %s %d (clock %+v)", p, tc.kind, tc.days, v.Clock)
			}
		})
	}
}

func TestSupplementAsked(t *testing.T) {
	ctx := context.Background()
	c, s, _ := cases(t)
	k := s.restaurantCase("c1")
	asked := clock.T.Add(-time.Hour)
	k.Status = haoban.CaseAwaitingSupplement
	k.Tasks[0].Status = haoban.TaskAwaitingSupplement
	k.Tasks[0].Missing = []haoban.Missing{{Kind: "field", Key: "food.categories", Reason: "请勾选全部项目"}, {Kind: "material", Key: "layout", Reason: "不清晰"}}
	k.Tasks[0].Pauses = []haoban.Pause{{Reason: "supplement", By: "reviewer-samr", From: asked}}
	k.Materials = []haoban.CaseMaterial{{Code: "layout", FileName: "old.pdf", UploadedAt: asked.Add(-time.Hour)},
		{Code: "layout", FileName: "new.pdf", UploadedAt: asked.Add(time.Minute)}}
	s.cases["c1"] = k
	v, err := c.Get(ctx, as(t, s, "li-na"), "c1")
	if err != nil {
		t.Fatal(err)
	}
	a := v.Tasks[0].Asked
	if len(a) != 2 || a[0].Label != "经营项目" || a[0].Field == nil || a[0].Field.Type != haoban.FieldChoices ||
		a[1].Label != "设备布局和操作流程图" || a[1].Uploaded != "new.pdf" {
		t.Fatalf("asked %+v", a)
	}
	// 20 working days from Tuesday 3 March 2026 is Tuesday 31 March.
	if by := v.Tasks[0].AnswerBy; by == nil || by.Format("2006-01-02") != "2026-03-31" {
		t.Fatalf("answer by %v", by)
	}
}

func TestCaseListPages(t *testing.T) {
	ctx := context.Background()
	c, s, _ := cases(t)
	for i := range 7 {
		k := s.restaurantCase(fmt.Sprintf("c%d", i))
		k.SubmittedAt = clock.T.Add(-time.Duration(i/2) * time.Hour) // pairs share a time: the ID breaks the tie
		if i == 3 {
			k.Status, k.Tasks[0].Status = haoban.CaseAwaitingSupplement, haoban.TaskAwaitingSupplement
		}
		k.Form["enterprise.name"] = "上海小笼馆有限公司"
		s.cases[k.ID] = k
	}
	seen := map[string]int{}
	q := app.CaseQuery{Limit: 3}
	for pages := 0; ; pages++ {
		list, err := c.List(ctx, as(t, s, "li-na"), q)
		if err != nil || list.Total != 7 || list.Counts["awaiting_supplement"] != 1 || pages > 3 {
			t.Fatalf("page %d: %+v, %v", pages, list, err)
		}
		for _, k := range list.Cases {
			seen[k.ID]++
			if k.Subject != "上海小笼馆有限公司" || k.AwaitingApplicant != (k.ID == "c3") || k.NextStep == "" {
				t.Fatalf("summary %+v", k)
			}
		}
		if list.NextCursor == "" {
			break
		}
		q.Cursor = list.NextCursor
	}
	if len(seen) != 7 {
		t.Fatalf("saw %v", seen)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("case %s seen %d times", id, n)
		}
	}
	t.Run("ByState", func(t *testing.T) {
		list, err := c.List(ctx, as(t, s, "li-na"), app.CaseQuery{Status: "awaiting_supplement"})
		if err != nil || list.Total != 1 || len(list.Cases) != 1 || list.Cases[0].NextStep != "请补正："+list.Cases[0].Tasks[0].ItemName {
			t.Fatalf("%+v, %v", list, err)
		}
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		_, err := c.List(ctx, as(t, s, "li-na"), app.CaseQuery{Cursor: "!!"})
		wantCode(t, err, haoban.EINVALID)
	})
}
