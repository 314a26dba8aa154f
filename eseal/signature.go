package eseal

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"fmt"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// SignInput is what Sign needs to sign one document with one seal.
type SignInput struct {
	// Seal is the SESeal DER, embedded in the signature as it is.
	Seal     []byte
	SignedAt time.Time
	// Document is the protected original; only its SM3 goes in.
	Document []byte
	// PropertyInfo says what the signature protects, e.g. the document id;
	// ASCII (IA5String).
	PropertyInfo string
	// Signer signs TBS_Sign; SignerCert (DER) must be in the seal's certList.
	Signer     Signer
	SignerCert []byte
}

// Signature is a parsed SES_Signature. Times are UTC, to the second.
type Signature struct {
	Seal         *Seal
	SignedAt     time.Time // timeInfo
	DataHash     []byte    // SM3 of the original, no Z value
	PropertyInfo string
	SignerCert   *smx509.Certificate
	Value        []byte // the signer's DER SEQUENCE{r, s}
	// HasTimeStamp reports an optional timeStamp, which is not verified.
	HasTimeStamp bool

	toSignRaw []byte // TBS_Sign exactly as received: what Value covers
}

// Sign makes an SES_Signature over the document. It refuses what could
// never verify: a signer certificate outside the seal's certList or not
// matching the key, or a signing time outside the seal's or certificate's
// validity. The optional timeStamp and extDatas are left out.
func Sign(in SignInput) ([]byte, error) {
	if in.Signer == nil || in.PropertyInfo == "" {
		return nil, errors.New("eseal: signature needs a signer and propertyInfo")
	}
	seal, err := ParseSeal(in.Seal)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	cert, err := smx509.ParseCertificate(in.SignerCert)
	if err != nil {
		return nil, fmt.Errorf("signer certificate: %w", err)
	}
	at := derTime(in.SignedAt)
	switch {
	case !sameKey(in.Signer, cert):
		return nil, errors.New("eseal: signer key does not match the signer certificate")
	case !seal.lists(in.SignerCert):
		return nil, fmt.Errorf("eseal: signer certificate is not in the certList of seal %s", seal.ESID)
	case !seal.validAt(at):
		return nil, fmt.Errorf("eseal: seal %s is valid %s to %s, not at %s", seal.ESID, seal.ValidStart, seal.ValidEnd, at)
	case at.Before(cert.NotBefore) || at.After(cert.NotAfter):
		return nil, fmt.Errorf("eseal: signer certificate is valid %s to %s, not at %s", cert.NotBefore, cert.NotAfter, at)
	}
	return sign(in)
}

// sign encodes and signs without Sign's checks; tests use it to make the
// signatures a verifier must refuse.
func sign(in SignInput) ([]byte, error) {
	hash := sm3.Sum(in.Document)
	tbs, err := asn1.Marshal(tbsSign{
		Version:      Version,
		ESeal:        asn1.RawValue{FullBytes: in.Seal},
		TimeInfo:     derTime(in.SignedAt),
		DataHash:     wholeBits(hash[:]),
		PropertyInfo: in.PropertyInfo,
	})
	if err != nil {
		return nil, fmt.Errorf("encode TBS_Sign: %w", err)
	}
	sig, err := signSM2(in.Signer, tbs)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(sesSignature{
		ToSign:         asn1.RawValue{FullBytes: tbs},
		Cert:           in.SignerCert,
		SignatureAlgID: OIDSM2WithSM3,
		Signature:      wholeBits(sig),
	})
}

// ParseSignature decodes an SES_Signature, version 4, and the seal inside
// it. It checks the format only; VerifySignature checks the rest. The
// Signature keeps a copy of der, so the caller may reuse its buffer (as
// Fiber does a request's).
func ParseSignature(der []byte) (*Signature, error) {
	der = bytes.Clone(der)
	var s sesSignature
	if err := unmarshalDER(der, &s, "SES_Signature"); err != nil {
		return nil, err
	}
	var tbs tbsSign
	if err := unmarshalDER(s.ToSign.FullBytes, &tbs, "TBS_Sign"); err != nil {
		return nil, err
	}
	if tbs.Version != Version {
		return nil, formatErr(fmt.Sprintf("TBS_Sign version %d, want %d", tbs.Version, Version), nil)
	}
	if !s.SignatureAlgID.Equal(OIDSM2WithSM3) {
		return nil, fmt.Errorf("%w: signatureAlgID %v", errAlgorithm, s.SignatureAlgID)
	}
	seal, err := parseSeal(tbs.ESeal.FullBytes)
	if err != nil {
		return nil, err
	}
	hash, err := bitBytes(tbs.DataHash, "dataHash")
	if err != nil {
		return nil, err
	}
	value, err := bitBytes(s.Signature, "signature")
	if err != nil {
		return nil, err
	}
	cert, err := smx509.ParseCertificate(s.Cert)
	if err != nil {
		return nil, formatErr("signer certificate", err)
	}
	return &Signature{
		Seal:         seal,
		SignedAt:     tbs.TimeInfo.UTC(),
		DataHash:     hash,
		PropertyInfo: tbs.PropertyInfo,
		SignerCert:   cert,
		Value:        value,
		HasTimeStamp: len(s.TimeStamp.FullBytes) > 0,
		toSignRaw:    s.ToSign.FullBytes,
	}, nil
}
