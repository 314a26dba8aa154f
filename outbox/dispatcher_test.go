package outbox_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"haoban"
	"haoban/outbox"
)

// clock is a time source a test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// memStore is the outbox in memory, with the claim and fencing rules of
// postgres.Store (whose own tests run them on PostgreSQL).
type memStore struct {
	mu    sync.Mutex
	rows  []haoban.OutboxNotice
	claim int64
}

func (s *memStore) add(n haoban.OutboxNotice) {
	n.ID, n.Status = int64(len(s.rows)+1), haoban.OutboxQueued
	s.rows = append(s.rows, n)
}

func (s *memStore) ClaimNotices(_ context.Context, chs []haoban.NoticeChannel, now, leaseEnd time.Time, limit int) ([]haoban.OutboxNotice, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []haoban.OutboxNotice
	for i := range s.rows {
		r := &s.rows[i]
		due := (r.Status == haoban.OutboxQueued || r.Status == haoban.OutboxSending) && !r.NextAttemptAt.After(now)
		if due && slices.Contains(chs, r.Channel) && len(out) < limit {
			s.claim++
			r.Status, r.Attempts, r.Claim, r.NextAttemptAt = haoban.OutboxSending, r.Attempts+1, s.claim, leaseEnd
			out = append(out, *r)
		}
	}
	return out, nil
}

func (s *memStore) RecordOutcomes(_ context.Context, os []haoban.OutboxOutcome) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range os {
		r := &s.rows[o.ID-1]
		if r.Claim != o.Claim || r.Status != haoban.OutboxSending {
			continue
		}
		r.Status, r.Claim, r.ProviderID = o.Status, 0, o.ProviderID
		if o.Untried {
			r.Attempts--
		} else {
			r.LastError = o.Error
		}
		if o.Status == haoban.OutboxQueued {
			r.NextAttemptAt = o.NextAttemptAt
		}
	}
	return nil
}

func (s *memStore) row(id int64) haoban.OutboxNotice {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rows[id-1]
}

// script is a channel that answers from a list of errors, one per send.
type script struct {
	errs   []error
	sent   []string
	before func(i int) // runs before each send
}

func (c *script) Name() haoban.NoticeChannel { return haoban.ChannelEmail }

func (c *script) Send(_ context.Context, ns []haoban.OutboxNotice, more func() bool) []outbox.Result {
	res := make([]outbox.Result, len(ns))
	for i, n := range ns {
		if i > 0 && !more() {
			for j := i; j < len(ns); j++ {
				res[j].Untried = true
			}
			break
		}
		if c.before != nil {
			c.before(len(c.sent))
		}
		var err error
		if len(c.errs) > 0 {
			err, c.errs = c.errs[0], c.errs[1:]
		}
		c.sent = append(c.sent, n.Key)
		res[i] = outbox.Result{ProviderID: "p-" + n.Key, Err: err}
	}
	return res
}

func setup(n int) (*memStore, *clock, *script, *outbox.Dispatcher) {
	st, clk, ch := &memStore{}, &clock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}, &script{}
	for i := range n {
		st.add(haoban.OutboxNotice{Key: string(rune('a' + i)), Channel: haoban.ChannelEmail})
	}
	return st, clk, ch, &outbox.Dispatcher{Store: st, Channels: []outbox.Channel{ch}, Time: clk, MaxAttempts: 3,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func TestDispatcher(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		st, _, ch, d := setup(3)
		if n, err := d.RunOnce(ctx); n != 3 || err != nil {
			t.Fatalf("RunOnce = %d, %v", n, err)
		}
		if n, _ := d.RunOnce(ctx); n != 0 || len(ch.sent) != 3 {
			t.Fatalf("second round claimed %d; sent %v", n, ch.sent)
		}
		if r := st.row(2); r.Status != haoban.OutboxSent || r.ProviderID != "p-b" || r.Attempts != 1 {
			t.Fatalf("row = %+v", r)
		}
	})
	t.Run("ErrTransientBacksOffThenDies", func(t *testing.T) {
		st, clk, ch, d := setup(1)
		ch.errs = []error{errors.New("451 try later"), errors.New("timeout"), errors.New("timeout")}
		start := clk.Now()
		for i, wait := range []time.Duration{30 * time.Second, time.Minute} {
			d.RunOnce(ctx)
			if r := st.row(1); r.Status != haoban.OutboxQueued || !r.NextAttemptAt.Equal(clk.Now().Add(wait)) {
				t.Fatalf("after try %d: %+v, want queued for %s", i+1, r, wait)
			}
			if n, _ := d.RunOnce(ctx); n != 0 {
				t.Fatal("claimed before its backoff ended")
			}
			clk.Add(wait)
		}
		d.RunOnce(ctx)
		if r := st.row(1); r.Status != haoban.OutboxDead || r.Attempts != 3 || !strings.Contains(r.LastError, "已尝试 3 次") {
			t.Fatalf("after 3 tries from %s: %+v", start, r)
		}
	})
	t.Run("ErrPermanentIsDeadAtOnce", func(t *testing.T) {
		st, _, ch, d := setup(1)
		ch.errs = []error{outbox.Permanent(errors.New("短信服务商拒绝（400）：号码无效"))}
		d.RunOnce(ctx)
		if r := st.row(1); r.Status != haoban.OutboxDead || r.Attempts != 1 || !strings.Contains(r.LastError, "号码无效") {
			t.Fatalf("row = %+v", r)
		}
	})
	t.Run("CancelMidBatch", func(t *testing.T) {
		st, _, ch, d := setup(4)
		cctx, cancel := context.WithCancel(ctx)
		ch.before = func(i int) {
			if i == 1 {
				cancel() // while the second notice is being sent
			}
		}
		d.RunOnce(cctx)
		want := []haoban.OutboxStatus{haoban.OutboxSent, haoban.OutboxSent, haoban.OutboxQueued, haoban.OutboxQueued}
		for i, w := range want {
			if r := st.row(int64(i + 1)); r.Status != w || (w == haoban.OutboxQueued && r.Attempts != 0) {
				t.Fatalf("row %d = %+v, want %s", i+1, r, w)
			}
		}
		ch.before = nil
		d.RunOnce(ctx)
		if !slices.Equal(ch.sent, []string{"a", "b", "c", "d"}) {
			t.Fatalf("sent %v, want each once", ch.sent)
		}
	})
	t.Run("LeaseNearlyOverStopsSending", func(t *testing.T) {
		st, clk, ch, d := setup(3)
		d.Lease, d.SendTimeout = time.Minute, 20*time.Second
		ch.before = func(int) { clk.Add(25 * time.Second) }
		d.RunOnce(ctx)
		if len(ch.sent) != 2 || st.row(3).Status != haoban.OutboxQueued {
			t.Fatalf("sent %v; row 3 = %+v: a send was started with less than the send timeout left of the lease",
				ch.sent, st.row(3))
		}
	})
	t.Run("DeadDispatcherLeavesRowsWhenLeaseEnds", func(t *testing.T) {
		st, clk, ch, d := setup(2)
		dead, _ := st.ClaimNotices(ctx, []haoban.NoticeChannel{haoban.ChannelEmail}, clk.Now(), clk.Now().Add(time.Minute), 10)
		if n, _ := d.RunOnce(ctx); n != 0 {
			t.Fatal("claimed rows under another's lease")
		}
		clk.Add(time.Minute)
		d.RunOnce(ctx)
		if err := st.RecordOutcomes(ctx, []haoban.OutboxOutcome{{ID: dead[0].ID, Claim: dead[0].Claim,
			Status: haoban.OutboxDead, Error: "late"}}); err != nil || st.row(1).Status != haoban.OutboxSent {
			t.Fatalf("a stale claim overwrote the row: %+v", st.row(1))
		}
		if len(ch.sent) != 2 {
			t.Fatalf("sent %v", ch.sent)
		}
	})
}
