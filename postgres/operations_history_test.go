package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/postgres"
)

// history writes a small fixed history of newborn cases in March 2026
// through the store's own paths (drafts, submission, projections); the
// expected figures below are counted by hand from it.
type history struct {
	t     *testing.T
	s     *postgres.Store
	ctx   context.Context
	cases map[string]string // name → case ID
}

// bj is a time on a day of March 2026 (or another month), Beijing time.
func bj(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, haoban.Beijing)
}

func (h *history) draft(created time.Time) string {
	h.t.Helper()
	d := haoban.Draft{ID: uuid.NewString(), Applicant: "zhang-wei", Bundle: "newborn", CreatedAt: created}
	if err := h.s.CreateDraft(h.ctx, d, haoban.AuditEntry{At: created, Actor: "zhang-wei"}); err != nil {
		h.t.Fatal(err)
	}
	return d.ID
}

// submit submits a draft as the case called name.
func (h *history) submit(name, draftID string, at time.Time, channel haoban.CaseChannel, prefill float64) string {
	h.t.Helper()
	nc := newCase(uuid.NewString(), name)
	nc.At, nc.Channel = at, channel
	if prefill > 0 {
		nc.PrefillRatio = &prefill
	}
	if channel == haoban.FiledWindow {
		nc.Window, nc.EnteredBy = "一号窗口", "clerk-1"
	}
	id, err := h.s.SubmitDraft(h.ctx, draftID, nc)
	if err != nil {
		h.t.Fatal(err)
	}
	h.cases[name] = id
	return id
}

// event projects one event of a case, with the task rows it changes.
func (h *history) event(name, typ string, at time.Time, tasks ...haoban.TaskRow) {
	h.t.Helper()
	key := typ + ":" + at.Format(time.RFC3339)
	p := haoban.Projection{CaseID: h.cases[name], At: at, Tasks: tasks,
		Events: []haoban.NewEvent{{Key: key, Type: typ, Actor: "system"}}}
	if typ == haoban.EventWithdrawn {
		p.Status = haoban.CaseWithdrawn
	}
	// Applied twice: a retried projection changes no figure.
	for range 2 {
		if err := h.s.ApplyProjection(h.ctx, p); err != nil {
			h.t.Fatal(err)
		}
	}
}

// task is a newborn task of a case, opened (and decided) at the times given.
func (h *history) task(name, item, dept string, version int, opened time.Time, decided *time.Time) haoban.TaskRow {
	status := haoban.TaskOpen
	if decided != nil {
		status = haoban.TaskApproved
	}
	return haoban.TaskRow{Version: version, Task: haoban.Task{ID: haoban.TaskID(h.cases[name], item), Item: item,
		Department: dept, Status: status, OpenedAt: &opened, DecidedAt: decided, BudgetDays: 2}}
}

func writeHistory(t *testing.T, s *postgres.Store) *history {
	ctx := context.Background()
	if err := s.SeedCalendar(ctx); err != nil {
		t.Fatal(err)
	}
	h := &history{t: t, s: s, ctx: ctx, cases: map[string]string{}}
	// A: 10 minutes online, prefill 80%, accepted; its birth certificate
	// decided the next day, within the 2 working days promised.
	h.submit("A", h.draft(bj(3, 2, 9, 0)), bj(3, 2, 9, 10), haoban.FiledOnline, 0.8)
	h.event("A", haoban.EventTaskOpened, bj(3, 2, 10, 0), h.task("A", "birth-certificate", "health", 1, bj(3, 2, 10, 0), nil))
	decided := bj(3, 3, 15, 0)
	h.event("A", haoban.EventTaskDecided, decided, h.task("A", "birth-certificate", "health", 2, bj(3, 2, 10, 0), &decided))
	// B: 30 minutes on mobile, prefill 60%, accepted, then a supplement
	// asked; its 户口 decided on 10 March, due on 5 March: late.
	h.submit("B", h.draft(bj(3, 3, 9, 0)), bj(3, 3, 9, 30), haoban.FiledMobile, 0.6)
	h.event("B", haoban.EventTaskOpened, bj(3, 3, 10, 0), h.task("B", "hukou", "police", 1, bj(3, 3, 10, 0), nil))
	h.event("B", haoban.EventSupplementRequested, bj(3, 3, 11, 0))
	late := bj(3, 10, 15, 0)
	h.event("B", haoban.EventTaskDecided, late, h.task("B", "hukou", "police", 2, bj(3, 3, 10, 0), &late))
	// C: 20 minutes, prefill 70%, not accepted; the draft reopens and is
	// submitted again the next day (C2, prefill 90%), then accepted.
	draftC := h.draft(bj(3, 4, 9, 0))
	h.submit("C", draftC, bj(3, 4, 9, 20), haoban.FiledOnline, 0.7)
	h.event("C", haoban.EventNotAccepted, bj(3, 4, 9, 21))
	if err := s.RecordPrereview(ctx, h.cases["C"], map[string]any{}, true); err != nil {
		t.Fatal(err)
	}
	h.submit("C2", draftC, bj(3, 5, 9, 0), haoban.FiledOnline, 0.9)
	h.event("C2", haoban.EventTaskOpened, bj(3, 5, 10, 0), h.task("C2", "birth-certificate", "health", 1, bj(3, 5, 10, 0), nil))
	// D: 40 minutes, no prefill recorded, withdrawn before acceptance.
	h.submit("D", h.draft(bj(3, 6, 9, 0)), bj(3, 6, 9, 40), haoban.FiledOnline, 0)
	h.event("D", haoban.EventWithdrawn, bj(3, 6, 10, 0))
	// E: entered at a window in 5 minutes, prefill 50%, accepted.
	h.submit("E", h.draft(bj(3, 9, 9, 0)), bj(3, 9, 9, 5), haoban.FiledWindow, 0.5)
	h.event("E", haoban.EventTaskOpened, bj(3, 9, 10, 0), h.task("E", "birth-certificate", "health", 1, bj(3, 9, 10, 0), nil))
	// A draft never submitted, and a case in February: in no March figure.
	h.draft(bj(3, 9, 10, 0))
	h.submit("F", h.draft(bj(2, 27, 9, 0)), bj(2, 27, 9, 1), haoban.FiledOnline, 1)
	return h
}
