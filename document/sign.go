package document

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"

	"haoban"
)

// SignInfo is what the signature dictionary says about the signing, shown
// by PDF readers in their signature panel.
type SignInfo struct {
	Name        string // signer, usually the department
	Location    string
	Reason      string // such as 准予行政许可
	ContactInfo string
	Date        time.Time // zero: now
}

// SignPDF signs pdf with signer, the ECDSA P-256 key of cert, as an
// adbe.pkcs7.detached signature over SHA-256 (what pdfsign writes and
// pdfsig and Acrobat check). chain is cert's issuers, leaf excluded, and is
// embedded so that a reader needs only the root.
//
// The signature certifies the document and allows no further changes
// (DocMDP level 1): a licence is final when issued, so a reader should
// flag any later edit, not just an unsigned one.
func SignPDF(pdfBytes []byte, signer crypto.Signer, cert *x509.Certificate, chain []*x509.Certificate, info SignInfo) ([]byte, error) {
	if err := checkSigner(signer, cert); err != nil {
		return nil, err
	}
	rdr, err := pdf.NewReader(bytes.NewReader(pdfBytes), int64(len(pdfBytes)))
	if err != nil {
		return nil, haoban.Errorf(haoban.EINVALID, "无法读取待签名的 PDF：%v", err)
	}
	if info.Date.IsZero() {
		info.Date = time.Now()
	}
	data := sign.SignData{
		Signature: sign.SignDataSignature{
			CertType:   sign.CertificationSignature,
			DocMDPPerm: sign.DoNotAllowAnyChangesPerms,
			Info: sign.SignDataSignatureInfo{
				Name:        textString(info.Name),
				Location:    textString(info.Location),
				Reason:      textString(info.Reason),
				ContactInfo: textString(info.ContactInfo),
				Date:        info.Date,
			},
		},
		Signer:            signer,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       cert,
		CertificateChains: [][]*x509.Certificate{append([]*x509.Certificate{cert}, chain...)},
	}
	var out bytes.Buffer
	out.Grow(len(pdfBytes) + 16<<10)
	if err := sign.Sign(bytes.NewReader(pdfBytes), &out, rdr, int64(len(pdfBytes)), data); err != nil {
		return nil, fmt.Errorf("document: sign pdf: %w", err)
	}
	return out.Bytes(), nil
}

// textString prepares s for pdfsign's signature dictionary. This version
// of pdfsign writes non-ASCII text as UTF-16BE bytes inside a literal
// string without escaping them, so a character with a byte 0x5C, 0x28,
// 0x29 or 0x0D in its encoding (局 is U+5C40, in every bureau's name)
// puts a bare backslash or parenthesis in the dictionary and readers
// cannot parse the file (fixed upstream by writing hex strings, in a
// version the module proxy does not have).
//
// The runes returned encode, in pdfsign's UTF-16BE, exactly the octal
// escape \ooo of each byte of s in UTF-16BE: U+5C30–U+5C33 is "\" and the
// first digit, U+3030–U+3737 the other two. A reader unescapes them after
// pdfsign's byte-order mark and reads s back. ASCII text pdfsign escapes
// itself and is left alone. Revisit this when pdfsign is upgraded; the
// tests read the dictionary back and will fail if it garbles.
func textString(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		for _, c := range [2]byte{byte(u >> 8), byte(u)} {
			b.WriteRune(0x5C00 | rune('0'+c>>6))
			b.WriteRune(rune('0'+c>>3&7)<<8 | rune('0'+c&7))
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// checkSigner refuses a key that is not P-256 or does not match cert
// before signing: pdfsign would otherwise write a signature that every
// reader rejects, and the mistake would surface only there.
func checkSigner(signer crypto.Signer, cert *x509.Certificate) error {
	if signer == nil || cert == nil {
		return haoban.Errorf(haoban.EINVALID, "缺少签名密钥或证书")
	}
	pub, ok := signer.Public().(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return haoban.Errorf(haoban.EINVALID, "签名密钥须为 ECDSA P-256")
	}
	certPub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || !pub.Equal(certPub) {
		return haoban.Errorf(haoban.EINVALID, "签名密钥与证书 %q 不匹配", cert.Subject.CommonName)
	}
	if cert.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return haoban.Errorf(haoban.EINVALID, "证书 %q 不允许数字签名", cert.Subject.CommonName)
	}
	return nil
}
