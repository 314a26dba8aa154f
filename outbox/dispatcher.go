package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"haoban"
)

// Defaults of a Dispatcher's settings.
const (
	DefaultBatch       = 500
	DefaultLease       = 2 * time.Minute
	DefaultSendTimeout = 30 * time.Second
	DefaultMaxAttempts = 8
	DefaultBackoff     = 30 * time.Second
	MaxBackoff         = time.Hour
)

// Dispatcher delivers due notices through its channels. Its zero settings
// take the defaults above. It is safe to run several, in one process or
// many: each claims its own rows.
type Dispatcher struct {
	Store    Store
	Channels []Channel
	Time     haoban.TimeSource
	Log      *slog.Logger
	// Batch is how many rows one round claims.
	Batch int
	// Lease is how long claimed rows stay with this dispatcher; a
	// dispatcher that dies leaves them to others when it ends.
	Lease time.Duration
	// SendTimeout bounds one notice; no notice is started with less than
	// this left of the lease, so a lease never ends under a send.
	SendTimeout time.Duration
	// MaxAttempts is how many tries a notice gets before it is dead.
	MaxAttempts int
	// Backoff is the wait before the second try, doubled for each further
	// one up to MaxBackoff.
	Backoff time.Duration
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// RunOnce claims one batch of due notices, sends them and records the
// outcomes. It returns how many rows it claimed: 0 when nothing is due.
// When ctx ends in the middle of a batch, the notice being sent is
// finished, the rest go back to the queue untried, and every outcome is
// still recorded.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	names := make([]haoban.NoticeChannel, len(d.Channels))
	for i, c := range d.Channels {
		names[i] = c.Name()
	}
	now := d.Time.Now()
	leaseEnd := now.Add(or(d.Lease, DefaultLease))
	rows, err := d.Store.ClaimNotices(ctx, names, now, leaseEnd, or(d.Batch, DefaultBatch))
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	slices.SortFunc(rows, func(a, b haoban.OutboxNotice) int { return int(a.ID - b.ID) })
	more := func() bool {
		return ctx.Err() == nil && d.Time.Now().Add(or(d.SendTimeout, DefaultSendTimeout)).Before(leaseEnd)
	}
	var outcomes []haoban.OutboxOutcome
	for _, ch := range d.Channels {
		var group []haoban.OutboxNotice
		for _, r := range rows {
			if r.Channel == ch.Name() {
				group = append(group, r)
			}
		}
		if len(group) == 0 {
			continue
		}
		results := ch.Send(context.WithoutCancel(ctx), group, more)
		at := d.Time.Now()
		for i, n := range group {
			outcomes = append(outcomes, d.outcome(n, results[i], at))
		}
	}
	// Recorded even when ctx has ended: a notice the provider accepted
	// must be marked sent, or it would be sent again.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), or(d.SendTimeout, DefaultSendTimeout))
	defer cancel()
	if err := d.Store.RecordOutcomes(rec, outcomes); err != nil {
		return len(rows), err
	}
	return len(rows), nil
}

// outcome turns a channel's result into what is recorded.
func (d *Dispatcher) outcome(n haoban.OutboxNotice, r Result, at time.Time) haoban.OutboxOutcome {
	o := haoban.OutboxOutcome{ID: n.ID, Claim: n.Claim, At: at, ProviderID: r.ProviderID}
	maxAttempts := or(d.MaxAttempts, DefaultMaxAttempts)
	switch {
	case r.Untried:
		o.Status, o.NextAttemptAt, o.Untried = haoban.OutboxQueued, at, true
	case r.Err == nil:
		o.Status = haoban.OutboxSent
	case IsPermanent(r.Err):
		o.Status, o.Error = haoban.OutboxDead, r.Err.Error()
		d.log().Warn("notice refused", "id", n.ID, "channel", n.Channel, "error", r.Err)
	case n.Attempts >= maxAttempts:
		o.Status, o.Error = haoban.OutboxDead, fmt.Sprintf("已尝试 %d 次，最后一次：%v", n.Attempts, r.Err)
		d.log().Warn("notice out of attempts", "id", n.ID, "channel", n.Channel, "error", r.Err)
	default:
		o.Status, o.Error = haoban.OutboxQueued, r.Err.Error()
		o.NextAttemptAt = at.Add(d.backoff(n.Attempts))
	}
	return o
}

// backoff is the wait after the given number of failed attempts.
func (d *Dispatcher) backoff(attempts int) time.Duration {
	wait := or(d.Backoff, DefaultBackoff)
	for i := 1; i < attempts && wait < MaxBackoff; i++ {
		wait *= 2
	}
	return min(wait, MaxBackoff)
}

func (d *Dispatcher) log() *slog.Logger { return or(d.Log, slog.Default()) }

// Run sends notices until ctx ends, resting for idle whenever nothing is
// due or the store fails.
func (d *Dispatcher) Run(ctx context.Context, idle time.Duration) {
	for ctx.Err() == nil {
		n, err := d.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			d.log().Error("outbox round failed", "error", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
		case <-time.After(idle):
		}
	}
}
