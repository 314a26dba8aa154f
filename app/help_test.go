package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/calendar"
	"haoban/servicehours"
)

// helpWorld is the help desk on fakes, on a clock the test moves.
type helpWorld struct {
	store *helpStore
	flow  *helpFlow
	gaps  *gaps
	clock *haoban.FixedTime
	help  *app.Help
}

var (
	zhang      = haoban.User{ID: "zhang", Name: "张三", Roles: []string{haoban.RoleApplicant}, Department: "*"}
	li         = haoban.User{ID: "li", Name: "李四", Roles: []string{haoban.RoleApplicant}, Department: "*"}
	helperSAMR = haoban.User{ID: "helper-samr", Name: "市场监管帮办", Roles: []string{haoban.RoleHelper}, Department: "*"}
	helperItem = haoban.User{ID: "helper-food", Name: "食品经营帮办", Roles: []string{haoban.RoleHelper}, Department: "samr"}
	helperHlth = haoban.User{ID: "helper-health", Name: "卫健帮办", Roles: []string{haoban.RoleHelper}, Department: "*"}
	boss       = haoban.User{ID: "boss", Name: "督查", Roles: []string{haoban.RoleSupervisor}, Department: "*"}
)

func req(u haoban.User) app.Request {
	return app.Request{User: u, RequestID: "req-1", ClientAddr: "127.0.0.1"}
}

// bj is a Beijing wall-clock instant.
func bj(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, calendar.Zone)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func newHelpWorld(t *testing.T) *helpWorld {
	t.Helper()
	cal, err := calendar.BuiltinCalendar()
	if err != nil {
		t.Fatal(err)
	}
	w := &helpWorld{store: newHelpStore(cal), flow: &helpFlow{}, gaps: &gaps{},
		clock: &haoban.FixedTime{T: bj(t, "2026-04-01 10:00:00")}}
	w.store.skills = []haoban.HelperSkill{
		{Helper: helperSAMR.ID, Department: "samr"},
		{Helper: helperItem.ID, Department: "samr", Item: "food-licence"},
		{Helper: helperHlth.ID, Department: "health"},
	}
	w.help = &app.Help{Store: w.store, Flow: w.flow, Gaps: w.gaps, Authz: authz(t), Hours: servicehours.Default, Time: w.clock}
	return w
}

func (w *helpWorld) available(t *testing.T, users ...haoban.User) {
	t.Helper()
	for _, u := range users {
		if err := w.help.SetAvailable(context.Background(), req(u), true); err != nil {
			t.Fatal(err)
		}
	}
}

func (w *helpWorld) start(t *testing.T, u haoban.User, dept, item, key string) haoban.Conversation {
	t.Helper()
	c, err := w.help.Start(context.Background(), req(u), haoban.HelpRequest{Question: "开餐馆要办哪些证？", Department: dept, Item: item}, key)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHelpStartRoutes(t *testing.T) {
	ctx := context.Background()
	t.Run("ItemSkillBeatsDepartment", func(t *testing.T) {
		w := newHelpWorld(t)
		w.available(t, helperSAMR, helperItem)
		c := w.start(t, zhang, "samr", "food-licence", "k1")
		if c.Helper != helperItem.ID || c.Status != haoban.ConversationWaiting {
			t.Fatalf("routed to %q (%s), want %s waiting", c.Helper, c.Status, helperItem.ID)
		}
		if len(w.flow.started) != 1 || w.flow.started[0] != c.ID {
			t.Errorf("clocks started %v", w.flow.started)
		}
	})
	t.Run("LeastOpenAmongEqualSkill", func(t *testing.T) {
		w := newHelpWorld(t)
		w.store.skills = append(w.store.skills, haoban.HelperSkill{Helper: "helper-samr2", Department: "samr"})
		w.available(t, helperSAMR)
		w.store.available["helper-samr2"] = true
		first := w.start(t, zhang, "samr", "", "k1")
		second := w.start(t, zhang, "samr", "", "k2")
		if first.Helper == second.Helper {
			t.Fatalf("both to %s; want the one with fewer open", first.Helper)
		}
	})
	t.Run("AwayHelpersNotRouted", func(t *testing.T) {
		w := newHelpWorld(t)
		w.available(t, helperItem)
		if err := w.help.SetAvailable(ctx, req(helperItem), false); err != nil {
			t.Fatal(err)
		}
		c := w.start(t, zhang, "samr", "food-licence", "k1")
		if c.Helper != "" {
			t.Fatalf("routed to away helper %s", c.Helper)
		}
	})
	t.Run("IdempotentByKey", func(t *testing.T) {
		w := newHelpWorld(t)
		a := w.start(t, zhang, "samr", "", "same")
		b := w.start(t, zhang, "samr", "", "same")
		if a.ID != b.ID {
			t.Fatalf("retry opened %s and %s", a.ID, b.ID)
		}
	})
	t.Run("ErrEmptyQuestion", func(t *testing.T) {
		w := newHelpWorld(t)
		_, err := w.help.Start(ctx, req(zhang), haoban.HelpRequest{Question: "  "}, "k")
		wantCode(t, err, haoban.EINVALID)
	})
	t.Run("ErrHelperCannotAsk", func(t *testing.T) {
		w := newHelpWorld(t)
		_, err := w.help.Start(ctx, req(helperSAMR), haoban.HelpRequest{Question: "问"}, "k")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
}

func TestHelpGetAccess(t *testing.T) {
	ctx := context.Background()
	w := newHelpWorld(t)
	c := w.start(t, zhang, "samr", "food-licence", "k1")
	for _, tt := range []struct {
		name string
		user haoban.User
		code string
		as   string
	}{
		{"OwnApplicant", zhang, "", "applicant"},
		{"HelperWithSkill", helperSAMR, "", "helper"},
		{"HelperWithItemSkill", helperItem, "", "helper"},
		{"Supervisor", boss, "", "supervisor"},
		{"ErrAnotherApplicantNotFound", li, haoban.ENOTFOUND, ""},
		{"ErrHelperWithoutSkillForbidden", helperHlth, haoban.EFORBIDDEN, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := w.help.Get(ctx, req(tt.user), c.ID)
			wantCode(t, err, tt.code)
			if err == nil && (v.As != tt.as || len(v.Messages) != 1 || v.Messages[0].Text != c.Question) {
				t.Errorf("view as %q with %d messages", v.As, len(v.Messages))
			}
		})
	}
}

func TestHelpConversationToRating(t *testing.T) {
	ctx := context.Background()
	w := newHelpWorld(t)
	w.available(t, helperSAMR)
	c := w.start(t, zhang, "samr", "", "k1")

	// Friday before 清明 at 16:59:30; answered on Tuesday 09:00:20: 50
	// service seconds, however long the holiday.
	w.clock.T = bj(t, "2026-04-03 16:59:30")
	c = w.start(t, zhang, "samr", "", "k-friday")
	if _, err := w.help.Send(ctx, req(zhang), c.ID, "请问营业执照多久能办好？", "m1"); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrApplicantCannotReply", func(t *testing.T) {
		_, err := w.help.Reply(ctx, req(zhang), c.ID, "我自己答", "x")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrOtherApplicantCannotSend", func(t *testing.T) {
		_, err := w.help.Send(ctx, req(li), c.ID, "插话", "x")
		wantCode(t, err, haoban.ENOTFOUND)
	})
	w.clock.T = bj(t, "2026-04-07 09:00:20")
	m, err := w.help.Reply(ctx, req(helperSAMR), c.ID, "一般三个工作日。", "r1")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := w.help.Reply(ctx, req(helperSAMR), c.ID, "一般三个工作日。", "r1"); again.ID != m.ID {
		t.Errorf("retried reply wrote message %d, first %d", again.ID, m.ID)
	}
	got, _ := w.store.FindConversation(ctx, c.ID)
	if got.Status != haoban.ConversationOpen || got.FirstResponseSeconds == nil || *got.FirstResponseSeconds != 50 {
		t.Fatalf("after reply: %s, first response %v", got.Status, got.FirstResponseSeconds)
	}
	if len(w.flow.changed) != 1 {
		t.Errorf("clock nudged %d times, want 1", len(w.flow.changed))
	}
	t.Run("ErrConfirmBeforeEnd", func(t *testing.T) {
		_, err := w.help.Confirm(ctx, req(zhang), c.ID, true)
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("ErrRateBeforeEnd", func(t *testing.T) {
		_, err := w.help.Rate(ctx, req(zhang), c.ID, 5, "")
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("ErrOtherHelperCannotEnd", func(t *testing.T) {
		_, err := w.help.End(ctx, req(helperItem), c.ID, haoban.ConversationResolved, false)
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	if _, err := w.help.End(ctx, req(helperSAMR), c.ID, haoban.ConversationResolved, true); err != nil {
		t.Fatal(err)
	}
	if len(w.gaps.opened) != 1 || w.gaps.opened[0].Answer != "一般三个工作日。" || w.gaps.opened[0].Source != haoban.GapHelper ||
		w.gaps.opened[0].Department != "samr" {
		t.Errorf("gaps opened %+v", w.gaps.opened)
	}
	t.Run("ErrSendAfterEnd", func(t *testing.T) {
		_, err := w.help.Send(ctx, req(zhang), c.ID, "还有问题", "m2")
		wantCode(t, err, haoban.ECONFLICT)
	})
	got, err = w.help.Confirm(ctx, req(zhang), c.ID, true)
	if err != nil || got.Status != haoban.ConversationResolved {
		t.Fatalf("confirm: %v, %s", err, got.Status)
	}
	t.Run("ErrRatingOutOfRange", func(t *testing.T) {
		_, err := w.help.Rate(ctx, req(zhang), c.ID, 6, "")
		wantCode(t, err, haoban.EINVALID)
	})
	got, err = w.help.Rate(ctx, req(zhang), c.ID, 5, "很及时")
	if err != nil || got.Rating != 5 {
		t.Fatalf("rate: %v, %d", err, got.Rating)
	}
	if len(w.store.audits) != 2 {
		t.Errorf("audit entries %d, want 2 (end, confirm)", len(w.store.audits))
	}
}

func TestHelpQueueAndTake(t *testing.T) {
	ctx := context.Background()
	w := newHelpWorld(t)
	samr := w.start(t, zhang, "samr", "", "k1") // nobody available: waits unassigned
	w.start(t, li, "health", "", "k2")
	d, err := w.help.Queue(ctx, req(helperSAMR))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Waiting) != 1 || d.Waiting[0].ID != samr.ID || len(d.Mine) != 0 {
		t.Fatalf("queue: %d waiting, %d mine", len(d.Waiting), len(d.Mine))
	}
	t.Run("ErrTakeWithoutSkill", func(t *testing.T) {
		_, err := w.help.Take(ctx, req(helperHlth), samr.ID)
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrApplicantHasNoQueue", func(t *testing.T) {
		_, err := w.help.Queue(ctx, req(zhang))
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	if _, err := w.help.Take(ctx, req(helperSAMR), samr.ID); err != nil {
		t.Fatal(err)
	}
	d, _ = w.help.Queue(ctx, req(helperSAMR))
	if len(d.Mine) != 1 || len(d.Waiting) != 0 {
		t.Fatalf("after take: %d mine, %d waiting", len(d.Mine), len(d.Waiting))
	}
	if _, err := w.help.Reply(ctx, req(helperSAMR), samr.ID, "您好", "r"); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrTakeAnswered", func(t *testing.T) {
		w.store.skills = append(w.store.skills, haoban.HelperSkill{Helper: helperItem.ID, Department: "samr"})
		_, err := w.help.Take(ctx, req(helperItem), samr.ID)
		wantCode(t, err, haoban.ECONFLICT)
	})
}

func TestCheckHelpClock(t *testing.T) {
	ctx := context.Background()
	w := newHelpWorld(t)
	w.clock.T = bj(t, "2026-04-03 16:59:30")
	c := w.start(t, zhang, "samr", "", "k1")
	st, err := app.CheckHelpClock(ctx, w.store, servicehours.Default, bj(t, "2026-04-04 10:00:00"), c.ID)
	if err != nil || st.Done || !st.Wait.Equal(bj(t, "2026-04-07 09:00:15")) {
		t.Fatalf("over the holiday: %+v %v; want to wait for Tuesday 09:00:15", st, err)
	}
	if w.store.alerts[c.ID] != 0 {
		t.Fatal("alerted during the holiday")
	}
	st, _ = app.CheckHelpClock(ctx, w.store, servicehours.Default, bj(t, "2026-04-07 09:00:16"), c.ID)
	if st.Done || !st.Wait.Equal(bj(t, "2026-04-07 09:00:30")) || w.store.alerts[c.ID] != 1 {
		t.Fatalf("at 46 s: %+v, alerts %d", st, w.store.alerts[c.ID])
	}
	st, _ = app.CheckHelpClock(ctx, w.store, servicehours.Default, bj(t, "2026-04-07 09:00:31"), c.ID)
	got, _ := w.store.FindConversation(ctx, c.ID)
	if !st.Done || got.BreachedAt == nil || w.store.alerts[c.ID] != 1 {
		t.Fatalf("at 61 s: %+v, breached %v, alerts %d", st, got.BreachedAt, w.store.alerts[c.ID])
	}
	t.Run("AnsweredIsDone", func(t *testing.T) {
		w.clock.T = bj(t, "2026-04-08 10:00:00")
		c := w.start(t, zhang, "samr", "", "k2")
		if _, err := w.help.Reply(ctx, req(helperSAMR), c.ID, "您好", "r"); err != nil {
			t.Fatal(err)
		}
		st, _ := app.CheckHelpClock(ctx, w.store, servicehours.Default, bj(t, "2026-04-08 11:00:00"), c.ID)
		if !st.Done || w.store.alerts[c.ID] != 0 {
			t.Fatalf("answered: %+v, alerts %d", st, w.store.alerts[c.ID])
		}
	})
}

func TestHelpStats(t *testing.T) {
	ctx := context.Background()
	w := newHelpWorld(t)
	w.available(t, helperSAMR)
	// Three conversations answered after 10, 30 and 90 service seconds;
	// two confirmed (one resolved), one still closing.
	for i, wait := range []time.Duration{10 * time.Second, 30 * time.Second, 90 * time.Second} {
		w.clock.T = bj(t, "2026-04-08 10:00:00").Add(time.Duration(i) * time.Hour)
		c := w.start(t, zhang, "samr", "biz-licence", string(rune('a'+i)))
		w.clock.T = w.clock.T.Add(wait)
		if _, err := w.help.Reply(ctx, req(helperSAMR), c.ID, "答复", "r"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.help.End(ctx, req(helperSAMR), c.ID, haoban.ConversationResolved, false); err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			if _, err := w.help.Confirm(ctx, req(zhang), c.ID, i == 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	st, err := w.help.Stats(ctx, req(boss), bj(t, "2026-04-08 00:00:00"), bj(t, "2026-04-09 00:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	tot := st.Total
	if tot.Conversations != 3 || tot.Ended != 2 || tot.Resolved != 1 || tot.ResolutionRate != 0.5 ||
		tot.P50 != 30 || tot.P90 != 90 || tot.WithinTarget < 0.66 || tot.WithinTarget > 0.67 {
		t.Fatalf("total %+v", tot)
	}
	if len(st.Helpers) != 1 || st.Helpers[0].Key != helperSAMR.ID || len(st.Departments) != 1 || len(st.Items) != 1 ||
		st.Items[0].Key != "biz-licence" {
		t.Errorf("rows: %+v %+v %+v", st.Helpers, st.Departments, st.Items)
	}
	t.Run("ErrHelperCannotSeeStats", func(t *testing.T) {
		_, err := w.help.Stats(ctx, req(helperSAMR), st.From, st.To)
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("BoardShowsBreach", func(t *testing.T) {
		w.clock.T = bj(t, "2026-04-09 10:00:00")
		w.store.available[helperSAMR.ID] = false
		c := w.start(t, li, "health", "", "board")
		w.clock.T = bj(t, "2026-04-09 10:01:01")
		b, err := w.help.Board(ctx, req(boss))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != 1 || b[0].ID != c.ID || b[0].Waited != 61 || !b[0].Breached {
			t.Fatalf("board %+v", b)
		}
		_, err = w.help.Board(ctx, req(helperHlth))
		wantCode(t, err, haoban.EFORBIDDEN)
	})
}

func TestHelpPeriod(t *testing.T) {
	w := newHelpWorld(t)
	w.clock.T = bj(t, "2026-04-08 00:30:00") // just after midnight in Beijing, still the 7th in UTC
	from, to, err := w.help.Period("", "")
	if err != nil || !from.Equal(bj(t, "2026-03-10 00:00:00")) || !to.Equal(bj(t, "2026-04-09 00:00:00")) {
		t.Fatalf("default period [%s, %s) %v", from, to, err)
	}
	from, to, err = w.help.Period("2026-04-01", "2026-04-01")
	if err != nil || !from.Equal(bj(t, "2026-04-01 00:00:00")) || !to.Equal(bj(t, "2026-04-02 00:00:00")) {
		t.Fatalf("one day [%s, %s) %v", from, to, err)
	}
	_, _, err = w.help.Period("4月1日", "")
	wantCode(t, err, haoban.EINVALID)
}
