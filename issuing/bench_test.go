package issuing

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/document"
	"haoban/eseal"
)

// BenchmarkRenderSealSign renders a food business licence, signs the PDF
// and seals the signed file, as issuing does for each document, and prints
// documents per second and the p50/p99 of one document.
//
//	go test ./issuing -run '^$' -bench RenderSealSign -benchtime 200x
func BenchmarkRenderSealSign(b *testing.B) {
	now := time.Now()
	sm2CA, err := eseal.NewCA(eseal.DevCAName, now)
	if err != nil {
		b.Fatal(err)
	}
	pdfCA, err := document.NewP256CA("bench CA", now)
	if err != nil {
		b.Fatal(err)
	}
	k, err := newKit(sm2CA, pdfCA, haoban.Department{Code: "samr", Name: "上海市市场监督管理局"}, now)
	if err != nil {
		b.Fatal(err)
	}
	until := now.AddDate(5, 0, 0)
	page := document.Licence{ID: "bench", TypeName: "食品经营许可证", Number: "沪SAMR202600000001", HolderName: "上海好味餐饮有限公司",
		HolderCode: "91310115MA1K4ABCDD", ValidFrom: now, ValidTo: &until, Department: "上海市市场监督管理局", IssuedAt: now,
		SealPNG: k.picture, VerifyURL: "http://127.0.0.1:8080/verify/bench",
		Fields: []document.Field{{Label: "经营场所", Value: "上海市浦东新区张杨路500号1层"}, {Label: "经营项目", Value: "热食类、自制饮品"},
			{Label: "食品安全管理人员", Value: "王强"}}}
	times := make([]time.Duration, b.N)
	b.ResetTimer()
	start := time.Now()
	for n := range b.N {
		t0 := time.Now()
		if _, _, err := k.sign(page, haoban.DocumentLicence, "http://127.0.0.1:8080", time.Now()); err != nil {
			b.Fatal(err)
		}
		times[n] = time.Since(t0)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(times)
	p := func(q float64) time.Duration {
		return times[int(float64(len(times)-1)*q)].Round(100 * time.Microsecond)
	}
	rate := float64(b.N) / elapsed.Seconds()
	b.ReportMetric(rate, "docs/s")
	b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
	fmt.Printf("render + PDF signature + electronic seal of %d documents: %.1f documents/s, p50 %v, p99 %v\n", b.N, rate, p(0.5), p(0.99))
}
