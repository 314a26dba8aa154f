package e2e_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"haoban"
	"haoban/outbox"
	"haoban/outbox/outboxtest"
)

// BenchmarkOutboxDrain drains 10,000 queued e-mail notices to a local SMTP
// server with two dispatchers, beside a bare loop that sends the same
// messages with the same client over one connection, without the outbox.
// Run: go test ./e2e -run '^$' -bench OutboxDrain -benchtime 1x
func BenchmarkOutboxDrain(b *testing.B) {
	const n = 10000
	store := outboxStore(b)
	ctx := context.Background()
	clock := haoban.SystemTime{}
	for range b.N {
		if _, err := store.Pool().Exec(ctx, `TRUNCATE outbox`); err != nil {
			b.Fatal(err)
		}
		// The outbox: queued first, then two dispatchers drain it.
		srv := outboxtest.StartSMTP(b, outboxtest.SMTPOptions{})
		enqueued := time.Now()
		queueEmails(b, store, n, enqueued)
		// Statistics as autovacuum keeps them on a live outbox: on a table
		// this new the planner would sort every due row for each claim.
		if _, err := store.Pool().Exec(ctx, `ANALYZE outbox`); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		queuedIn := start.Sub(enqueued)
		var wg sync.WaitGroup
		for _, helo := range []string{"dispatcher-a", "dispatcher-b"} {
			d := dispatcher(b, store, srv.Addr, helo, clock)
			wg.Go(func() { drain(b, ctx, d) })
		}
		wg.Wait()
		outboxRate, outboxP99 := drainRate(b, srv, n, start, enqueued)

		// The bare loop: the same messages, the same client, no database.
		bare := outboxtest.StartSMTP(b, outboxtest.SMTPOptions{})
		e, err := outbox.NewEmail(outbox.EmailConfig{Addr: bare.Addr, From: "好办 <notice@haoban.example>", TLS: "none"}, clock)
		if err != nil {
			b.Fatal(err)
		}
		notices := make([]haoban.OutboxNotice, n)
		for i := range notices {
			notices[i] = haoban.OutboxNotice{Key: haoban.NoticeKey("case", fmt.Sprintf("fact-%d", i), "li-na"),
				Address: fmt.Sprintf("user%d@example.cn", i), Subject: "受理通知：开办餐饮店", Body: fmt.Sprintf("您的申请已受理，办件编号 %d。", i)}
		}
		start = time.Now()
		for _, r := range e.Send(ctx, notices, func() bool { return true }) {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
		bareRate, bareP99 := drainRate(b, bare, n, start, start)
		b.ReportMetric(outboxRate, "outbox_notices/s")
		b.ReportMetric(bareRate, "bare_notices/s")
		b.ReportMetric(outboxRate/bareRate, "ratio")
		b.ReportMetric(float64(outboxP99.Milliseconds()), "outbox_p99_ms")
		b.ReportMetric(float64(bareP99.Milliseconds()), "bare_p99_ms")
		b.Logf("outbox (2 dispatchers): %.0f notices/s, p99 enqueue→accepted %s (queued in %s); bare loop: %.0f notices/s, p99 %s; ratio %.2f",
			outboxRate, outboxP99.Round(time.Millisecond), queuedIn.Round(time.Millisecond), bareRate,
			bareP99.Round(time.Millisecond), outboxRate/bareRate)
	}
}

// drainRate is how many notices per second the server accepted from start
// until the last one, and the p99 of their delays from queued.
func drainRate(b *testing.B, srv *outboxtest.SMTPServer, n int, start, queued time.Time) (float64, time.Duration) {
	b.Helper()
	got := srv.Messages()
	if len(got) != n {
		b.Fatalf("server accepted %d of %d", len(got), n)
	}
	delays := make([]time.Duration, len(got))
	last := start
	for i, m := range got {
		delays[i] = m.At.Sub(queued)
		if m.At.After(last) {
			last = m.At
		}
	}
	slices.Sort(delays)
	return float64(n) / last.Sub(start).Seconds(), delays[len(delays)*99/100]
}
