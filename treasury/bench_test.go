package treasury

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"haoban"
)

// BenchmarkPay pays b.N distinct orders through the client and the local
// ledger server over loopback, beside a bare baseline: the same JSON body
// posted with the same HTTP client to a handler that only echoes it, which
// is what any payment over HTTP must at least cost. It prints p50/p99 of
// both and the ratio of the p50s.
//
//	go test ./treasury -run '^$' -bench Pay -benchtime 5000x
func BenchmarkPay(b *testing.B) {
	srv := NewLedgerServer(testSecret, haoban.SystemTime{})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, err := NewClient(ClientConfig{URL: ts.URL, Secret: testSecret, Backoff: -1}, haoban.SystemTime{})
	if err != nil {
		b.Fatal(err)
	}
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.Copy(w, r.Body)
	}))
	defer echo.Close()
	ctx := context.Background()

	b.ResetTimer()
	paid := make([]time.Duration, b.N)
	for i := range b.N {
		t0 := time.Now()
		if _, err := c.Pay(ctx, order(i)); err != nil {
			b.Fatal(err)
		}
		paid[i] = time.Since(t0)
	}
	bare := make([]time.Duration, b.N)
	for i := range b.N {
		body, _ := json.Marshal(order(i))
		t0 := time.Now()
		resp, err := c.http.Post(echo.URL, "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		bare[i] = time.Since(t0)
	}
	b.StopTimer()
	if n := len(srv.Entries()); n != b.N {
		b.Fatalf("ledger has %d entries, want %d", n, b.N)
	}
	p := func(d []time.Duration, q float64) time.Duration {
		slices.Sort(d)
		return d[int(float64(len(d)-1)*q)]
	}
	b.ReportMetric(float64(p(paid, 0.99).Microseconds())/1000, "p99-ms")
	fmt.Printf("pay %d orders: p50 %v, p99 %v; bare echo p50 %v, p99 %v; p50 ratio %.2f\n", b.N,
		p(paid, 0.5), p(paid, 0.99), p(bare, 0.5), p(bare, 0.99), float64(p(paid, 0.5))/float64(p(bare, 0.5)))
}
