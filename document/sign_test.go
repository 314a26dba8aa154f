package document_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/document"
)

// pdfsig's verdict on a signature whose bytes match, in poppler 22.12.
const sigValid = "  - Signature Validation: Signature is Valid."

func TestSignPDF(t *testing.T) {
	s := newSigner(t)
	for _, kind := range []document.Kind{document.KindLicence, document.KindDecision} {
		t.Run("OK"+strings.ToUpper(string(kind[:1]))+string(kind[1:]), func(t *testing.T) {
			signed := s.sign(t, render(t, sample(t, kind)))
			res, err := document.VerifyPDF(signed, s.roots())
			if err != nil {
				t.Fatal(err)
			}
			if !res.Valid || res.Reason != "" || res.SignerCN != s.cert.Subject.CommonName {
				t.Fatalf("VerifyPDF = %+v, want valid, signed by %q", res, s.cert.Subject.CommonName)
			}
			want := document.SignInfo{Name: "上海市浦东新区市场监督管理局", Location: "上海（浦东）", Reason: "准予行政许可",
				ContactInfo: "021-12345 (窗口)"}
			if got := res.Info; got.Name != want.Name || got.Location != want.Location || got.Reason != want.Reason ||
				got.ContactInfo != want.ContactInfo || time.Since(got.Date).Abs() > time.Minute {
				t.Errorf("Info = %+v, want %+v signed now", got, want)
			}
			if time.Since(res.SignedAt).Abs() > time.Minute {
				t.Errorf("SignedAt = %v, want about now", res.SignedAt)
			}
			out, err := poppler(t, "pdfsig", signed, "PDF")
			lines := strings.Split(out, "\n")
			if err != nil || !slices.Contains(lines, sigValid) || !slices.Contains(lines, "  - Total document signed") {
				t.Fatalf("pdfsig (%v) does not find the signature valid over the whole file:\n%s", err, out)
			}
		})
	}
	t.Run("ErrByteFlipped", func(t *testing.T) {
		signed := s.sign(t, render(t, sample(t, document.KindLicence)))
		tampered := flipInStream(t, signed)
		res, err := document.VerifyPDF(tampered, s.roots())
		if err != nil {
			t.Fatal(err)
		}
		if res.Valid || res.Reason != "PDF 签名与文件内容不符" {
			t.Fatalf("VerifyPDF = %+v, want invalid: PDF 签名与文件内容不符", res)
		}
		out, _ := poppler(t, "pdfsig", tampered, "PDF")
		if !strings.Contains(out, "Signature Validation:") || slices.Contains(strings.Split(out, "\n"), sigValid) {
			t.Fatalf("pdfsig still finds the tampered signature valid, or checked none:\n%s", out)
		}
	})
	t.Run("ErrAppendedAfterSigning", func(t *testing.T) {
		signed := s.sign(t, render(t, sample(t, document.KindLicence)))
		appended := append(bytes.Clone(signed), "1 0 obj\n(伪造)\nendobj\n%%EOF\n"...)
		wantInvalid(t, appended, s.roots(), "签名后文件被追加修改")
	})
	t.Run("ErrUntrustedRoot", func(t *testing.T) {
		signed := s.sign(t, render(t, sample(t, document.KindLicence)))
		wantInvalid(t, signed, newSigner(t).roots(), "签名证书不是受信任的机构签发")
	})
	t.Run("ErrCertExpired", func(t *testing.T) {
		old := newSigner(t)
		var err error
		old.cert, err = document.IssueP256(old.ca, "过期的部门证书", &old.key.PublicKey, time.Now().AddDate(-3, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		wantInvalid(t, old.sign(t, render(t, sample(t, document.KindLicence))), old.roots(), "签名时签名证书不在有效期内")
	})
	t.Run("ErrUnsigned", func(t *testing.T) {
		wantInvalid(t, render(t, sample(t, document.KindLicence)), s.roots(), "PDF 未签名")
	})
	t.Run("ErrNotPDF", func(t *testing.T) {
		wantInvalid(t, []byte("not a pdf"), s.roots(), "PDF 文件无法读取")
	})
}

func TestSignPDFErrors(t *testing.T) {
	s := newSigner(t)
	pdf := render(t, sample(t, document.KindLicence))
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	for name, key := range map[string]*ecdsa.PrivateKey{"ErrKeyNotCert": other, "ErrNotP256": p384} {
		t.Run(name, func(t *testing.T) {
			_, err := document.SignPDF(pdf, key, s.cert, []*x509.Certificate{s.ca.Cert}, document.SignInfo{})
			if haoban.ErrorCode(err) != haoban.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
	}
	t.Run("ErrIssueNotP256", func(t *testing.T) {
		if _, err := document.IssueP256(s.ca, "x", &p384.PublicKey, time.Now()); haoban.ErrorCode(err) != haoban.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
}

func wantInvalid(t *testing.T, pdf []byte, roots *x509.CertPool, reason string) {
	t.Helper()
	res, err := document.VerifyPDF(pdf, roots)
	if err != nil {
		t.Fatal(err)
	}
	if res.Valid || res.Reason != reason {
		t.Fatalf("VerifyPDF = %+v, want invalid: %s", res, reason)
	}
}

var byteRange = regexp.MustCompile(`/ByteRange\s*\[\s*0\s+(\d+)`)

// flipInStream flips one byte of stream data inside the first signed
// range, where it changes the content but not the file's structure, so
// that only the signature can tell.
func flipInStream(t *testing.T, signed []byte) []byte {
	t.Helper()
	m := byteRange.FindSubmatch(signed)
	if m == nil {
		t.Fatal("no /ByteRange in the signed file")
	}
	end, _ := strconv.Atoi(string(m[1]))
	at := bytes.Index(signed[end/4:], []byte("endstream"))
	if at < 0 || end/4+at-16 >= end {
		t.Fatal("no stream inside the signed range")
	}
	out := bytes.Clone(signed)
	out[end/4+at-16] ^= 0x01
	return out
}
