package document

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"time"

	"haoban"
)

// CA is a certificate authority that issues department signing
// certificates: a local one for tests and development, or, in production,
// the key the platform holds for its departments.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer // an *ecdsa.PrivateKey, or an HSM's signer
}

// Lifetimes. A signing certificate outlives few licences, but a signature
// stays checkable after it expires: verification uses the signing time.
const (
	caLifetime      = 10 * 365 * 24 * time.Hour
	signingLifetime = 2 * 365 * 24 * time.Hour
	// backdate allows for clocks a little behind the issuer's.
	backdate = time.Hour
)

// oidDocumentSigning is the RFC 9336 document-signing extended key usage,
// which crypto/x509 has no constant for.
var oidDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

// NewP256CA creates a self-signed ECDSA P-256 CA named name, valid from
// now for ten years and allowed to issue end-entity certificates only.
func NewP256CA(name string, now time.Time) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("document: generate ca key: %w", err)
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: name, Country: []string{"CN"}},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(caLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	cert, err := create(tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, Key: key}, nil
}

// IssueP256 issues ca's certificate for a department's P-256 signing key
// pub, with cn (the department's name) as its common name.
//
// Key usage is digital signature and non-repudiation, which PDF readers
// require of a signer. The extended key usages are document signing
// (RFC 9336) and e-mail protection: NSS, behind poppler's pdfsig, checks
// signers for the latter, and pdfsign accepts it where Go cannot read the
// former.
func IssueP256(ca *CA, cn string, pub *ecdsa.PublicKey, now time.Time) (*x509.Certificate, error) {
	if ca == nil || ca.Cert == nil || ca.Key == nil {
		return nil, haoban.Errorf(haoban.EINVALID, "缺少签发证书的 CA")
	}
	if pub == nil || pub.Curve != elliptic.P256() {
		return nil, haoban.Errorf(haoban.EINVALID, "签名公钥须为 ECDSA P-256")
	}
	tmpl := &x509.Certificate{
		Subject:            pkix.Name{CommonName: cn, Country: []string{"CN"}},
		NotBefore:          now.Add(-backdate),
		NotAfter:           now.Add(signingLifetime),
		KeyUsage:           x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:        []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		UnknownExtKeyUsage: []asn1.ObjectIdentifier{oidDocumentSigning},
	}
	// A certificate outliving its issuer would fail every chain check.
	if tmpl.NotAfter.After(ca.Cert.NotAfter) {
		tmpl.NotAfter = ca.Cert.NotAfter
	}
	return create(tmpl, ca.Cert, pub, ca.Key)
}

func create(tmpl, parent *x509.Certificate, pub *ecdsa.PublicKey, key crypto.Signer) (*x509.Certificate, error) {
	// 128 random bits: serials must be unique per issuer and unguessable.
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("document: serial: %w", err)
	}
	tmpl.SerialNumber = serial
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, key)
	if err != nil {
		return nil, fmt.Errorf("document: create certificate %q: %w", tmpl.Subject.CommonName, err)
	}
	return x509.ParseCertificate(der)
}
