package e2e_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"haoban"
	"haoban/outbox"
	"haoban/outbox/outboxtest"
	"haoban/postgres"
	"haoban/postgres/pgtest"
)

// stepClock is a time source the test moves by hand.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *stepClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// outboxStore is a store on a fresh database, without Temporal or the API.
func outboxStore(tb testing.TB) *postgres.Store {
	tb.Helper()
	store, err := postgres.Open(context.Background(), pgtest.NewDatabase(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(store.Close)
	return store
}

// queueEmails queues n e-mail notices at `at`.
func queueEmails(tb testing.TB, store *postgres.Store, n int, at time.Time) {
	tb.Helper()
	ns := make([]haoban.OutboxNotice, n)
	for i := range ns {
		ns[i] = haoban.OutboxNotice{Key: haoban.NoticeKey("case", fmt.Sprintf("fact-%d", i), "li-na"), Channel: haoban.ChannelEmail,
			UserID: "li-na", Address: fmt.Sprintf("user%d@example.cn", i), Kind: "test", Subject: "受理通知：开办餐饮店",
			Body: fmt.Sprintf("您的申请已受理，办件编号 %d。", i)}
	}
	if got, err := store.EnqueueNotices(context.Background(), ns, at); err != nil || got != n {
		tb.Fatalf("queued %d of %d: %v", got, n, err)
	}
}

func dispatcher(tb testing.TB, store *postgres.Store, smtpAddr, helo string, clock haoban.TimeSource) *outbox.Dispatcher {
	tb.Helper()
	e, err := outbox.NewEmail(outbox.EmailConfig{Addr: smtpAddr, From: "好办 <notice@haoban.example>", TLS: "none", HELO: helo}, clock)
	if err != nil {
		tb.Fatal(err)
	}
	return &outbox.Dispatcher{Store: store, Channels: []outbox.Channel{e}, Time: clock,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// drain runs d until a round finds nothing due or ctx ends.
func drain(tb testing.TB, ctx context.Context, d *outbox.Dispatcher) {
	for ctx.Err() == nil {
		n, err := d.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			tb.Error(err)
			return
		}
		if n == 0 {
			return
		}
	}
}

// Exactly once: 1,000 notices, two dispatchers at once, one of them
// cancelled while the SMTP server holds one of its messages (so the cancel
// lands mid-batch, mid-send, every run), then started again; and a third
// that claimed rows and died, whose lease ends. The server receives each
// Message-ID once.
func TestOutboxExactlyOnce(t *testing.T) {
	store := outboxStore(t)
	clock := &stepClock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	queueEmails(t, store, 1000, clock.Now())
	const pauseAt = 110 // A's 110th message: the 10th of its second batch of 100
	paused, release := make(chan struct{}), make(chan struct{})
	var fromA atomic.Int64
	srv := outboxtest.StartSMTP(t, outboxtest.SMTPOptions{OnData: func(m outboxtest.Received) error {
		if m.HELO == "dispatcher-a" && fromA.Add(1) == pauseAt {
			close(paused)
			<-release
		}
		return nil
	}})
	ctx := context.Background()
	// A dispatcher that claimed 20 rows and was killed before sending any.
	dead, err := store.ClaimNotices(ctx, []haoban.NoticeChannel{haoban.ChannelEmail}, clock.Now(), clock.Now().Add(2*time.Minute), 20)
	if err != nil || len(dead) != 20 {
		t.Fatalf("claimed %d: %v", len(dead), err)
	}
	a, b := dispatcher(t, store, srv.Addr, "dispatcher-a", clock), dispatcher(t, store, srv.Addr, "dispatcher-b", clock)
	ctxA, cancelA := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); drain(t, ctxA, a) }()
	go func() { defer wg.Done(); drain(t, ctx, b) }()
	<-paused
	cancelA()
	close(release)
	wg.Wait()
	if got := fromA.Load(); got != pauseAt {
		t.Fatalf("dispatcher A sent %d messages, want %d: it went on after its context was cancelled", got, pauseAt)
	}
	// A starts again; then the dead dispatcher's lease ends.
	a = dispatcher(t, store, srv.Addr, "dispatcher-a", clock)
	wg.Add(2)
	go func() { defer wg.Done(); drain(t, ctx, a) }()
	go func() { defer wg.Done(); drain(t, ctx, b) }()
	wg.Wait()
	if srv.Count() != 980 {
		t.Fatalf("before the lease ended the server had %d messages, want 980", srv.Count())
	}
	clock.add(2 * time.Minute)
	drain(t, ctx, a)

	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.MessageID]++
	}
	if len(seen) != 1000 || srv.Count() != 1000 {
		t.Fatalf("server received %d messages with %d Message-IDs, want 1000 each once", srv.Count(), len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("%s received %d times", id, n)
		}
	}
	var sent int
	if err := store.Pool().QueryRow(ctx, `SELECT count(*) FROM outbox WHERE status = 'sent' AND sent_at IS NOT NULL
		AND provider_id = key || '@haoban'`).Scan(&sent); err != nil || sent != 1000 {
		t.Fatalf("%d rows recorded sent (%v)", sent, err)
	}
}
