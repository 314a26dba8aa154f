package e2e_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"haoban"
)

// BenchmarkPolicyCheck times the 政策体检 of one person through the HTTP
// API (李娜: six policies against her own records and her restaurant's),
// beside a bare baseline making the same registry reads (the policies in
// force, her facts, her enterprises' facts) with no rule evaluated. It
// prints p50 and p99 of each and their ratio. Target: p99 under 50 ms.
//
//	go test ./e2e -run '^$' -bench PolicyCheck -benchtime 500x
func BenchmarkPolicyCheck(b *testing.B) {
	s := startSystem(b)
	ctx := context.Background()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(at)
	const id = "310115198811203215"
	req, err := http.NewRequest("GET", s.base+"/api/v1/me/policy-check", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.login("li-na"))
	check := func() {
		resp, err := s.http.Do(req)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("policy check: %v %v", resp, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	bare := func() {
		if _, err := s.store.PoliciesInForce(ctx, at); err != nil {
			b.Fatal(err)
		}
		if _, err := s.store.PersonFacts(ctx, id); err != nil {
			b.Fatal(err)
		}
		if _, err := s.store.EnterpriseFactsOf(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
	check() // warm: connections, compiled rules
	bare()
	b.ResetTimer()
	took, base := latencies(b.N, check), latencies(b.N, bare)
	p := func(d []time.Duration, q float64) time.Duration { return d[int(float64(len(d)-1)*q)] }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	fmt.Printf("政策体检 %d requests: p50 %s, p99 %s; bare registry reads p50 %s, p99 %s; p99 ratio %.1f×\n", b.N,
		ms(p(took, 0.5)), ms(p(took, 0.99)), ms(p(base, 0.5)), ms(p(base, 0.99)),
		float64(p(took, 0.99))/float64(max(p(base, 0.99), time.Microsecond)))
}
