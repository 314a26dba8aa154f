package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/calendar"
)

// hotlineStore keeps tickets in a map, in the order received.
type hotlineStore struct {
	tickets []haoban.HotlineTicket
	keys    map[string]string // submitter+key → hash
	skills  map[string][]haoban.HelperSkill
	items   map[string]string // item → department
}

func (s *hotlineStore) CreateHotlineTicket(_ context.Context, t haoban.HotlineTicket, key, hash string, _ haoban.AuditEntry) (haoban.HotlineTicket, error) {
	if h, ok := s.keys[t.SubmittedBy+"/"+key]; ok {
		if h != hash {
			return t, haoban.Errorf(haoban.ECONFLICT, "此 Idempotency-Key 已用于另一张工单")
		}
		for _, first := range s.tickets {
			if first.SubmittedBy == t.SubmittedBy {
				return first, nil
			}
		}
	}
	dept, ok := s.items[t.Item]
	if !ok {
		return t, haoban.FieldErrorf(haoban.EINVALID, "body.item", "事项不存在")
	}
	t.Department = dept
	s.keys[t.SubmittedBy+"/"+key] = hash
	s.tickets = append(s.tickets, t)
	return t, nil
}

func (s *hotlineStore) FindHotlineTicket(_ context.Context, id string) (haoban.HotlineTicket, error) {
	for _, t := range s.tickets {
		if t.ID == id {
			return t, nil
		}
	}
	return haoban.HotlineTicket{}, errNotFound
}

func (s *hotlineStore) ConnectHotlineTicket(_ context.Context, id, specialist string, at time.Time, secs int, _ haoban.AuditEntry) (haoban.HotlineTicket, error) {
	for i, t := range s.tickets {
		if t.ID == id {
			t.Status, t.Specialist, t.ConnectedAt, t.ConnectSeconds = haoban.HotlineConnected, specialist, &at, &secs
			s.tickets[i] = t
			return t, nil
		}
	}
	return haoban.HotlineTicket{}, errNotFound
}

func (s *hotlineStore) HotlineTickets(_ context.Context, depts []string, status haoban.HotlineStatus, from, to time.Time) ([]haoban.HotlineTicket, error) {
	var out []haoban.HotlineTicket
	for _, t := range s.tickets {
		if (status == "" || t.Status == status) && !t.ReceivedAt.Before(from) && t.ReceivedAt.Before(to) && (depts == nil || depts[0] == t.Department) {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *hotlineStore) ScreenHelperSkills(_ context.Context, helper string) ([]haoban.HelperSkill, error) {
	return s.skills[helper], nil
}

func (s *hotlineStore) Calendar(context.Context) (*calendar.Calendar, error) {
	return calendar.BuiltinCalendar()
}

// hotlineFlow records the clocks started and nudged.
type hotlineFlow struct{ started, changed []string }

func (f *hotlineFlow) StartHelp(_ context.Context, id string) error {
	f.started = append(f.started, id)
	return nil
}

func (f *hotlineFlow) HelpChanged(_ context.Context, id string) error {
	f.changed = append(f.changed, id)
	return nil
}

// newHotline is the 12345 desk at 10:00 on Tuesday 3 March 2026, a working
// day, with a samr specialist and a fire specialist.
func newHotline(at time.Time) (*app.Hotline, *hotlineStore, *haoban.FixedTime) {
	s := &hotlineStore{keys: map[string]string{}, items: map[string]string{"business-licence": "samr", "fire-check": "fire"},
		skills: map[string][]haoban.HelperSkill{
			"helper-samr": {{Helper: "helper-samr", Department: "samr"}},
			"helper-fire": {{Helper: "helper-fire", Department: "fire", Item: "fire-check"}},
		}}
	t := &haoban.FixedTime{T: at}
	return &app.Hotline{Store: s, Time: t}, s, t
}

var (
	hotlineAccount = app.Request{User: haoban.User{ID: "hotline-12345", Roles: []string{haoban.RoleHotline}, Department: haoban.AnyDepartment}}
	hotlineSamr    = app.Request{User: haoban.User{ID: "helper-samr", Roles: []string{haoban.RoleHelper}, Department: "samr"}}
	hotlineFire    = app.Request{User: haoban.User{ID: "helper-fire", Roles: []string{haoban.RoleHelper}, Department: "fire"}}
)

var hotlineCall = app.HotlineTicketInput{Caller: "王小明", Phone: "13812345678", Question: "营业执照要带什么材料？", Item: "business-licence"}

func TestHotline(t *testing.T) {
	ctx := context.Background()
	t.Run("OKRoutedAndConnectedInTime", func(t *testing.T) {
		h, s, now := newHotline(clock.T)
		tk, err := h.Submit(ctx, hotlineAccount, "k1", hotlineCall)
		wantCode(t, err, "")
		if tk.Department != "samr" || tk.Status != haoban.HotlineWaiting || tk.Conversation == "" || !tk.ReceivedAt.Equal(clock.T) {
			t.Fatalf("ticket %+v", tk)
		}
		again, err := h.Submit(ctx, hotlineAccount, "k1", hotlineCall)
		if wantCode(t, err, ""); again.ID != tk.ID || len(s.tickets) != 1 {
			t.Fatalf("retry made %d tickets", len(s.tickets))
		}
		desk, err := h.Desk(ctx, hotlineSamr)
		wantCode(t, err, "")
		if len(desk.Waiting) != 1 || desk.Waiting[0].Phone != "138****5678" || desk.Waiting[0].CallerName != "王*明" {
			t.Fatalf("desk %+v", desk)
		}
		now.T = clock.T.Add(42 * time.Second)
		got, err := h.Connect(ctx, hotlineSamr, tk.ID)
		wantCode(t, err, "")
		if got.Specialist != "helper-samr" || *got.ConnectSeconds != 42 {
			t.Fatalf("connected %+v", got)
		}
		if taken, err := h.Taken(ctx, hotlineSamr, tk.ID); err != nil || taken.Phone != "13812345678" {
			t.Fatalf("taken %+v (%v)", taken, err)
		}
		_, err = h.Taken(ctx, hotlineFire, tk.ID)
		wantCode(t, err, haoban.ENOTFOUND)
		st, err := h.Stats(ctx, hotlineAccount, clock.T.Add(-time.Hour), clock.T.Add(time.Hour))
		wantCode(t, err, "")
		if st.Received != 1 || st.ConnectedInTime != 1 || st.Rate != 1 || !st.MeetsGoal {
			t.Fatalf("stats %+v", st)
		}
	})
	t.Run("OKClockStartedAndStopped", func(t *testing.T) {
		h, _, _ := newHotline(clock.T)
		f := &hotlineFlow{}
		h.Flow = f
		tk, err := h.Submit(ctx, hotlineAccount, "k1", hotlineCall)
		wantCode(t, err, "")
		_, err = h.Connect(ctx, hotlineSamr, tk.ID)
		wantCode(t, err, "")
		if len(f.started) != 1 || f.started[0] != tk.Conversation || len(f.changed) != 1 || f.changed[0] != tk.Conversation {
			t.Fatalf("clock started %v, nudged %v", f.started, f.changed)
		}
	})
	t.Run("ErrKeyReusedForAnotherCall", func(t *testing.T) {
		h, _, _ := newHotline(clock.T)
		_, err := h.Submit(ctx, hotlineAccount, "k1", hotlineCall)
		wantCode(t, err, "")
		other := hotlineCall
		other.Question = "另一个问题"
		_, err = h.Submit(ctx, hotlineAccount, "k1", other)
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("ErrInvalidTicket", func(t *testing.T) {
		h, _, _ := newHotline(clock.T)
		bad := hotlineCall
		bad.Caller = "  "
		_, err := h.Submit(ctx, hotlineAccount, "k1", bad)
		if wantCode(t, err, haoban.EUNPROCESSABLE) != "caller" {
			t.Fatalf("error %v does not name the caller", err)
		}
		_, err = h.Submit(ctx, hotlineAccount, "", hotlineCall)
		wantCode(t, err, haoban.EINVALID)
	})
	t.Run("ErrSpecialistWithoutTheSkill", func(t *testing.T) {
		h, s, _ := newHotline(clock.T)
		tk, _ := h.Submit(ctx, hotlineAccount, "k1", hotlineCall)
		_, err := h.Connect(ctx, hotlineFire, tk.ID)
		wantCode(t, err, haoban.EFORBIDDEN)
		if s.tickets[0].Status != haoban.HotlineWaiting {
			t.Fatalf("ticket taken by a helper without the skill: %+v", s.tickets[0])
		}
		desk, _ := h.Desk(ctx, hotlineFire)
		if len(desk.Waiting) != 0 {
			t.Fatalf("fire's desk shows samr's ticket: %+v", desk)
		}
	})
	t.Run("ErrTakenByAnother", func(t *testing.T) {
		h, s, _ := newHotline(clock.T)
		tk, _ := h.Submit(ctx, hotlineAccount, "k1", hotlineCall)
		s.skills["helper-samr-2"] = []haoban.HelperSkill{{Helper: "helper-samr-2", Department: "samr"}}
		_, err := h.Connect(ctx, hotlineSamr, tk.ID)
		wantCode(t, err, "")
		other := app.Request{User: haoban.User{ID: "helper-samr-2", Roles: []string{haoban.RoleHelper}, Department: "samr"}}
		_, err = h.Connect(ctx, other, tk.ID)
		wantCode(t, err, haoban.ECONFLICT)
		_, err = h.Connect(ctx, hotlineSamr, tk.ID)
		wantCode(t, err, "") // the same specialist retrying
	})
	t.Run("ServiceSecondsOnly", func(t *testing.T) {
		// Received at 16:59:30 on a working day, taken at 09:00:40 the
		// next: 30 + 40 service seconds, within the target.
		late := time.Date(2026, 3, 3, 16, 59, 30, 0, haoban.Beijing)
		h, _, now := newHotline(late)
		tk, _ := h.Submit(ctx, hotlineAccount, "k1", hotlineCall)
		now.T = time.Date(2026, 3, 4, 9, 0, 40, 0, haoban.Beijing)
		got, err := h.Connect(ctx, hotlineSamr, tk.ID)
		if wantCode(t, err, ""); *got.ConnectSeconds != 70 {
			t.Fatalf("connect seconds %d, want 70", *got.ConnectSeconds)
		}
	})
	t.Run("RateCountsMissedNotWaiting", func(t *testing.T) {
		h, s, now := newHotline(clock.T)
		h.ConnectTarget = 30
		a, _ := h.Submit(ctx, hotlineAccount, "a", hotlineCall) // taken after 20 s
		now.T = clock.T.Add(time.Second)
		b := hotlineCall
		b.Question = "第二个"
		bt, _ := h.Submit(ctx, hotlineAccount, "b", b) // taken after 40 s: late
		now.T = clock.T.Add(2 * time.Second)
		c := hotlineCall
		c.Question = "第三个"
		h.Submit(ctx, hotlineAccount, "c", c) // never taken: missed
		now.T = clock.T.Add(20 * time.Second)
		h.Connect(ctx, hotlineSamr, a.ID)
		now.T = clock.T.Add(41 * time.Second)
		h.Connect(ctx, hotlineSamr, bt.ID)
		d := hotlineCall
		d.Question = "第四个"
		h.Submit(ctx, hotlineAccount, "d", d) // just received: not counted yet
		st, err := h.Stats(ctx, hotlineAccount, clock.T, clock.T.Add(time.Hour))
		wantCode(t, err, "")
		if len(s.tickets) != 4 || st.Received != 4 || st.Counted != 3 || st.ConnectedInTime != 1 || st.ConnectedLate != 1 ||
			st.Missed != 1 || st.Waiting != 1 || st.MeetsGoal || st.Rate < 0.33 || st.Rate > 0.34 {
			t.Fatalf("stats %+v", st)
		}
	})
}
