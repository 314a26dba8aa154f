// Package issuing issues the licences an approval grants: it allocates the
// licence number once, renders the licence and the decision as PDFs, signs
// each with the department's PDF key and its electronic seal (GB/T 38540),
// and records them; and it verifies a document anyone brings back.
package issuing

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"fmt"
	"sync"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"haoban"
	"haoban/blob"
	"haoban/document"
	"haoban/eseal"
)

// Issuer holds what issuing needs. Its master key opens the seals' keys.
type Issuer struct {
	Store     Store
	Blobs     blob.Store
	Master    []byte
	PublicURL string
	// Time dates and signs what is issued; nil is the machine's clock.
	Time haoban.TimeSource

	// kits keeps each department's opened seal: a seal is never replaced
	// in place, so a process need decrypt its keys only once.
	kits sync.Map // department → *kit
}

func (i *Issuer) now() time.Time {
	if i.Time == nil {
		return time.Now()
	}
	return i.Time.Now()
}

// certTime is when a certificate made now starts: the earlier of the
// service's clock, which dates the signatures, and the machine's, by which
// the PDF signing library checks the certificate. A service clock set
// behind or ahead of the machine's then signs with a certificate valid on
// both.
func (i *Issuer) certTime() time.Time {
	return earliest(i.now(), time.Now())
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// pdfKeyLabel names what an encrypted P-256 key is for.
var pdfKeyLabel = []byte("haoban/issuing p256 pdf signing key v1")

// kit is a department's seal, opened for signing.
type kit struct {
	name     string
	signer   *eseal.KeySigner
	sealCert []byte
	seal     []byte
	picture  []byte
	pdfKey   *ecdsa.PrivateKey
	pdfCert  *x509.Certificate
	pdfChain []*x509.Certificate
}

// authorities loads the two local CAs, creating them on first use; two
// processes creating them at once keep the first one stored.
func (i *Issuer) authorities(ctx context.Context) (*eseal.CA, *document.CA, error) {
	sm2CA, err := i.sm2Authority(ctx)
	if err != nil {
		return nil, nil, err
	}
	certDER, box, err := i.Store.FindAuthority(ctx, "p256")
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		certDER, box, err = i.newP256Authority(ctx)
	}
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(certDER)
	if err != nil {
		return nil, nil, fmt.Errorf("parse pdf ca: %w", err)
	}
	key, err := i.decryptP256(box)
	if err != nil {
		return nil, nil, err
	}
	return sm2CA, &document.CA{Cert: cert, Key: key}, nil
}

func (i *Issuer) sm2Authority(ctx context.Context) (*eseal.CA, error) {
	certDER, box, err := i.Store.FindAuthority(ctx, "sm2")
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		certDER, box, err = i.newSM2Authority(ctx)
	}
	if err != nil {
		return nil, err
	}
	key, err := eseal.DecryptKey(i.Master, box)
	if err != nil {
		return nil, fmt.Errorf("open the seal CA's key (is HAOBAN_MASTER_KEY the one it was made with?): %w", err)
	}
	return eseal.LoadCA(certDER, &eseal.KeySigner{Key: key})
}

// newSM2Authority makes the local seal CA and stores it, unless another
// process stored one first: the stored one comes back.
func (i *Issuer) newSM2Authority(ctx context.Context) (cert, box []byte, err error) {
	ca, err := eseal.NewCA(eseal.DevCAName, i.certTime())
	if err != nil {
		return nil, nil, err
	}
	if box, err = eseal.EncryptKey(i.Master, ca.Signer.(*eseal.KeySigner).Key); err != nil {
		return nil, nil, err
	}
	return i.Store.SaveAuthority(ctx, "sm2", ca.Cert.Raw, box)
}

// newP256Authority is newSM2Authority for the PDF signing CA.
func (i *Issuer) newP256Authority(ctx context.Context) (cert, box []byte, err error) {
	ca, err := document.NewP256CA("好办电子证照签名本地 CA", i.certTime())
	if err != nil {
		return nil, nil, err
	}
	if box, err = i.encryptP256(ca.Key.(*ecdsa.PrivateKey)); err != nil {
		return nil, nil, err
	}
	return i.Store.SaveAuthority(ctx, "p256", ca.Cert.Raw, box)
}

// Roots are the CA certificates documents are verified against. Reading
// them needs no master key, so anyone may verify; before the first licence
// there are none, and nothing verifies.
func (i *Issuer) Roots(ctx context.Context) (*smx509.CertPool, *x509.CertPool, error) {
	sm2Pool, pdfPool := smx509.NewCertPool(), x509.NewCertPool()
	for kind, add := range map[string]func([]byte) error{
		"sm2": func(der []byte) error {
			c, err := smx509.ParseCertificate(der)
			if err == nil {
				sm2Pool.AddCert(c)
			}
			return err
		},
		"p256": func(der []byte) error {
			c, err := x509.ParseCertificate(der)
			if err == nil {
				pdfPool.AddCert(c)
			}
			return err
		},
	} {
		der, _, err := i.Store.FindAuthority(ctx, kind)
		if haoban.ErrorCode(err) == haoban.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, nil, err
		}
		if err := add(der); err != nil {
			return nil, nil, fmt.Errorf("parse the %s CA: %w", kind, err)
		}
	}
	return sm2Pool, pdfPool, nil
}

// EnsureSeal returns the department's seal, making it on first use: an SM2
// key and seal certificate, the seal structure with its picture, and a
// P-256 key and certificate for PDF signatures. `haoban seal create` calls
// it for operators; issuing calls it for a department without one.
func (i *Issuer) EnsureSeal(ctx context.Context, department string) (*kit, error) {
	if k, ok := i.kits.Load(department); ok {
		return k.(*kit), nil
	}
	rec, err := i.Store.FindSeal(ctx, department)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		if rec, err = i.makeSeal(ctx, department); err == nil {
			rec, err = i.Store.SaveSeal(ctx, rec)
		}
	}
	if err != nil {
		return nil, err
	}
	k, err := i.open(ctx, rec)
	if err != nil {
		return nil, err
	}
	i.kits.Store(department, k)
	return k, nil
}

func (i *Issuer) makeSeal(ctx context.Context, department string) (haoban.SealRecord, error) {
	dept, err := i.Store.FindDepartment(ctx, department)
	if err != nil {
		return haoban.SealRecord{}, err
	}
	sm2CA, pdfCA, err := i.authorities(ctx)
	if err != nil {
		return haoban.SealRecord{}, err
	}
	k, err := newKit(sm2CA, pdfCA, dept, i.certTime())
	if err != nil {
		return haoban.SealRecord{}, err
	}
	sm2Box, err := eseal.EncryptKey(i.Master, k.signer.Key)
	if err != nil {
		return haoban.SealRecord{}, err
	}
	pdfBox, err := i.encryptP256(k.pdfKey)
	if err != nil {
		return haoban.SealRecord{}, err
	}
	return haoban.SealRecord{Department: dept.Code, Name: k.name, SM2Key: sm2Box, SM2Cert: k.sealCert, Seal: k.seal,
		Picture: k.picture, PDFKey: pdfBox, PDFCert: k.pdfCert.Raw}, nil
}

// newKit makes a department's seal with the two CAs: an SM2 key and seal
// certificate, the seal structure with its picture, a P-256 key and
// certificate for PDF signatures.
func newKit(sm2CA *eseal.CA, pdfCA *document.CA, dept haoban.Department, now time.Time) (*kit, error) {
	signer, err := eseal.GenerateKeySigner()
	if err != nil {
		return nil, err
	}
	cert, err := sm2CA.IssueSealCert(dept.Code, dept.Name, signer.Public(), now)
	if err != nil {
		return nil, err
	}
	name := dept.Name + "行政许可专用章"
	picture, err := eseal.SealImage(name, dept.Name)
	if err != nil {
		return nil, err
	}
	seal, err := eseal.MakeSeal(eseal.SealInput{ESID: "HB-" + dept.Code, Name: name, Type: 1, Vendor: "haoban",
		Certs: [][]byte{cert.Raw}, CreateDate: now, ValidStart: now, ValidEnd: cert.NotAfter,
		Picture: eseal.Picture{Type: "PNG", Data: picture, WidthMM: eseal.SealImageMM, HeightMM: eseal.SealImageMM},
		Maker:   sm2CA.Signer, MakerCert: sm2CA.Cert.Raw})
	if err != nil {
		return nil, err
	}
	pdfKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	pdfCert, err := document.IssueP256(pdfCA, dept.Name, &pdfKey.PublicKey, now)
	if err != nil {
		return nil, err
	}
	return &kit{name: name, signer: signer, sealCert: cert.Raw, seal: seal, picture: picture, pdfKey: pdfKey,
		pdfCert: pdfCert, pdfChain: []*x509.Certificate{pdfCA.Cert}}, nil
}

func (i *Issuer) open(ctx context.Context, rec haoban.SealRecord) (*kit, error) {
	key, err := eseal.DecryptKey(i.Master, rec.SM2Key)
	if err != nil {
		return nil, fmt.Errorf("open the seal of %s (is HAOBAN_MASTER_KEY the one it was made with?): %w", rec.Department, err)
	}
	pdfKey, err := i.decryptP256(rec.PDFKey)
	if err != nil {
		return nil, err
	}
	pdfCert, err := x509.ParseCertificate(rec.PDFCert)
	if err != nil {
		return nil, fmt.Errorf("parse pdf certificate: %w", err)
	}
	_, pdfCA, err := i.authorities(ctx)
	if err != nil {
		return nil, err
	}
	return &kit{name: rec.Name, signer: &eseal.KeySigner{Key: key}, sealCert: rec.SM2Cert, seal: rec.Seal, picture: rec.Picture,
		pdfKey: pdfKey, pdfCert: pdfCert, pdfChain: []*x509.Certificate{pdfCA.Cert}}, nil
}

func (i *Issuer) encryptP256(key *ecdsa.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return eseal.EncryptSecret(i.Master, pdfKeyLabel, der)
}

func (i *Issuer) decryptP256(box []byte) (*ecdsa.PrivateKey, error) {
	der, err := eseal.DecryptSecret(i.Master, pdfKeyLabel, box)
	if err != nil {
		return nil, fmt.Errorf("open a pdf signing key: %w", err)
	}
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	k, ok := key.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("pdf signing key is %T, want ECDSA", key)
	}
	return k, nil
}

// SealName makes the department's seal if it has none and names it.
func (i *Issuer) SealName(ctx context.Context, department string) (string, error) {
	k, err := i.EnsureSeal(ctx, department)
	if err != nil {
		return "", err
	}
	return k.name, nil
}
