package treasury

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"haoban"
)

const testSecret = "treasury-test-secret-0123456789abcdef"

var testNow = time.Date(2026, 12, 3, 4, 0, 0, 0, time.UTC)

// setup runs a ledger server on a loopback listener and a client for it;
// change adjusts the client's configuration.
func setup(t *testing.T, change func(*ClientConfig)) (*LedgerServer, *Client) {
	t.Helper()
	clock := haoban.FixedTime{T: testNow}
	srv := NewLedgerServer(testSecret, clock)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg := ClientConfig{URL: ts.URL, Secret: testSecret, Timeout: 5 * time.Second, Backoff: -1}
	if change != nil {
		change(&cfg)
	}
	c, err := NewClient(cfg, clock)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func order(n int) Order {
	return Order{Key: fmt.Sprintf("newborn/case-%d/pay", n),
		Payee:  Payee{ID: "110101199003077777", Name: "张三", Account: "6222020200112233445"},
		Amount: 200000, Policy: "newborn-subsidy", Case: fmt.Sprintf("case-%d", n), Purpose: "生育补贴"}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := haoban.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func wantEntries(t *testing.T, srv *LedgerServer, n int) {
	t.Helper()
	if got := len(srv.Entries()); got != n {
		t.Fatalf("ledger has %d entries, want %d: %+v", got, n, srv.Entries())
	}
}

func TestPay(t *testing.T) {
	srv, c := setup(t, nil)
	ctx := context.Background()
	e, err := c.Pay(ctx, order(1))
	if err != nil {
		t.Fatal(err)
	}
	if e.Serial != "T00000001" || e.Order != order(1) || !e.At.Equal(testNow) {
		t.Errorf("Pay = %+v", e)
	}
	found, err := c.Find(ctx, order(1).Key)
	if err != nil || found != e {
		t.Errorf("Find = %+v, %v; want %+v", found, err, e)
	}
	_, err = c.Find(ctx, "newborn/case-404/pay")
	wantCode(t, err, haoban.ENOTFOUND)

	ledger, err := c.Ledger(ctx, testNow, testNow.Add(time.Hour))
	if err != nil || len(ledger) != 1 || ledger[0] != e {
		t.Errorf("Ledger = %+v, %v", ledger, err)
	}
	ledger, err = c.Ledger(ctx, testNow.Add(-time.Hour), testNow)
	if err != nil || len(ledger) != 0 {
		t.Errorf("Ledger before the payment = %+v, %v", ledger, err)
	}
	wantEntries(t, srv, 1)
}

func TestPayAgainPaysOnce(t *testing.T) {
	srv, c := setup(t, nil)
	first, err := c.Pay(context.Background(), order(1))
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Pay(context.Background(), order(1))
	if err != nil || again != first {
		t.Errorf("second Pay = %+v, %v; want %+v", again, err, first)
	}
	wantEntries(t, srv, 1)
}

func TestPayLostAnswerPaysOnce(t *testing.T) {
	srv, c := setup(t, nil)
	srv.DropNext(2)
	e, err := c.Pay(context.Background(), order(1))
	if err != nil {
		t.Fatal(err)
	}
	if e.Serial != "T00000001" {
		t.Errorf("Pay = %+v", e)
	}
	wantEntries(t, srv, 1)
}

func TestPayLostAnswerThenRestart(t *testing.T) {
	// The client gives up (one attempt) after the service booked the order;
	// a later run pays again with the same key and gets the same entry.
	srv, c := setup(t, func(cfg *ClientConfig) { cfg.Attempts = 1 })
	srv.DropNext(1)
	_, err := c.Pay(context.Background(), order(1))
	wantCode(t, err, haoban.EUNAVAILABLE)
	wantEntries(t, srv, 1)
	e, err := c.Pay(context.Background(), order(1))
	if err != nil || e != srv.Entries()[0] {
		t.Errorf("Pay after the lost answer = %+v, %v; want %+v", e, err, srv.Entries()[0])
	}
	wantEntries(t, srv, 1)
}

func TestPayTimeoutPaysOnce(t *testing.T) {
	srv, c := setup(t, func(cfg *ClientConfig) { cfg.Timeout = 200 * time.Millisecond })
	srv.SlowNext(1, time.Minute) // the server waits until the client gives up
	e, err := c.Pay(context.Background(), order(1))
	if err != nil {
		t.Fatal(err)
	}
	if e.Serial != "T00000001" {
		t.Errorf("Pay = %+v", e)
	}
	wantEntries(t, srv, 1)
}

func TestPayKeyReusedForAnotherOrder(t *testing.T) {
	srv, c := setup(t, nil)
	if _, err := c.Pay(context.Background(), order(1)); err != nil {
		t.Fatal(err)
	}
	other := order(1)
	other.Amount = 300000
	_, err := c.Pay(context.Background(), other)
	wantCode(t, err, haoban.ECONFLICT)
	wantEntries(t, srv, 1)
}

func TestBadSignatureRefused(t *testing.T) {
	srv, good := setup(t, nil)
	if _, err := good.Pay(context.Background(), order(1)); err != nil {
		t.Fatal(err)
	}
	wrongSecret, err := NewClient(ClientConfig{URL: good.base, Secret: testSecret + "x", Backoff: -1}, haoban.FixedTime{T: testNow})
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrongSecret.Pay(context.Background(), order(2))
	wantCode(t, err, haoban.EINTERNAL)
	_, err = wrongSecret.Find(context.Background(), order(1).Key)
	wantCode(t, err, haoban.EINTERNAL)

	// A request signed ten minutes ago may be a replay.
	stale, err := NewClient(ClientConfig{URL: good.base, Secret: testSecret, Backoff: -1}, haoban.FixedTime{T: testNow.Add(-10 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = stale.Pay(context.Background(), order(3))
	wantCode(t, err, haoban.EINTERNAL)
	wantEntries(t, srv, 1)
}

func TestFailuresMapToCodes(t *testing.T) {
	ctx := context.Background()
	t.Run("service failing every attempt", func(t *testing.T) {
		srv, c := setup(t, func(cfg *ClientConfig) { cfg.Attempts = 3 })
		srv.FailNext(3, http.StatusServiceUnavailable)
		_, err := c.Pay(ctx, order(1))
		wantCode(t, err, haoban.EUNAVAILABLE)
		wantEntries(t, srv, 0)
	})
	t.Run("service recovering within the attempts", func(t *testing.T) {
		srv, c := setup(t, func(cfg *ClientConfig) { cfg.Attempts = 3 })
		srv.FailNext(2, http.StatusTooManyRequests)
		if _, err := c.Pay(ctx, order(1)); err != nil {
			t.Fatal(err)
		}
		wantEntries(t, srv, 1)
	})
	t.Run("service down", func(t *testing.T) {
		ts := httptest.NewServer(http.NotFoundHandler())
		ts.Close() // nothing listens on its address any more
		c, err := NewClient(ClientConfig{URL: ts.URL, Secret: testSecret, Backoff: -1}, haoban.FixedTime{T: testNow})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Pay(ctx, order(1))
		wantCode(t, err, haoban.EUNAVAILABLE)
	})
	t.Run("refusal is not retried", func(t *testing.T) {
		srv, c := setup(t, nil)
		srv.FailNext(2, http.StatusUnprocessableEntity)
		_, err := c.Pay(ctx, order(1))
		wantCode(t, err, haoban.EUNPROCESSABLE)
		// Had the client retried, it would have used up the second failure.
		_, err = c.Pay(ctx, order(1))
		wantCode(t, err, haoban.EUNPROCESSABLE)
		if _, err := c.Pay(ctx, order(1)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("bad request is not retried", func(t *testing.T) {
		srv, c := setup(t, nil)
		srv.FailNext(2, http.StatusBadRequest)
		_, err := c.Pay(ctx, order(1))
		wantCode(t, err, haoban.EINTERNAL)
		_, err = c.Pay(ctx, order(1))
		wantCode(t, err, haoban.EINTERNAL)
	})
	t.Run("invalid order never sent", func(t *testing.T) {
		srv, c := setup(t, nil)
		o := order(1)
		o.Payee.Account = ""
		_, err := c.Pay(ctx, o)
		wantCode(t, err, haoban.EINVALID)
		wantEntries(t, srv, 0)
	})
	t.Run("cancelled context", func(t *testing.T) {
		srv, c := setup(t, nil)
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		_, err := c.Pay(cancelled, order(1))
		wantCode(t, err, haoban.EUNAVAILABLE)
		wantEntries(t, srv, 0)
	})
}

func TestRecovery(t *testing.T) {
	srv, c := setup(t, nil)
	ctx := context.Background()
	paid := order(1)
	if _, err := c.Pay(ctx, paid); err != nil {
		t.Fatal(err)
	}
	recovery := func(key, recovers string, amount int64) Order {
		o := paid
		o.Key, o.Recovers, o.Amount, o.Purpose = key, recovers, amount, "撤销补贴，追回"
		return o
	}
	_, err := c.Pay(ctx, recovery("r0", "no-such-payment", -100))
	wantCode(t, err, haoban.EUNPROCESSABLE)
	_, err = c.Pay(ctx, recovery("r0", paid.Key, -200001))
	wantCode(t, err, haoban.EUNPROCESSABLE)
	if _, err := c.Pay(ctx, recovery("r1", paid.Key, -150000)); err != nil {
		t.Fatal(err)
	}
	_, err = c.Pay(ctx, recovery("r2", paid.Key, -50001))
	wantCode(t, err, haoban.EUNPROCESSABLE)
	if _, err := c.Pay(ctx, recovery("r2", paid.Key, -50000)); err != nil {
		t.Fatal(err)
	}
	_, err = c.Pay(ctx, recovery("r3", "r1", -1))
	wantCode(t, err, haoban.EUNPROCESSABLE) // a recovery cannot itself be recovered
	wantEntries(t, srv, 3)

	var ours []PaidOrder
	for _, k := range []struct {
		key    string
		amount int64
	}{{paid.Key, 200000}, {"r1", -150000}, {"r2", -50000}} {
		ours = append(ours, PaidOrder{Key: k.key, Case: paid.Case, Amount: k.amount})
	}
	if d := Reconcile(ours, srv.Entries()); len(d) != 0 {
		t.Errorf("Reconcile = %+v", d)
	}
}

// TestConcurrentPayments: 50 runs pay 20 orders (some orders by three runs
// at once) while the service fails and loses answers; each order is booked
// once and every run of an order sees the same entry.
func TestConcurrentPayments(t *testing.T) {
	srv, c := setup(t, func(cfg *ClientConfig) { cfg.Attempts = 40 })
	srv.FailNext(15, http.StatusServiceUnavailable)
	srv.DropNext(10)
	const runs, orders = 50, 20
	got := make([]LedgerEntry, runs)
	errs := make([]error, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() { got[i], errs[i] = c.Pay(context.Background(), order(i%orders)) })
	}
	wg.Wait()
	for i := range runs {
		if errs[i] != nil {
			t.Fatalf("run %d: %v", i, errs[i])
		}
		if got[i] != got[i%orders] {
			t.Errorf("run %d got %+v, run %d got %+v", i, got[i], i%orders, got[i%orders])
		}
	}
	srv.mu.Lock()
	unused := srv.fail + srv.drop
	srv.mu.Unlock()
	if unused != 0 {
		t.Errorf("%d injected faults never happened", unused)
	}
	wantEntries(t, srv, orders)
	var ours []PaidOrder
	for i := range orders {
		ours = append(ours, PaidOrder{Key: order(i).Key, Case: order(i).Case, Amount: order(i).Amount})
	}
	if d := Reconcile(ours, srv.Entries()); len(d) != 0 {
		t.Errorf("Reconcile = %+v", d)
	}
}

// TestWaitEntries: a waiter wakes when the entries it waits for are
// booked, and a cancelled wait says how far the ledger got.
func TestWaitEntries(t *testing.T) {
	srv, c := setup(t, nil)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() { done <- srv.WaitEntries(ctx, 2) }()
	for n := 1; n <= 2; n++ {
		if _, err := c.Pay(ctx, order(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("waiting for two entries: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := srv.WaitEntries(cancelled, 3); err == nil || !strings.Contains(err.Error(), "holds 2 entries") {
		t.Fatalf("a cancelled wait for a third entry: %v", err)
	}
}
