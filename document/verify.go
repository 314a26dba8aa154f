package document

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/verify"
	"github.com/digitorus/pkcs7"

	"haoban"
)

// PDFResult is the outcome of VerifyPDF.
type PDFResult struct {
	Valid    bool
	Reason   string    // why not, in Chinese, for the first failure; "" when valid
	SignerCN string    // common name of the signing certificate
	SignedAt time.Time // signing time the signature carries
	Info     SignInfo  // what the signature dictionary says (Name, Reason …)
}

// VerifyPDF checks a signed PDF as a relying party would: every signature
// matches the bytes it covers, the last covers the whole file (nothing was
// appended after signing), and each signer's certificate chains to roots
// at its signing time and allows digital signatures.
//
// pdfsign's verify package checks the signatures themselves. The two other
// checks are made here: pdfsign does not compare a signature's byte range
// with the file's length, and it trusts the system roots or none, never a
// given pool.
func VerifyPDF(pdfBytes []byte, roots *x509.CertPool) (PDFResult, error) {
	if roots == nil {
		return PDFResult{}, haoban.Errorf(haoban.EINVALID, "缺少受信任的根证书")
	}
	sigs, reason := signatures(pdfBytes)
	if reason != "" {
		return PDFResult{Reason: reason}, nil
	}
	resp, err := verify.VerifyWithOptions(bytes.NewReader(pdfBytes), int64(len(pdfBytes)), verify.DefaultVerifyOptions())
	if err != nil || len(resp.Signers) != len(sigs) {
		return PDFResult{Reason: "PDF 签名与文件内容不符"}, nil
	}
	// pdfsign walks the signatures in the same order as signatures does.
	// A signature without a CMS signing time (PAdES forbids one) is dated
	// by its dictionary's /M.
	for i := range sigs {
		if t := resp.Signers[i].SignatureTime; sigs[i].at.IsZero() && t != nil {
			sigs[i].at = *t
		}
	}
	// pdfsign refuses a certificate that had expired at signing as a bad
	// signature; say what is wrong instead.
	for _, s := range sigs {
		if s.at.IsZero() {
			return PDFResult{Reason: "PDF 签名缺少签名时间", SignerCN: s.cert.Subject.CommonName}, nil
		}
		if s.at.Before(s.cert.NotBefore) || s.at.After(s.cert.NotAfter) {
			return PDFResult{Reason: "签名时签名证书不在有效期内", SignerCN: s.cert.Subject.CommonName, SignedAt: s.at}, nil
		}
	}
	if resp.Error != "" {
		return PDFResult{Reason: "PDF 签名与文件内容不符"}, nil
	}
	for _, s := range resp.Signers {
		if !s.ValidSignature {
			return PDFResult{Reason: "PDF 签名与文件内容不符"}, nil
		}
	}
	// The signature reaching furthest is the last made; it must reach the
	// end of the file.
	li := 0
	for i, s := range sigs {
		if s.end > sigs[li].end {
			li = i
		}
	}
	last := sigs[li]
	if last.end != int64(len(pdfBytes)) {
		return PDFResult{Reason: "签名后文件被追加修改"}, nil
	}
	for _, s := range sigs {
		if reason := s.trusted(roots); reason != "" {
			return PDFResult{Reason: reason, SignerCN: s.cert.Subject.CommonName, SignedAt: s.at}, nil
		}
	}
	r := resp.Signers[li]
	info := SignInfo{Name: r.Name, Location: r.Location, Reason: r.Reason, ContactInfo: r.ContactInfo}
	if r.SignatureTime != nil {
		info.Date = *r.SignatureTime
	}
	return PDFResult{Valid: true, SignerCN: last.cert.Subject.CommonName, SignedAt: last.at, Info: info}, nil
}

// sig is one signature dictionary: where its byte range ends, who signed,
// when (the CMS signing time, by the signer's clock), and the certificates
// it carries.
type sig struct {
	end   int64
	cert  *x509.Certificate
	at    time.Time
	certs []*x509.Certificate
}

// signatures finds the signature dictionaries of pdfBytes, or the reason
// there are none to check.
func signatures(pdfBytes []byte) (sigs []sig, reason string) {
	// The PDF parser panics on some damaged files; a damaged file is an
	// invalid document, not a crash.
	defer func() {
		if r := recover(); r != nil {
			sigs, reason = nil, "PDF 文件无法读取"
		}
	}()
	rdr, err := pdf.NewReader(bytes.NewReader(pdfBytes), int64(len(pdfBytes)))
	if err != nil {
		return nil, "PDF 文件无法读取"
	}
	for _, x := range rdr.Xref() {
		v := rdr.Resolve(x.Ptr(), x.Ptr())
		if v.Key("Filter").Name() != "Adobe.PPKLite" {
			continue
		}
		s, err := parseSig(v)
		if err != nil {
			return nil, "PDF 签名无法解析"
		}
		sigs = append(sigs, s)
	}
	if len(sigs) == 0 {
		return nil, "PDF 未签名"
	}
	return sigs, ""
}

func parseSig(v pdf.Value) (sig, error) {
	br := v.Key("ByteRange")
	if br.Len() != 4 {
		return sig{}, fmt.Errorf("byte range has %d entries", br.Len())
	}
	p7, err := pkcs7.Parse([]byte(v.Key("Contents").RawString()))
	if err != nil {
		return sig{}, err
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		return sig{}, errors.New("not exactly one signer with a certificate")
	}
	var at time.Time // zero when absent
	_ = p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &at)
	return sig{end: br.Index(2).Int64() + br.Index(3).Int64(), cert: cert, at: at, certs: p7.Certificates}, nil
}

// trusted checks the signer's certificate at the signing time, not now: a
// licence stays genuine after the department's certificate expires, as
// long as it was signed while the certificate was valid.
func (s sig) trusted(roots *x509.CertPool) string {
	if s.cert.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return "签名证书不允许数字签名"
	}
	intermediates := x509.NewCertPool()
	for _, c := range s.certs {
		intermediates.AddCert(c)
	}
	_, err := s.cert.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: intermediates,
		CurrentTime:   s.at,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &unknown):
		return "签名证书不是受信任的机构签发"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "签名时签名证书不在有效期内"
	default:
		return "签名证书无效：" + err.Error()
	}
}
