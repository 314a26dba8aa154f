package eseal

import (
	"bytes"
	"image"
	"image/png"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"
)

// Fixed times keep the tests independent of the clock: the CA is made on
// t0, the department certificate a day later, and documents signed in
// March, well inside every validity.
var (
	t0       = time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	issuedAt = t0.Add(24 * time.Hour)
	signedAt = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
)

// department is a CA, a department's key and certificate, and a seal
// listing that certificate, made by the CA.
type department struct {
	ca     *CA
	key    *KeySigner
	cert   *smx509.Certificate
	seal   []byte
	sealIn SealInput
}

func newDepartment(tb testing.TB) *department {
	tb.Helper()
	ca, err := NewCA(DevCAName, t0)
	if err != nil {
		tb.Fatal(err)
	}
	return newDepartmentOf(tb, ca, ca)
}

// newDepartmentOf has issuer certify the department's key and maker make
// its seal, so a test can mix CAs.
func newDepartmentOf(tb testing.TB, issuer, maker *CA) *department {
	tb.Helper()
	key, err := GenerateKeySigner()
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := issuer.IssueSealCert("11310000002421001X", "上海市市场监督管理局", key.Public(), issuedAt)
	if err != nil {
		tb.Fatal(err)
	}
	d := &department{ca: maker, key: key, cert: cert}
	d.sealIn = SealInput{
		ESID:       "31000020260001",
		Name:       "上海市市场监督管理局行政许可专用章",
		Type:       1,
		Vendor:     "haoban",
		Certs:      [][]byte{cert.Raw},
		CreateDate: issuedAt,
		ValidStart: issuedAt.Add(24 * time.Hour), // after the certificate starts, so each can fail alone
		ValidEnd:   issuedAt.AddDate(1, 0, 0),
		Picture:    Picture{Type: "PNG", Data: tinyPNG(tb), WidthMM: SealImageMM, HeightMM: SealImageMM},
		Maker:      maker.Signer,
		MakerCert:  maker.Cert.Raw,
	}
	d.seal = d.makeSeal(tb, d.sealIn)
	return d
}

func (d *department) makeSeal(tb testing.TB, in SealInput) []byte {
	tb.Helper()
	der, err := MakeSeal(in)
	if err != nil {
		tb.Fatal(err)
	}
	return der
}

// signInput signs doc with the department's seal and key at signedAt.
func (d *department) signInput(doc []byte) SignInput {
	return SignInput{
		Seal: d.seal, SignedAt: signedAt, Document: doc, PropertyInfo: "case/HB-2026-000123/licence.pdf",
		Signer: d.key, SignerCert: d.cert.Raw,
	}
}

func (d *department) sign(tb testing.TB, doc []byte) []byte {
	tb.Helper()
	der, err := Sign(d.signInput(doc))
	if err != nil {
		tb.Fatal(err)
	}
	return der
}

// tinyPNG keeps seals small so that a test may change every byte of one.
func tinyPNG(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func testDocument() []byte {
	return []byte("%PDF-1.7 准予行政许可决定书 沪市监许〔2026〕123 号")
}
