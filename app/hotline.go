package app

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/calendar"
	"haoban/servicehours"
)

// HotlineStore keeps the 12345 tickets (postgres.Store).
type HotlineStore interface {
	// CreateHotlineTicket records a ticket and the hotline conversation it
	// is routed as, in one transaction, with the department of its item.
	// A retry with the same submitter and key returns the ticket first
	// recorded; the same key with another request is ECONFLICT.
	CreateHotlineTicket(ctx context.Context, t haoban.HotlineTicket, key, hash string, audit haoban.AuditEntry) (haoban.HotlineTicket, error)
	FindHotlineTicket(ctx context.Context, id string) (haoban.HotlineTicket, error)
	// ConnectHotlineTicket records the specialist who took a waiting
	// ticket, and gives them its conversation; a ticket taken already is
	// ECONFLICT, unless by the same specialist (a retry).
	ConnectHotlineTicket(ctx context.Context, id, specialist string, at time.Time, seconds int, audit haoban.AuditEntry) (haoban.HotlineTicket, error)
	// HotlineTickets are the tickets received in [from, to), oldest first;
	// departments nil means every department.
	HotlineTickets(ctx context.Context, departments []string, status haoban.HotlineStatus, from, to time.Time) ([]haoban.HotlineTicket, error)
	ScreenHelperSkills(ctx context.Context, helper string) ([]haoban.HelperSkill, error)
	// Calendar is the working-day calendar the service clock runs on.
	Calendar(ctx context.Context) (*calendar.Calendar, error)
}

// DefaultConnectTarget is how many service seconds a specialist has to
// take a hotline ticket.
const DefaultConnectTarget = 60

// HotlineGoal is the share of tickets to connect within the target.
const HotlineGoal = 0.9

// Hotline is the 12345 hand-off: tickets arrive from the hotline's account,
// are routed to the specialists of the item's department, and one of them
// takes each within the connect target.
type Hotline struct {
	Store HotlineStore
	// Flow runs each ticket's conversation on the help desk's clock, which
	// alerts the skilled helpers at 45 seconds (workflows.Client); nil
	// leaves the tickets to the desk.
	Flow HelpFlow
	// Hours are the service hours the connect clock runs in.
	Hours servicehours.Hours
	// ConnectTarget is in service seconds; 0 means DefaultConnectTarget.
	ConnectTarget int
	Time          haoban.TimeSource
}

// clock counts service seconds on the calendar as it is now.
func (h *Hotline) clock(ctx context.Context) (func(from, to time.Time) (int, error), error) {
	cal, err := h.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	hours := h.Hours
	if hours == (servicehours.Hours{}) {
		hours = servicehours.Default
	}
	return func(from, to time.Time) (int, error) { return servicehours.Seconds(cal, hours, from, to) }, nil
}

// HotlineTicketInput is what 12345 hands over.
type HotlineTicketInput struct {
	Caller     string `json:"caller" minLength:"1" maxLength:"50" doc:"来电人姓名"`
	Phone      string `json:"phone" minLength:"7" maxLength:"20" pattern:"^[0-9+-]+$" doc:"来电号码"`
	Question   string `json:"question" minLength:"1" maxLength:"2000" doc:"来电人的问题"`
	Item       string `json:"item" minLength:"1" maxLength:"100" doc:"问题涉及的事项编码"`
	CaseNumber string `json:"case_number,omitempty" maxLength:"64" doc:"涉及的办件编号（可选）"`
}

// Target is the connect target in service seconds.
func (h *Hotline) Target() int {
	if h.ConnectTarget > 0 {
		return h.ConnectTarget
	}
	return DefaultConnectTarget
}

// Submit receives a ticket and routes it as a hotline conversation to the
// specialists of its item's department; a retry with the same key returns
// the same ticket.
func (h *Hotline) Submit(ctx context.Context, r Request, key string, in HotlineTicketInput) (haoban.HotlineTicket, error) {
	in.Caller, in.Question, in.CaseNumber = strings.TrimSpace(in.Caller), strings.TrimSpace(in.Question), strings.TrimSpace(in.CaseNumber)
	if err := validate(in, ""); err != nil {
		return haoban.HotlineTicket{}, err
	}
	if strings.TrimSpace(key) == "" {
		return haoban.HotlineTicket{}, haoban.FieldErrorf(haoban.EINVALID, "header.Idempotency-Key", "缺少 Idempotency-Key")
	}
	at := now(h.Time).UTC()
	t := haoban.HotlineTicket{ID: uuid.NewString(), Conversation: uuid.NewString(), CallerName: in.Caller, Phone: in.Phone,
		Question: in.Question, Item: in.Item, CaseNumber: in.CaseNumber, Status: haoban.HotlineWaiting, ReceivedAt: at,
		SubmittedBy: r.User.ID}
	e := r.audit("", at)
	e.Action, e.Target = "hotline.submit", t.ID
	t, err := h.Store.CreateHotlineTicket(ctx, t, key, hashJSON(in), e)
	if err != nil || h.Flow == nil {
		return t, err
	}
	// A retry starts it again, in case the first attempt failed after the
	// ticket was recorded: the clock is one workflow per conversation.
	return t, h.Flow.StartHelp(ctx, t.Conversation)
}

// Connect is a specialist taking a ticket: only a helper whose skills cover
// the ticket's item may. The seconds it waited count service hours only.
func (h *Hotline) Connect(ctx context.Context, r Request, id string) (haoban.HotlineTicket, error) {
	t, err := h.Store.FindHotlineTicket(ctx, id)
	if err != nil {
		return t, err
	}
	skills, err := h.Store.ScreenHelperSkills(ctx, r.User.ID)
	if err != nil {
		return t, err
	}
	if !screenSkilled(skills, t.Department, t.Item) {
		return t, haoban.Errorf(haoban.EFORBIDDEN, "此来电不属于您负责的部门或事项")
	}
	if t.Status == haoban.HotlineConnected {
		if t.Specialist == r.User.ID {
			return t, nil
		}
		return t, haoban.Errorf(haoban.ECONFLICT, "此来电已由其他帮办人员接听")
	}
	at := now(h.Time).UTC()
	clock, err := h.clock(ctx)
	if err != nil {
		return t, err
	}
	secs, err := clock(t.ReceivedAt, at)
	if err != nil {
		return t, err
	}
	e := r.audit("", at)
	e.Action, e.Target = "hotline.connect", t.ID
	t, err = h.Store.ConnectHotlineTicket(ctx, t.ID, r.User.ID, at, secs, e)
	if err != nil || h.Flow == nil {
		return t, err
	}
	return t, h.Flow.HelpChanged(ctx, t.Conversation) // the clock stops
}

// Taken is a ticket the specialist connected, with the caller's number
// whole for the call back; anyone else's is not found.
func (h *Hotline) Taken(ctx context.Context, r Request, id string) (haoban.HotlineTicket, error) {
	t, err := h.Store.FindHotlineTicket(ctx, id)
	if err == nil && (t.Status != haoban.HotlineConnected || t.Specialist != r.User.ID) {
		err = haoban.Errorf(haoban.ENOTFOUND, "工单不存在")
	}
	return t, err
}

// HotlineDesk is what a specialist has to take: the waiting tickets of
// their skills, each with the service seconds it has waited.
type HotlineDesk struct {
	Target  int
	Waiting []HotlineWaiting
}

// HotlineWaiting is a ticket on the desk, masked.
type HotlineWaiting struct {
	haoban.HotlineTicket
	Waited int  // service seconds so far
	Late   bool // past the target
}

// Desk lists the tickets waiting for the specialist, oldest first, with
// the caller's name and number masked.
func (h *Hotline) Desk(ctx context.Context, r Request) (HotlineDesk, error) {
	skills, err := h.Store.ScreenHelperSkills(ctx, r.User.ID)
	if err != nil || len(skills) == 0 {
		return HotlineDesk{Target: h.Target()}, err
	}
	at := now(h.Time)
	list, err := h.Store.HotlineTickets(ctx, nil, haoban.HotlineWaiting, at.AddDate(0, 0, -hotlineDeskDays), at.Add(time.Second))
	if err != nil {
		return HotlineDesk{}, err
	}
	clock, err := h.clock(ctx)
	if err != nil {
		return HotlineDesk{}, err
	}
	desk := HotlineDesk{Target: h.Target()}
	for _, t := range list {
		if !screenSkilled(skills, t.Department, t.Item) {
			continue
		}
		w, err := clock(t.ReceivedAt, at)
		if err != nil {
			return HotlineDesk{}, err
		}
		desk.Waiting = append(desk.Waiting, HotlineWaiting{HotlineTicket: t.Masked(), Waited: w, Late: w > h.Target()})
	}
	return desk, nil
}

// hotlineDeskDays is how far back the desk looks for waiting tickets: a
// caller not called back within a month is past helping from the desk.
const hotlineDeskDays = 30

// Stats is the connect rate over the tickets received in [from, to), from
// the tickets themselves: a ticket counts once connected, or once its
// target has passed unconnected. A zero to is now, a zero from 30 days
// before to.
func (h *Hotline) Stats(ctx context.Context, r Request, from, to time.Time) (haoban.HotlineStats, error) {
	if to.IsZero() {
		to = now(h.Time).Add(time.Second)
	}
	if from.IsZero() {
		from = to.AddDate(0, 0, -30)
	}
	if !from.Before(to) {
		return haoban.HotlineStats{}, haoban.Errorf(haoban.EINVALID, "起始时间须早于截止时间")
	}
	list, err := h.Store.HotlineTickets(ctx, departmentsOf(r.User), "", from, to)
	if err != nil {
		return haoban.HotlineStats{}, err
	}
	clock, err := h.clock(ctx)
	if err != nil {
		return haoban.HotlineStats{}, err
	}
	return hotlineStats(list, h.Target(), now(h.Time), clock)
}

// hotlineStats counts the tickets against the target as of at.
func hotlineStats(list []haoban.HotlineTicket, target int, at time.Time, clock func(from, to time.Time) (int, error)) (haoban.HotlineStats, error) {
	st := haoban.HotlineStats{TargetSeconds: target, Received: len(list), Goal: HotlineGoal}
	for _, t := range list {
		if t.ConnectSeconds != nil {
			if *t.ConnectSeconds <= target {
				st.ConnectedInTime++
			} else {
				st.ConnectedLate++
			}
			continue
		}
		waited, err := clock(t.ReceivedAt, at)
		if err != nil {
			return st, err
		}
		if waited > target {
			st.Missed++
		} else {
			st.Waiting++
		}
	}
	st.Counted = st.ConnectedInTime + st.ConnectedLate + st.Missed
	if st.Counted > 0 {
		st.Rate = float64(st.ConnectedInTime) / float64(st.Counted)
	}
	st.MeetsGoal = st.Counted > 0 && st.Rate >= HotlineGoal
	return st, nil
}
