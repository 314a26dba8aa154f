package postgres_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
	"haoban/postgres"
	"haoban/postgres/pgtest"
)

func openStore(t *testing.T) *postgres.Store {
	t.Helper()
	ctx := context.Background()
	s, err := postgres.Open(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

func newCase(id, key string) haoban.NewCase {
	return haoban.NewCase{ID: id, Bundle: demo.Newborn(), Applicant: "zhang-wei", Form: demo.NewbornForm(),
		IdempotencyKey: key, RequestHash: "h-" + key, At: time.Now().UTC()}
}

func TestDemoLoadIsIdempotent(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if err := demo.Load(ctx, s); err != nil {
		t.Fatalf("second load: %v", err)
	}
	bundles, err := s.ListBundles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(bundles) != len(demo.Bundles()) {
		t.Fatalf("got %d bundles, want %d", len(bundles), len(demo.Bundles()))
	}
	rules, err := s.ListRules(ctx, nil)
	if err != nil || len(rules) != len(demo.Rules()) {
		t.Fatalf("got %d rules after a second load, want %d (%v)", len(rules), len(demo.Rules()), err)
	}
	b, err := s.FindBundle(ctx, "open-restaurant")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 5 || b.Items[0].Code != "business-licence" || b.Items[1].DependsOn[0] != "business-licence" {
		t.Fatalf("open-restaurant read back wrong: %+v", b.Items)
	}
	if fire, _ := b.Item("fire-check"); len(fire.Reminders) != 3 || fire.Reminders[1] != "3d" {
		t.Fatalf("fire-check reminders read back as %v", fire.Reminders)
	}
	if _, err := s.FindBundle(ctx, "no-such"); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Fatalf("FindBundle(no-such) = %v, want ENOTFOUND", err)
	}
}

func TestCreateCase(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	id := "0b8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d0e"
	t.Run("OK", func(t *testing.T) {
		got, created, err := s.CreateCase(ctx, newCase(id, "k1"))
		if err != nil || !created || got != id {
			t.Fatalf("CreateCase = %s, %v, %v", got, created, err)
		}
		c, err := s.FindCase(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Tasks) != 4 || c.Tasks[0].Item != "birth-certificate" || c.Tasks[0].Status != haoban.TaskPending {
			t.Fatalf("tasks = %+v", c.Tasks)
		}
		if len(c.Events) != 1 || c.Events[0].Type != haoban.EventSubmitted || c.Events[0].Seq != 1 {
			t.Fatalf("events = %+v", c.Events)
		}
	})
	t.Run("SameKeyReturnsSameCase", func(t *testing.T) {
		got, created, err := s.CreateCase(ctx, newCase("1b8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d0e", "k1"))
		if err != nil || created || got != id {
			t.Fatalf("CreateCase again = %s, %v, %v; want %s, false, nil", got, created, err, id)
		}
	})
	t.Run("ErrSameKeyOtherRequest", func(t *testing.T) {
		nc := newCase("2b8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d0e", "k1")
		nc.RequestHash = "different"
		if _, _, err := s.CreateCase(ctx, nc); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("err = %v, want ECONFLICT", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, id := range []string{"not-a-uuid", "3b8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d0e"} {
			if _, err := s.FindCase(ctx, id); haoban.ErrorCode(err) != haoban.ENOTFOUND {
				t.Fatalf("FindCase(%s) = %v, want ENOTFOUND", id, err)
			}
		}
	})
}

func TestApplyProjectionIsIdempotent(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	id := "4b8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d0e"
	if _, _, err := s.CreateCase(ctx, newCase(id, "k2")); err != nil {
		t.Fatal(err)
	}
	task := func(status haoban.TaskStatus, version int) haoban.TaskRow {
		return haoban.TaskRow{Version: version, Task: haoban.Task{ID: haoban.TaskID(id, "birth-certificate"),
			Item: "birth-certificate", ItemName: "出生医学证明", Department: "health", Status: status}}
	}
	at := time.Now().UTC()
	claimed := haoban.Projection{CaseID: id, At: at, Tasks: []haoban.TaskRow{task(haoban.TaskClaimed, 3)},
		Events: []haoban.NewEvent{{Key: "claimed:birth-certificate:3", Type: haoban.EventTaskClaimed, Actor: "reviewer-health"}}}
	opened := haoban.Projection{CaseID: id, At: at, Tasks: []haoban.TaskRow{task(haoban.TaskOpen, 2)},
		Events: []haoban.NewEvent{{Key: "opened:birth-certificate", Type: haoban.EventTaskOpened, Actor: "system"}}}
	for _, p := range []haoban.Projection{opened, claimed, claimed, opened} {
		if err := s.ApplyProjection(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	c, err := s.FindCase(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Tasks[0].Status != haoban.TaskClaimed {
		t.Fatalf("task status = %s: an older projection overwrote a newer one", c.Tasks[0].Status)
	}
	if len(c.Events) != 3 || c.Events[2].Seq != 3 {
		t.Fatalf("events = %+v, want 3 events with seq 1..3", c.Events)
	}
	done := haoban.Projection{CaseID: id, At: at, Status: haoban.CaseCompleted, Outcome: haoban.OutcomeRejected}
	if err := s.ApplyProjection(ctx, done); err != nil {
		t.Fatal(err)
	}
	if c, _ = s.FindCase(ctx, id); c.Status != haoban.CaseCompleted || c.Outcome != haoban.OutcomeRejected || c.CompletedAt == nil {
		t.Fatalf("case = %s %s %v, want completed rejected with a completion time", c.Status, c.Outcome, c.CompletedAt)
	}
	missing := haoban.Projection{CaseID: "5b8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d0e", At: at}
	if err := s.ApplyProjection(ctx, missing); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Fatalf("projection of a missing case = %v, want ENOTFOUND", err)
	}
}

func TestListCasesAndTasks(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	id := "6b8f7c9e-1d2a-4b3c-8d4e-5f6a7b8c9d0e"
	if _, _, err := s.CreateCase(ctx, newCase(id, "k3")); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		f    haoban.CaseFilter
		want int
	}{
		"OwnCases":         {haoban.CaseFilter{Applicant: "zhang-wei"}, 1},
		"OthersCases":      {haoban.CaseFilter{Applicant: "li-na"}, 0},
		"DepartmentInCase": {haoban.CaseFilter{Departments: []string{"police"}}, 1},
		"DepartmentNot":    {haoban.CaseFilter{Departments: []string{"fire"}}, 0},
	} {
		t.Run(name, func(t *testing.T) {
			cases, err := s.ListCases(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(cases) != tc.want {
				t.Fatalf("got %d cases, want %d", len(cases), tc.want)
			}
		})
	}
	tasks, err := s.ListTasks(ctx, haoban.TaskFilter{Departments: []string{"health"}, Statuses: []haoban.TaskStatus{haoban.TaskPending}})
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0].Item != "birth-certificate" {
		t.Fatalf("health's pending tasks = %+v", tasks)
	}
}
