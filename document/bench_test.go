package document_test

import (
	"slices"
	"testing"
	"time"

	"haoban/document"
)

// BenchmarkRenderAndSign renders a sealed licence and signs it, what the
// worker does for every approved case, and reports documents per second
// and the p99 latency of one document. The font is parsed once, before the
// timer, as in a running worker.
//
//	go test ./document -run '^$' -bench RenderAndSign -benchtime 200x
func BenchmarkRenderAndSign(b *testing.B) {
	s := newSigner(b)
	d := sample(b, document.KindLicence)
	s.sign(b, render(b, d))
	var took []time.Duration
	start := time.Now()
	for b.Loop() {
		t0 := time.Now()
		s.sign(b, render(b, d))
		took = append(took, time.Since(t0))
	}
	elapsed := time.Since(start)
	slices.Sort(took)
	p99 := took[(len(took)-1)*99/100]
	b.ReportMetric(float64(len(took))/elapsed.Seconds(), "docs/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}
