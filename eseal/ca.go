package eseal

import (
	"crypto"
	"crypto/rand"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// DevCAName is the local CA's name in development.
const DevCAName = "好办电子印章本地 CA"

// Validity periods. A seal certificate outlives no CA, and three years is
// the usual term of a department seal before it is re-made.
const (
	caValidity   = 10 * 365 * 24 * time.Hour
	sealValidity = 3 * 365 * 24 * time.Hour
)

// CA is the local certificate authority: it issues department seal
// certificates and, as the seal maker, signs every seal it makes.
type CA struct {
	// Cert is the self-signed SM2-SM3 root certificate.
	Cert *smx509.Certificate
	// Signer holds the CA key; NewCA sets a *KeySigner.
	Signer Signer
}

// NewCA makes a fresh SM2 key and a self-signed SM2-SM3 root certificate
// named name, valid ten years from now. Its Signer is a *KeySigner, whose Key
// the caller stores with EncryptKey, and the certificate as its DER bytes.
func NewCA(name string, now time.Time) (*CA, error) {
	if name == "" {
		return nil, errors.New("eseal: CA name is empty")
	}
	signer, err := GenerateKeySigner()
	if err != nil {
		return nil, err
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	now = now.Truncate(time.Second)
	tmpl := &smx509.Certificate{
		SerialNumber:          serial,
		Subject:               subjectName(name, "", name),
		NotBefore:             now,
		NotAfter:              now.Add(caValidity),
		SignatureAlgorithm:    smx509.SM2WithSM3,
		BasicConstraintsValid: true,
		IsCA:                  true,
		// No intermediates: the CA signs seal certificates only.
		MaxPathLenZero: true,
		// DigitalSignature because the CA key also signs seals as their maker.
		KeyUsage: smx509.KeyUsageCertSign | smx509.KeyUsageCRLSign | smx509.KeyUsageDigitalSignature,
	}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, signer.Public(), signer)
	if err != nil {
		return nil, fmt.Errorf("create CA certificate: %w", err)
	}
	cert, err := smx509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parse CA certificate: %w", err)
	}
	return &CA{Cert: cert, Signer: signer}, nil
}

// LoadCA rebuilds a CA from its stored certificate and its key.
func LoadCA(certDER []byte, signer Signer) (*CA, error) {
	cert, err := smx509.ParseCertificate(certDER)
	if err != nil {
		return nil, fmt.Errorf("parse CA certificate: %w", err)
	}
	if !cert.IsCA {
		return nil, errors.New("eseal: certificate is not a CA")
	}
	if !sameKey(signer, cert) {
		return nil, errors.New("eseal: CA key does not match its certificate")
	}
	return &CA{Cert: cert, Signer: signer}, nil
}

// Roots returns a pool holding only this CA, for VerifySignature.
func (ca *CA) Roots() *smx509.CertPool {
	pool := smx509.NewCertPool()
	pool.AddCert(ca.Cert)
	return pool
}

// IssueSealCert certifies a department's SM2 seal key, valid three years
// from now (never past the CA's own end). The subject's CN is the department
// name and its serialNumber the department code, so a verified signature
// names the department that signed.
func (ca *CA) IssueSealCert(code, department string, pub crypto.PublicKey, now time.Time) (*smx509.Certificate, error) {
	if code == "" || department == "" {
		return nil, errors.New("eseal: department code and name are required")
	}
	if !sm2.IsSM2PublicKey(pub) {
		return nil, fmt.Errorf("eseal: seal key is %T, not SM2", pub)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	now = now.Truncate(time.Second)
	end := now.Add(sealValidity)
	if end.After(ca.Cert.NotAfter) {
		end = ca.Cert.NotAfter
	}
	tmpl := &smx509.Certificate{
		SerialNumber:          serial,
		Subject:               subjectName(department, code, ca.Cert.Subject.CommonName),
		NotBefore:             now,
		NotAfter:              end,
		SignatureAlgorithm:    smx509.SM2WithSM3,
		BasicConstraintsValid: true,
		// ContentCommitment (non-repudiation): a seal commits the department
		// to the document's content, beyond authenticating it.
		KeyUsage: smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment,
	}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, ca.Cert, pub, ca.Signer)
	if err != nil {
		return nil, fmt.Errorf("issue seal certificate for %s: %w", code, err)
	}
	return smx509.ParseCertificate(der)
}

// subjectName puts the department code in serialNumber (2.5.4.5), the
// attribute X.520 meant for an entity's registration number.
func subjectName(cn, code, org string) pkix.Name {
	return pkix.Name{Country: []string{"CN"}, Organization: []string{org}, CommonName: cn, SerialNumber: code}
}

// randomSerial is 128 random bits, positive, per RFC 5280 §4.1.2.2.
func randomSerial() (*big.Int, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("certificate serial: %w", err)
	}
	return serial.Add(serial, big.NewInt(1)), nil
}
