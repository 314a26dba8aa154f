package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
)

func TestFileObstacle(t *testing.T) {
	ctx := context.Background()
	t.Run("OKOncePerKey", func(t *testing.T) {
		x, s, _ := obstacles(t, tuesday)
		for range 2 {
			o, err := x.File(ctx, demoUser(t, "li-na"), app.ObstacleReport{Key: "k1", Text: "食品经营许可证网上提交不了", Item: "food-licence"})
			if err != nil {
				t.Fatal(err)
			}
			if o.Department != "samr" || o.Status != haoban.ObstacleReceived || o.Token == "" {
				t.Errorf("filed %+v, want samr's, received, with a token", o)
			}
		}
		if len(s.reports) != 1 {
			t.Errorf("%d reports, want 1", len(s.reports))
		}
	})
	t.Run("OwnerOfCaseBundleThenCentre", func(t *testing.T) {
		x, s, _ := obstacles(t, tuesday)
		s.cases["c1"] = haoban.Case{ID: "c1", Bundle: demo.Newborn().Code, Applicant: "li-na"}
		o, err := x.File(ctx, demoUser(t, "li-na"), app.ObstacleReport{Key: "k1", Text: "x", CaseID: "c1"})
		if err != nil || o.Department != demo.Newborn().Lead || o.Bundle != demo.Newborn().Code {
			t.Errorf("case report: %+v %v, want the bundle's lead %s", o, err, demo.Newborn().Lead)
		}
		o, err = x.File(ctx, demoUser(t, "li-na"), app.ObstacleReport{Key: "k2", Text: "x"})
		if err != nil || o.Department != app.CentreDepartment {
			t.Errorf("report on nothing: %q %v, want the centre", o.Department, err)
		}
	})
	t.Run("ErrSomeoneElsesCase", func(t *testing.T) {
		x, s, _ := obstacles(t, tuesday)
		s.cases["c1"] = haoban.Case{ID: "c1", Bundle: demo.Newborn().Code, Applicant: "li-na"}
		_, err := x.File(ctx, demoUser(t, "zhang-wei"), app.ObstacleReport{Key: "k1", Text: "x", CaseID: "c1"})
		if haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			t.Errorf("got %v, want EFORBIDDEN", err)
		}
	})
	t.Run("ErrAnonymousInvalid", func(t *testing.T) {
		x, _, _ := obstacles(t, tuesday)
		_, err := x.File(ctx, app.Request{ClientAddr: "10.0.0.1"}, app.ObstacleReport{Key: "k", Text: strings.Repeat("办", 1001), Mobile: "12345"})
		e, ok := err.(*haoban.Error)
		if !ok || e.Code != haoban.EINVALID || len(e.Details) != 3 {
			t.Fatalf("got %v, want EINVALID on text, name and mobile", err)
		}
		for i, f := range []string{"text", "name", "mobile"} {
			if e.Details[i].Field != f {
				t.Errorf("problem %d on %q, want %q", i, e.Details[i].Field, f)
			}
		}
	})
	t.Run("AnonymousRateLimited", func(t *testing.T) {
		x, _, _ := obstacles(t, tuesday)
		anon := app.Request{ClientAddr: "10.0.0.1"}
		for i := range 6 {
			o, err := x.File(ctx, anon, app.ObstacleReport{Key: "k" + string(rune('a'+i)), Text: "打不开", Name: "王芳", Mobile: "138 0013 8000"})
			if i < 5 && (err != nil || o.Mobile != "13800138000" || !o.Anonymous()) {
				t.Fatalf("report %d: %+v %v", i, o, err)
			}
			if i == 5 && haoban.ErrorCode(err) != haoban.ERATELIMIT {
				t.Errorf("6th report in an hour: %v, want ERATELIMIT", err)
			}
		}
	})
}

func TestObstacleLoop(t *testing.T) {
	ctx := context.Background()
	x, s, clock := obstacles(t, tuesday)
	s.entries["entry-1"] = true
	o, err := x.File(ctx, demoUser(t, "li-na"), app.ObstacleReport{Key: "k1", Text: "食品经营许可证网上提交不了", Item: "food-licence"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := x.Get(ctx, demoUser(t, "li-na"), o.ID, "")
	if err != nil || v.Accept == nil || v.Accept.Remaining != 1 || v.Resolve.Remaining != 5 || !v.Owner || v.CanReopen {
		t.Fatalf("filed: %+v %v, want 1 and 5 working days left", v, err)
	}
	if _, err := x.Get(ctx, demoUser(t, "zhang-wei"), o.ID, ""); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("another applicant reads: %v, want EFORBIDDEN", err)
	}
	if _, err := x.Get(ctx, app.Request{}, o.ID, "wrong"); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Errorf("a wrong token: %v, want ENOTFOUND", err)
	}
	if _, err := x.Accept(ctx, demoUser(t, "reviewer-fire"), o.ID); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("another department accepts: %v, want EFORBIDDEN", err)
	}
	if _, err := x.Resolve(ctx, demoUser(t, "reviewer-samr"), o.ID, app.ObstacleResolution{Outcome: "resolved", Answer: "a"}); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Errorf("resolve before accepting: %v, want ECONFLICT", err)
	}
	clock.t = tuesday.Add(24 * time.Hour)
	if _, err := x.Accept(ctx, demoUser(t, "reviewer-samr"), o.ID); err != nil {
		t.Fatal(err)
	}
	bad := app.ObstacleResolution{Outcome: "resolved", Answer: "已修复提交按钮", ChangeKind: "knowledge", ChangeRef: "no-entry"}
	if _, err := x.Resolve(ctx, demoUser(t, "reviewer-samr"), o.ID, bad); haoban.ErrorCode(err) != haoban.EINVALID {
		t.Errorf("an unknown entry: %v, want EINVALID", err)
	}
	good := bad
	good.ChangeRef = "entry-1"
	if _, err := x.Resolve(ctx, demoUser(t, "reviewer-samr"), o.ID, good); err != nil {
		t.Fatal(err)
	}
	v, _ = x.Get(ctx, demoUser(t, "li-na"), o.ID, "")
	if !v.CanReopen || v.Status != haoban.ObstacleResolved || v.ChangeRef != "entry-1" {
		t.Errorf("resolved: %+v", v)
	}
	if _, err := x.Reopen(ctx, demoUser(t, "zhang-wei"), o.ID, "", "不行"); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("another applicant reopens: %v, want EFORBIDDEN", err)
	}
	clock.t = tuesday.AddDate(0, 0, 2) // Thursday
	if _, err := x.Reopen(ctx, demoUser(t, "li-na"), o.ID, "", "还是提交不了"); err != nil {
		t.Fatal(err)
	}
	v, _ = x.Get(ctx, demoUser(t, "reviewer-samr"), o.ID, "")
	if v.Resolve == nil || v.Resolve.Remaining != 5 || !v.CanHandle {
		t.Errorf("reopened: resolve clock %+v, want a new 5 working days", v.Resolve)
	}
	if _, err := x.Resolve(ctx, demoUser(t, "reviewer-samr"), o.ID, app.ObstacleResolution{Outcome: "answered", Answer: "系统升级中"}); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Reopen(ctx, demoUser(t, "li-na"), o.ID, "", "仍不满意"); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Errorf("a second reopening: %v, want ECONFLICT", err)
	}
	got := s.reports[o.ID]
	kinds := []string{}
	for _, st := range got.Steps {
		kinds = append(kinds, st.Kind)
	}
	if strings.Join(kinds, ",") != "filed,accepted,resolved,reopened,answered" {
		t.Errorf("steps %v", kinds)
	}
	if len(s.told) != 4 {
		t.Errorf("li-na told %d times, want 4 (accepted, resolved, reopened, answered)", len(s.told))
	}
}

func TestObstacleCentreAndAnonymous(t *testing.T) {
	ctx := context.Background()
	x, s, _ := obstacles(t, tuesday)
	o, err := x.File(ctx, app.Request{ClientAddr: "10.0.0.1"}, app.ObstacleReport{Key: "k", Text: "不知道找哪个部门", Name: "王芳", Mobile: "13800138000"})
	if err != nil || o.Department != app.CentreDepartment {
		t.Fatalf("%+v %v", o, err)
	}
	if _, err := x.Accept(ctx, demoUser(t, "reviewer-samr"), o.ID); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("a reviewer accepts the centre's: %v, want EFORBIDDEN", err)
	}
	if _, err := x.Accept(ctx, demoUser(t, "supervisor"), o.ID); err != nil {
		t.Fatalf("the supervisor accepts the centre's: %v", err)
	}
	if _, err := x.Get(ctx, app.Request{}, o.ID, o.Token); err != nil {
		t.Errorf("the token reads: %v", err)
	}
	if len(s.sms) != 1 || s.sms[0] != "13800138000" {
		t.Errorf("texted %v, want the mobile given", s.sms)
	}
	samr, _ := x.File(ctx, demoUser(t, "li-na"), app.ObstacleReport{Key: "k2", Text: "x", Item: "food-licence"})
	if _, err := x.Accept(ctx, demoUser(t, "supervisor"), samr.ID); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("the supervisor accepts a department's: %v, want EFORBIDDEN", err)
	}
}

func TestRemindDueObstacles(t *testing.T) {
	ctx := context.Background()
	x, s, clock := obstacles(t, tuesday)
	o, _ := x.File(ctx, demoUser(t, "li-na"), app.ObstacleReport{Key: "k1", Text: "x", Item: "food-licence"})
	if n, _ := x.RemindDue(ctx); n != 0 {
		t.Errorf("on the day filed: %d reminders, want 0", n)
	}
	clock.t = tuesday.Add(24 * time.Hour) // Wednesday: the day to accept
	for range 2 {
		if _, err := x.RemindDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.obNotes) != 1 || s.obNotes[0].UserID != "samr/reviewer" {
		t.Fatalf("reminders %+v, want one to samr's reviewers", s.obNotes)
	}
	_, _ = x.Accept(ctx, demoUser(t, "reviewer-samr"), o.ID)
	clock.t = time.Date(2026, 3, 9, 10, 0, 0, 0, haoban.Beijing) // Monday: one working day left
	if n, _ := x.RemindDue(ctx); n != 1 {
		t.Errorf("a day before the resolve deadline: %d reminders, want 1", n)
	}
}

func TestObstacleFigures(t *testing.T) {
	ctx := context.Background()
	x, s, _ := obstacles(t, tuesday)
	day := func(d, h int) *time.Time {
		t := time.Date(2026, 3, d, h, 0, 0, 0, haoban.Beijing)
		return &t
	}
	put := func(id, dept, item string, filed *time.Time, status haoban.ObstacleStatus, accepted, resolved, reopened *time.Time) {
		s.reports[id] = haoban.Obstacle{ID: id, Key: id, Department: dept, Item: item, Reporter: "li-na", FiledAt: *filed,
			Status: status, AcceptedAt: accepted, ResolvedAt: resolved, ReopenedAt: reopened, Text: id}
	}
	// Tuesday 3 March: accept by the end of Wednesday 4, resolve by the end of Tuesday 10.
	put("a", "samr", "food-licence", day(3, 10), haoban.ObstacleResolved, day(4, 9), day(9, 10), nil)      // both on time
	put("b", "samr", "food-licence", day(3, 11), haoban.ObstacleResolved, day(5, 9), day(11, 10), nil)     // both late
	put("c", app.CentreDepartment, "", day(3, 12), haoban.ObstacleReceived, nil, nil, nil)                 // open
	put("d", "samr", "other-item", day(4, 9), haoban.ObstacleResolved, day(4, 10), day(13, 16), day(6, 9)) // reopened Friday 6, resolved by Friday 13
	put("e", "samr", "food-licence", day(2, 10), haoban.ObstacleReceived, nil, nil, nil)                   // before the period
	q := haoban.FigureQuery{From: *day(3, 0), To: *day(5, 0)}
	for _, tc := range []struct {
		name string
		q    haoban.FigureQuery
		want haoban.ObstacleFigures
	}{
		{"All", q, haoban.ObstacleFigures{Received: 4, Accepted: 3, AcceptedOnTime: 2, Resolved: 3, ResolvedOnTime: 2, Reopened: 1, Open: 1}},
		{"Department", haoban.FigureQuery{From: q.From, To: q.To, Department: "samr"},
			haoban.ObstacleFigures{Received: 3, Accepted: 3, AcceptedOnTime: 2, Resolved: 3, ResolvedOnTime: 2, Reopened: 1}},
		{"Item", haoban.FigureQuery{From: q.From, To: q.To, Item: "food-licence"},
			haoban.ObstacleFigures{Received: 2, Accepted: 2, AcceptedOnTime: 1, Resolved: 2, ResolvedOnTime: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := x.Figures(ctx, tc.q)
			if err != nil || got != tc.want {
				t.Errorf("got %+v %v, want %+v", got, err, tc.want)
			}
		})
	}
	t.Run("Drill", func(t *testing.T) {
		page, next, total, err := x.Drill(ctx, q, "", 3)
		if err != nil || total != 4 || len(page) != 3 || next == "" {
			t.Fatalf("first page: %d of %d, next %q, %v", len(page), total, next, err)
		}
		rest, next2, _, err := x.Drill(ctx, q, next, 3)
		if err != nil || len(rest) != 1 || next2 != "" {
			t.Fatalf("second page: %d, next %q, %v", len(rest), next2, err)
		}
		in := ""
		for _, c := range append(page, rest...) {
			if c.Kind != "obstacle" || c.Why == "" {
				t.Errorf("%+v: want kind obstacle and a reason", c)
			}
			in += c.Ref + map[bool]string{true: "+", false: "-"}[c.In] + " "
		}
		if in != "d+ c- b- a+ " {
			t.Errorf("drill %q, want newest first, in when resolved on time", in)
		}
	})
}
