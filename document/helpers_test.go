package document_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"haoban/document"
)

var (
	issued   = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	validTo  = time.Date(2030, 3, 13, 0, 0, 0, 0, time.UTC)
	holder   = "上海小笼包餐饮管理有限公司"
	number   = "JY13101040012345"
	decision = "沪浦市监食许〔2025〕1234号"
)

// sample is a licence of kind as a case would issue it, sealed.
func sample(tb testing.TB, kind document.Kind) document.Licence {
	tb.Helper()
	d := document.Licence{
		ID: "lic-1", Kind: kind, TypeName: "食品经营许可证", Number: number,
		HolderName: holder, HolderCode: "91310115MA1K4ABC2X",
		Fields: []document.Field{
			{Label: "法定代表人", Value: "张伟"},
			{Label: "住所", Value: "上海市浦东新区世纪大道100号"},
			{Label: "经营场所", Value: "上海市浦东新区世纪大道100号一层101室"},
			{Label: "主体业态", Value: "餐饮服务经营者（中型餐馆）"},
		},
		Scope:      "热食类食品制售；冷食类食品制售；生食类食品制售（仅限生食类水产品）；自制饮品制售（不含自酿酒）",
		ValidFrom:  issued,
		ValidTo:    &validTo,
		Department: "上海市浦东新区市场监督管理局",
		IssuedAt:   issued,
		SealPNG:    sealPNG(tb),
		VerifyURL:  "https://haoban.example.gov.cn/verify/lic-1?c=8f3a2b",
	}
	if kind == document.KindDecision {
		d.Number = decision
	}
	return d
}

// sealPNG draws a red ring and star on transparency, the shape of an
// official seal, so that no real seal is kept with the tests.
func sealPNG(tb testing.TB) []byte {
	tb.Helper()
	const n = 360
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	red := color.NRGBA{R: 210, G: 20, B: 20, A: 210}
	c := float64(n) / 2
	for y := range n {
		for x := range n {
			dx, dy := float64(x)-c, float64(y)-c
			r := math.Hypot(dx, dy)
			if (r > 160 && r < 176) || inStar(dx, dy, 70) {
				img.SetNRGBA(x, y, red)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// inStar reports whether dx, dy lies in a five-pointed star of radius r
// pointing up: the ten-vertex polygon of alternating outer and inner
// points, tested by ray casting.
func inStar(dx, dy, r float64) bool {
	var xs, ys [10]float64
	for k := range 10 {
		rk := r
		if k%2 == 1 {
			rk = r * 0.382
		}
		a := -math.Pi/2 + float64(k)*math.Pi/5
		xs[k], ys[k] = rk*math.Cos(a), rk*math.Sin(a)
	}
	in := false
	for i, j := 0, 9; i < 10; j, i = i, i+1 {
		if (ys[i] > dy) != (ys[j] > dy) && dx < (xs[j]-xs[i])*(dy-ys[i])/(ys[j]-ys[i])+xs[i] {
			in = !in
		}
	}
	return in
}

// signer is a local CA and a department's certificate issued by it.
type signer struct {
	ca   *document.CA
	key  *ecdsa.PrivateKey
	cert *x509.Certificate
}

func newSigner(tb testing.TB) signer {
	tb.Helper()
	ca, err := document.NewP256CA("好办测试根证书", issued)
	if err != nil {
		tb.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := document.IssueP256(ca, "上海市浦东新区市场监督管理局", &key.PublicKey, time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return signer{ca: ca, key: key, cert: cert}
}

func (s signer) roots() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(s.ca.Cert)
	return p
}

func (s signer) sign(tb testing.TB, pdf []byte) []byte {
	tb.Helper()
	out, err := document.SignPDF(pdf, s.key, s.cert, []*x509.Certificate{s.ca.Cert}, document.SignInfo{
		// 局 and （） are the characters pdfsign alone would garble.
		Name: "上海市浦东新区市场监督管理局", Location: "上海（浦东）", Reason: "准予行政许可",
		ContactInfo: "021-12345 (窗口)", Date: time.Now(),
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// render fails, never skips, when the font is missing: its error says to
// run scripts/ensure-pdf.sh.
func render(tb testing.TB, d document.Licence) []byte {
	tb.Helper()
	out, err := document.Render(d)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// poppler runs one of poppler-utils' tools with args, in which "PDF"
// stands for pdf written to a file, and returns what it printed and its
// error. A missing tool fails the test: checking the
// output with a standard reader is the point of these tests.
func poppler(tb testing.TB, tool string, pdf []byte, args ...string) (string, error) {
	tb.Helper()
	bin, err := exec.LookPath(tool)
	if err != nil {
		tb.Fatalf("%s is not installed; run scripts/ensure-pdf.sh: %v", tool, err)
	}
	path := filepath.Join(tb.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	args = slices.Clone(args)
	for i, a := range args {
		if a == "PDF" {
			args[i] = path
		}
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	return string(out), err
}
