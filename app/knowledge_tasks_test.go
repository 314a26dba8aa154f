package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
)

func TestOpenGap(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		k, s := knowledgeTasks(t, tuesday)
		gap := haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "食品经营许可证要多久？", Item: "food-licence", Key: "ask:1"}
		for range 2 {
			if err := k.OpenGap(ctx, gap); err != nil {
				t.Fatal(err)
			}
		}
		if len(s.tasks) != 1 || len(s.audits) != 1 {
			t.Fatalf("opening twice: %d tasks, %d audit entries, want 1 and 1", len(s.tasks), len(s.audits))
		}
		for _, task := range s.tasks {
			if task.Department != "samr" {
				t.Errorf("department %q, want the item's, samr", task.Department)
			}
			// Five working days after Tuesday 3 March: Tuesday 10 March, to its end.
			if want := time.Date(2026, 3, 11, 0, 0, 0, 0, haoban.Beijing); !task.DueAt.Equal(want) {
				t.Errorf("due %v, want %v", task.DueAt, want)
			}
		}
	})
	t.Run("OwnerOfBundleThenCentre", func(t *testing.T) {
		k, _ := knowledgeTasks(t, tuesday)
		for _, tc := range []struct {
			gap  haoban.KnowledgeGap
			want string
		}{
			{haoban.KnowledgeGap{Source: haoban.GapHelper, Question: "q", Answer: "a", Department: "fire", Item: "food-licence", Key: "k1"}, "fire"},
			{haoban.KnowledgeGap{Source: haoban.GapHelper, Question: "q", Bundle: demo.Newborn().Code, Key: "k2"}, demo.Newborn().Lead},
			{haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "q", Item: "no-such-item", Key: "k3"}, app.CentreDepartment},
			{haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "q", Key: "k4"}, app.CentreDepartment},
		} {
			task, err := k.Open(ctx, tc.gap)
			if err != nil {
				t.Fatal(err)
			}
			if task.Department != tc.want {
				t.Errorf("gap %s: department %q, want %q", tc.gap.Key, task.Department, tc.want)
			}
		}
	})
	t.Run("NextYearNotLoaded", func(t *testing.T) {
		// 5 working days from 28 December 2027 run into 2028, whose
		// holidays nobody has loaded: the gap is still kept.
		k, _ := knowledgeTasks(t, time.Date(2027, 12, 28, 10, 0, 0, 0, haoban.Beijing))
		task, err := k.Open(ctx, haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "q", Key: "k"})
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2028, 1, 5, 0, 0, 0, 0, haoban.Beijing); !task.DueAt.Equal(want) {
			t.Errorf("due %v, want a week on, %v", task.DueAt, want)
		}
		l, err := k.List(ctx, demoUser(t, "catalogue-admin"), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Open) != 1 || l.Open[0].Clock != nil {
			t.Errorf("listed %+v, want the task without a clock", l.Open)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		k, _ := knowledgeTasks(t, tuesday)
		for _, gap := range []haoban.KnowledgeGap{
			{Source: haoban.GapAssistant, Question: "q"},
			{Source: haoban.GapAssistant, Key: "k"},
			{Source: "phone", Question: "q", Key: "k"},
		} {
			wantCode(t, k.OpenGap(ctx, gap), haoban.EINVALID)
		}
	})
}

func TestCloseKnowledgeTask(t *testing.T) {
	ctx := context.Background()
	open := func(t *testing.T, k *app.KnowledgeTasks, item string) haoban.KnowledgeTask {
		t.Helper()
		task, err := k.Open(ctx, haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "要带原件吗？", Item: item, Key: "gap-" + item})
		if err != nil {
			t.Fatal(err)
		}
		return task
	}
	t.Run("OK", func(t *testing.T) {
		k, s := knowledgeTasks(t, tuesday)
		task := open(t, k, "food-licence")
		s.entries["entry-1"] = true
		got, err := k.Close(ctx, demoUser(t, "editor-samr"), task.ID, app.KnowledgeTaskClose{Entry: "entry-1"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != haoban.KnowledgeTaskDone || got.Entry != "entry-1" || got.ClosedBy != "editor-samr" {
			t.Fatalf("closed as %+v", got)
		}
		_, err = k.Close(ctx, demoUser(t, "reviewer-samr"), task.ID, app.KnowledgeTaskClose{Dismiss: true, Reason: "重复"})
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("Dismissed", func(t *testing.T) {
		k, _ := knowledgeTasks(t, tuesday)
		task := open(t, k, "food-licence")
		_, err := k.Close(ctx, demoUser(t, "reviewer-samr"), task.ID, app.KnowledgeTaskClose{Dismiss: true})
		if f := wantCode(t, err, haoban.EINVALID); f != "reason" {
			t.Errorf("field %q, want reason", f)
		}
		got, err := k.Close(ctx, demoUser(t, "reviewer-samr"), task.ID, app.KnowledgeTaskClose{Dismiss: true, Reason: "与本部门无关的咨询"})
		if err != nil || got.Status != haoban.KnowledgeTaskDismissed {
			t.Fatalf("dismissed: %+v, %v", got, err)
		}
	})
	t.Run("ErrUnknownEntry", func(t *testing.T) {
		k, _ := knowledgeTasks(t, tuesday)
		task := open(t, k, "food-licence")
		_, err := k.Close(ctx, demoUser(t, "editor-samr"), task.ID, app.KnowledgeTaskClose{Entry: "nothing"})
		if f := wantCode(t, err, haoban.EINVALID); f != "entry" {
			t.Errorf("field %q, want entry", f)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		k, s := knowledgeTasks(t, tuesday)
		task := open(t, k, "food-licence")
		s.entries["entry-1"] = true
		for _, who := range []string{"editor-fire", "reviewer-fire", "li-na", "supervisor", "leader-samr"} {
			_, err := k.Close(ctx, demoUser(t, who), task.ID, app.KnowledgeTaskClose{Entry: "entry-1"})
			wantCode(t, err, haoban.EFORBIDDEN)
		}
		// The centre's tasks are the catalogue admin's, not a department's.
		centre, err := k.Open(ctx, haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "在哪里办？", Key: "centre"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = k.Close(ctx, demoUser(t, "editor-samr"), centre.ID, app.KnowledgeTaskClose{Entry: "entry-1"})
		wantCode(t, err, haoban.EFORBIDDEN)
		if _, err := k.Close(ctx, demoUser(t, "catalogue-admin"), centre.ID, app.KnowledgeTaskClose{Entry: "entry-1"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestListKnowledgeTasks(t *testing.T) {
	ctx := context.Background()
	k, _ := knowledgeTasks(t, tuesday)
	for _, item := range []string{"food-licence", "birth-certificate"} {
		if err := k.OpenGap(ctx, haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "问", Item: item, Key: item}); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("OwnDepartment", func(t *testing.T) {
		l, err := k.List(ctx, demoUser(t, "reviewer-samr"), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Open) != 1 || l.Open[0].Department != "samr" || !l.CanClose || l.DepartmentName != "市场监督管理局" {
			t.Fatalf("list %+v", l)
		}
		if c := l.Open[0].Clock; c == nil || c.Remaining != 5 {
			t.Errorf("clock %+v, want 5 working days left", c)
		}
	})
	t.Run("SupervisorReadsAll", func(t *testing.T) {
		l, err := k.List(ctx, demoUser(t, "supervisor"), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Open) != 2 || l.CanClose {
			t.Fatalf("supervisor's list: %d open, can close %v; want 2 and false", len(l.Open), l.CanClose)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		_, err := k.List(ctx, demoUser(t, "reviewer-fire"), "samr")
		wantCode(t, err, haoban.EFORBIDDEN)
		_, err = k.List(ctx, demoUser(t, "zhang-wei"), "")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
}

func TestKnowledgeBoard(t *testing.T) {
	ctx := context.Background()
	t.Run("OverdueFirst", func(t *testing.T) {
		k, _ := knowledgeTasks(t, tuesday)
		if err := k.OpenGap(ctx, haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "旧问题", Item: "food-licence", Key: "old"}); err != nil {
			t.Fatal(err)
		}
		// Read on Thursday 12 March: the task was due on Tuesday 10 March.
		k.Time = haoban.FixedTime{T: time.Date(2026, 3, 12, 9, 0, 0, 0, haoban.Beijing)}
		if err := k.OpenGap(ctx, haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "新问题", Item: "food-licence", Key: "new"}); err != nil {
			t.Fatal(err)
		}
		b, err := k.Board(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Tasks) != 2 || b.Tasks[0].Question != "旧问题" || !b.Tasks[0].Overdue || b.Tasks[1].Overdue {
			t.Fatalf("board %+v", b.Tasks)
		}
		if b.Tasks[0].Clock.Remaining != -2 {
			t.Errorf("overdue task: %d days left, want -2", b.Tasks[0].Clock.Remaining)
		}
	})
	t.Run("PublicationWarnings", func(t *testing.T) {
		// Monday 9 March, 16:00. A version effective Tuesday 00:00 has no
		// working day left; one effective Wednesday has Tuesday.
		monday := time.Date(2026, 3, 9, 16, 0, 0, 0, haoban.Beijing)
		k, s := knowledgeTasks(t, monday)
		tue, wed := time.Date(2026, 3, 10, 0, 0, 0, 0, haoban.Beijing), time.Date(2026, 3, 11, 0, 0, 0, 0, haoban.Beijing)
		s.upcoming = []haoban.UpcomingVersion{
			{Kind: haoban.KnowledgeBundle, Ref: "open-restaurant", Name: "开办餐饮店", Department: "samr", Version: 2, EffectiveFrom: tue},
			{Kind: haoban.KnowledgePolicy, Ref: "newborn-childcare-subsidy", Name: "新生儿一次性育儿补贴", Department: "health", Version: 3, EffectiveFrom: tue},
			{Kind: haoban.KnowledgeBundle, Ref: "newborn", Name: "新生儿出生", Department: "health", Version: 4, EffectiveFrom: wed},
		}
		s.published["policy/newborn-childcare-subsidy/3"] = true
		ws, err := k.PublicationWarnings(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(ws) != 1 || ws[0].Ref != "open-restaurant" || ws[0].DepartmentName != "市场监督管理局" {
			t.Fatalf("warnings %+v, want only the restaurant bundle's", ws)
		}
		// On Tuesday morning Wednesday's version is less than a day away.
		k.Time = haoban.FixedTime{T: time.Date(2026, 3, 10, 9, 0, 0, 0, haoban.Beijing)}
		if ws, err = k.PublicationWarnings(ctx, "health"); err != nil {
			t.Fatal(err)
		}
		if len(ws) != 1 || ws[0].Ref != "newborn" {
			t.Fatalf("Tuesday's warnings for health %+v, want the newborn bundle's", ws)
		}
	})
	t.Run("AfterAHoliday", func(t *testing.T) {
		// Wednesday 30 September 2026: 国庆 runs to 7 October, so a version
		// effective on 8 October has no working day before it.
		k, s := knowledgeTasks(t, time.Date(2026, 9, 30, 10, 0, 0, 0, haoban.Beijing))
		s.upcoming = []haoban.UpcomingVersion{{Kind: haoban.KnowledgeBundle, Ref: "open-restaurant", Name: "开办餐饮店",
			Department: "samr", Version: 2, EffectiveFrom: time.Date(2026, 10, 8, 0, 0, 0, 0, haoban.Beijing)}}
		ws, err := k.PublicationWarnings(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(ws) != 1 {
			t.Fatalf("warnings %+v, want one across the holiday", ws)
		}
	})
}

func TestRemindDueKnowledgeTasks(t *testing.T) {
	ctx := context.Background()
	k, s := knowledgeTasks(t, tuesday)
	for _, gap := range []haoban.KnowledgeGap{
		{Source: haoban.GapAssistant, Question: "食品经营许可证能加急吗？", Item: "food-licence", Key: "samr"},
		{Source: haoban.GapAssistant, Question: "大厅几点开门？", Key: "centre"},
	} {
		if err := k.OpenGap(ctx, gap); err != nil {
			t.Fatal(err)
		}
	}
	// Friday 6 March: 2 working days left (Monday, Tuesday); no reminder.
	k.Time = haoban.FixedTime{T: time.Date(2026, 3, 6, 9, 0, 0, 0, haoban.Beijing)}
	if n, err := k.RemindDue(ctx); err != nil || n != 0 {
		t.Fatalf("Friday: %d reminded, %v; want 0", n, err)
	}
	// Monday 9 March: one working day left; each task reminded once.
	k.Time = haoban.FixedTime{T: time.Date(2026, 3, 9, 9, 0, 0, 0, haoban.Beijing)}
	for _, want := range []int{2, 0} {
		n, err := k.RemindDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Fatalf("Monday: %d reminded, want %d", n, want)
		}
	}
	got := map[string]bool{}
	for _, n := range s.notes {
		got[n.UserID] = true
	}
	for _, who := range []string{"reviewer-samr", "reviewer-samr-2", "editor-samr", "catalogue-admin"} {
		if !got[who] {
			t.Errorf("%s was not reminded", who)
		}
	}
	if got["editor-fire"] || got["reviewer-fire"] || got["supervisor"] {
		t.Errorf("reminded others: %v", got)
	}
}
