package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"haoban"
	"haoban/servicehours"
)

// BoardConversation is a waiting conversation on the supervisor's board,
// with the service seconds it has waited.
type BoardConversation struct {
	haoban.Conversation
	Waited   int  `json:"waited_seconds"`
	Breached bool `json:"breached"`
}

// Board lists the waiting conversations for supervisors, oldest first,
// with the service seconds each has waited by now.
func (h *Help) Board(ctx context.Context, r Request) ([]BoardConversation, error) {
	if !h.can(r, "supervise") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有督查人员可以查看帮办看板")
	}
	waiting, err := h.Store.WaitingConversations(ctx, nil)
	if err != nil {
		return nil, err
	}
	cal, err := h.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	now := h.Time.Now()
	board := make([]BoardConversation, 0, len(waiting))
	for _, c := range waiting {
		s, err := servicehours.Seconds(cal, h.Hours, c.CreatedAt, now)
		if err != nil {
			return nil, err
		}
		board = append(board, BoardConversation{Conversation: c, Waited: s,
			Breached: s > haoban.FirstResponseTarget || c.BreachedAt != nil})
	}
	return board, nil
}

// Stats computes the help desk's figures over the conversations created in
// [from, to): per helper, department and item, the resolution rate
// (confirmed resolved / ended) and the first-response service seconds
// (p50, p90, share within the 60-second target).
func (h *Help) Stats(ctx context.Context, r Request, from, to time.Time) (haoban.HelpStats, error) {
	if !h.can(r, "supervise") {
		return haoban.HelpStats{}, haoban.Errorf(haoban.EFORBIDDEN, "只有督查人员可以查看帮办统计")
	}
	if !to.After(from) {
		return haoban.HelpStats{}, haoban.Errorf(haoban.EINVALID, "统计的结束时间应晚于开始时间")
	}
	cs, err := h.Store.ConversationsCreated(ctx, from, to)
	if err != nil {
		return haoban.HelpStats{}, err
	}
	return HelpFigures(cs, from, to), nil
}

// HelpFigures groups conversations into the help statistics.
func HelpFigures(cs []haoban.Conversation, from, to time.Time) haoban.HelpStats {
	st := haoban.HelpStats{From: from, To: to}
	total := &helpAcc{}
	helpers, depts, items := map[string]*helpAcc{}, map[string]*helpAcc{}, map[string]*helpAcc{}
	for _, c := range cs {
		total.add(c)
		if c.Helper != "" {
			acc(helpers, c.Helper, c.HelperName).add(c)
		}
		if c.Department != "" {
			acc(depts, c.Department, c.DepartmentName).add(c)
		}
		if c.Item != "" {
			acc(items, c.Item, c.ItemName).add(c)
		}
	}
	st.Total = total.row("", "合计")
	st.Helpers, st.Departments, st.Items = rows(helpers), rows(depts), rows(items)
	return st
}

type helpAcc struct {
	name                 string
	n, ended, resolved   int
	firstResponseSeconds []int
}

func acc(m map[string]*helpAcc, key, name string) *helpAcc {
	a, ok := m[key]
	if !ok {
		if name == "" {
			name = key
		}
		a = &helpAcc{name: name}
		m[key] = a
	}
	return a
}

func (a *helpAcc) add(c haoban.Conversation) {
	a.n++
	if c.ConfirmedResolved != nil {
		// Ended counts what the applicant confirmed either way: a
		// conversation still closing has no resolution yet.
		a.ended++
		if *c.ConfirmedResolved {
			a.resolved++
		}
	}
	if c.FirstResponseSeconds != nil {
		a.firstResponseSeconds = append(a.firstResponseSeconds, *c.FirstResponseSeconds)
	}
}

func (a *helpAcc) row(key, name string) haoban.HelpStatsRow {
	r := haoban.HelpStatsRow{Key: key, Name: name, Conversations: a.n, Ended: a.ended, Resolved: a.resolved,
		Answered: len(a.firstResponseSeconds)}
	if a.ended > 0 {
		r.ResolutionRate = float64(a.resolved) / float64(a.ended)
	}
	if len(a.firstResponseSeconds) > 0 {
		s := slices.Clone(a.firstResponseSeconds)
		slices.Sort(s)
		r.P50, r.P90 = percentile(s, 50), percentile(s, 90)
		within := 0
		for _, v := range s {
			if v <= haoban.FirstResponseTarget {
				within++
			}
		}
		r.WithinTarget = float64(within) / float64(len(s))
	}
	return r
}

// percentile is the nearest-rank percentile of sorted values.
func percentile(sorted []int, p int) int {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 · n)
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

func rows(m map[string]*helpAcc) []haoban.HelpStatsRow {
	out := make([]haoban.HelpStatsRow, 0, len(m))
	for k, a := range m {
		out = append(out, a.row(k, a.name))
	}
	slices.SortFunc(out, func(a, b haoban.HelpStatsRow) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Period reads the statistics' dates (YYYY-MM-DD, both included, Beijing
// days) into [from, to); by default the 30 days up to today.
func (h *Help) Period(fromText, toText string) (time.Time, time.Time, error) {
	today := haoban.DateOf(h.Time.Now())
	day := func(text string, def time.Time) (time.Time, error) {
		d := def
		if text != "" {
			var err error
			if d, err = time.Parse(time.DateOnly, text); err != nil {
				return d, haoban.Errorf(haoban.EINVALID, "日期请写成 2026-04-01 的形式")
			}
		}
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, haoban.Beijing), nil
	}
	from, err := day(fromText, today.AddDate(0, 0, -29))
	if err != nil {
		return from, from, err
	}
	to, err := day(toText, today)
	return from, to.AddDate(0, 0, 1), err
}
