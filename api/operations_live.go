package api

import (
	"bufio"
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"haoban"
	"haoban/app"
)

// redrawEvery is how often at most a dashboard is told to read its
// figures again: a burst of events is one redraw.
const redrawEvery = 2 * time.Second

// operationsEvents tells a "799" dashboard that a figure in its scope may
// have changed: a case event, a rating, a report, a weight. It sends
// "changed" at most every 2 seconds, and once at the end of a burst. A
// client reconnecting with Last-Event-ID is told at once, since what
// happened while it was away is not kept: it reads its figures again.
func (s *Server) operationsEvents(c *fiber.Ctx) error {
	dept, item := strings.Clone(c.Query("department")), strings.Clone(c.Query("item"))
	user := userFrom(c.UserContext())
	if d := user.Department; d != "" && d != haoban.AnyDepartment {
		dept = d // a department's own supervisor watches their department
	}
	resumed := c.Get("Last-Event-ID", c.Query("last_event_id")) != ""
	sub := s.live.subscribe(func(m liveMsg) bool {
		switch {
		case m.ops != nil:
			return (dept == "" || m.ops.Department == "" || m.ops.Department == dept) &&
				(item == "" || m.ops.Item == "" || m.ops.Item == item)
		case m.event != nil:
			return dept == "" || m.event.Department == "" || m.event.Department == dept
		}
		return false
	})
	s.serveStream(c, sub, func(w *bufio.Writer) {
		var seq int64
		changed := func() error {
			seq++
			if err := writeSSE(w, "changed", strconv.FormatInt(seq, 10), struct{}{}); err != nil {
				return err
			}
			return w.Flush()
		}
		if resumed && changed() != nil {
			return
		}
		tick := time.NewTicker(heartbeat)
		defer tick.Stop()
		var last time.Time
		var pending <-chan time.Time // fires when a held-back change is due
		for {
			select {
			case _, ok := <-sub.ch:
				if !ok {
					return
				}
				if pending != nil {
					continue // already due
				}
				if wait := redrawEvery - time.Since(last); wait > 0 {
					pending = time.After(wait)
					continue
				}
				if changed() != nil {
					return
				}
				last = time.Now()
			case <-pending:
				pending = nil
				if changed() != nil {
					return
				}
				last = time.Now()
			case <-tick.C:
				if _, err := w.WriteString(": ping\n\n"); err != nil || w.Flush() != nil {
					return
				}
			case <-s.live.done:
				return
			}
		}
	})
	return nil
}

// figureMetrics exports this month's figures to Prometheus, per
// department and for the whole city ("all"): computed at scrape time, and
// kept for a minute so that scrapes do not load the database. Figures not
// measured are absent, never 0.
type figureMetrics struct {
	ops  *app.Operations
	desc *prometheus.Desc

	mu      sync.Mutex
	at      time.Time
	samples []prometheus.Metric
}

// metricsUser is who reads the figures for a scrape: the system, with an
// admin's reading rights.
var metricsUser = haoban.User{ID: "metrics", Name: "系统", Roles: []string{haoban.RoleAdmin}, Department: haoban.AnyDepartment}

const metricsTTL = time.Minute

func newFigureMetrics(ops *app.Operations) *figureMetrics {
	return &figureMetrics{ops: ops, desc: prometheus.NewDesc("haoban_operations_figure",
		`A "799" figure this month (ratio 0-1, minutes or count), per department and "all"; unmeasured figures are absent.`,
		[]string{"figure", "department"}, nil)}
}

func (m *figureMetrics) Describe(ch chan<- *prometheus.Desc) { ch <- m.desc }

func (m *figureMetrics) Collect(ch chan<- prometheus.Metric) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if time.Since(m.at) > metricsTTL {
		if samples, err := m.read(); err == nil {
			m.samples, m.at = samples, time.Now()
		} else {
			ch <- prometheus.NewInvalidMetric(m.desc, err)
			return
		}
	}
	for _, s := range m.samples {
		ch <- s
	}
}

func (m *figureMetrics) read() ([]prometheus.Metric, error) {
	q, err := m.ops.Query("", "", "", "")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	v, err := m.ops.Dashboard(ctx, app.Request{User: metricsUser, RequestID: "metrics"}, q, app.ByDepartment)
	if err != nil {
		return nil, err
	}
	var out []prometheus.Metric
	add := func(dept string, figures []haoban.Figure) {
		for _, f := range figures {
			if f.State != haoban.FigureUnmeasured {
				out = append(out, prometheus.MustNewConstMetric(m.desc, prometheus.GaugeValue, f.Value, f.Key, dept))
			}
		}
	}
	add("all", v.Figures)
	for _, r := range v.Rows {
		add(r.Key, r.Figures)
	}
	return out, nil
}
