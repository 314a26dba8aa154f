package eseal

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"fmt"
	"time"

	"github.com/emmansun/gmsm/smx509"
)

// errAlgorithm marks a signature algorithm other than SM2-with-SM3.
var errAlgorithm = errors.New("eseal: signature algorithm is not SM2-with-SM3")

// Picture is SES_ESPictrueInfo: the seal's image and its printed size.
type Picture struct {
	Type     string // "PNG", "SVG", … as the standard names them
	Data     []byte
	WidthMM  int
	HeightMM int
}

// SealInput is what MakeSeal needs to make one seal (SESeal, version 4).
type SealInput struct {
	ESID   string // unique seal id, ASCII (IA5String)
	Name   string // e.g. "上海市市场监督管理局行政许可专用章"
	Type   int    // seal type, business-defined
	Vendor string // SES_Header.Vid, the maker's vendor id, ASCII
	// Certs are the DER certificates allowed to sign with this seal, the
	// department's seal certificate first; written as certListType 1.
	Certs      [][]byte
	CreateDate time.Time
	ValidStart time.Time
	ValidEnd   time.Time
	Picture    Picture
	// Maker signs the seal; MakerCert (DER) certifies Maker's key. In this
	// system the CA is the maker.
	Maker     Signer
	MakerCert []byte
}

// CertDigest is one entry of a certListType 2 list.
type CertDigest struct {
	Type  string // the hash's name, e.g. "SM3"
	Value []byte
}

// Seal is a parsed SESeal. Times are UTC, to the second.
type Seal struct {
	Vendor       string
	ESID         string
	Type         int
	Name         string
	CertListType int
	Certs        [][]byte     // certListType 1
	CertDigests  []CertDigest // certListType 2
	CreateDate   time.Time
	ValidStart   time.Time
	ValidEnd     time.Time
	Picture      Picture
	MakerCert    *smx509.Certificate
	SignedValue  []byte // the maker's DER SEQUENCE{r, s}

	infoRaw []byte // eSealInfo exactly as received: what SignedValue covers
}

// MakeSeal builds SES_SealInfo, has the maker sign its DER and returns the
// SESeal DER.
func MakeSeal(in SealInput) ([]byte, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	certList, err := asn1.Marshal(in.Certs)
	if err != nil {
		return nil, fmt.Errorf("encode certList: %w", err)
	}
	info := sesSealInfo{
		Header: sesHeader{ID: headerID, Version: Version, Vid: in.Vendor},
		ESID:   in.ESID,
		Property: sesPropertyInfo{
			Type:         in.Type,
			Name:         in.Name,
			CertListType: CertListCerts,
			CertList:     asn1.RawValue{FullBytes: certList},
			CreateDate:   derTime(in.CreateDate),
			ValidStart:   derTime(in.ValidStart),
			ValidEnd:     derTime(in.ValidEnd),
		},
		Picture: sesPictureInfo{Type: in.Picture.Type, Data: in.Picture.Data, Width: in.Picture.WidthMM, Height: in.Picture.HeightMM},
	}
	infoDER, err := asn1.Marshal(info)
	if err != nil {
		return nil, fmt.Errorf("encode SES_SealInfo: %w", err)
	}
	sig, err := signSM2(in.Maker, infoDER)
	if err != nil {
		return nil, fmt.Errorf("sign seal %s: %w", in.ESID, err)
	}
	return asn1.Marshal(sesSeal{
		SealInfo:    asn1.RawValue{FullBytes: infoDER},
		Cert:        in.MakerCert,
		SignAlgID:   OIDSM2WithSM3,
		SignedValue: wholeBits(sig),
	})
}

func (in SealInput) validate() error {
	switch {
	case in.ESID == "", in.Name == "", in.Vendor == "":
		return errors.New("eseal: seal needs an ESID, a name and a vendor id")
	case len(in.Certs) == 0:
		return errors.New("eseal: seal needs at least one certificate")
	case in.CreateDate.IsZero() || !in.ValidEnd.After(in.ValidStart):
		return errors.New("eseal: seal needs a create date and a validity end after its start")
	case in.Picture.Type == "" || len(in.Picture.Data) == 0 || in.Picture.WidthMM <= 0 || in.Picture.HeightMM <= 0:
		return errors.New("eseal: seal needs a picture with a type, data and a size in mm")
	case in.Maker == nil:
		return errors.New("eseal: seal needs a maker")
	}
	for i, der := range in.Certs {
		if _, err := smx509.ParseCertificate(der); err != nil {
			return fmt.Errorf("seal certificate %d: %w", i, err)
		}
	}
	maker, err := smx509.ParseCertificate(in.MakerCert)
	if err != nil {
		return fmt.Errorf("maker certificate: %w", err)
	}
	if !sameKey(in.Maker, maker) {
		return errors.New("eseal: maker key does not match the maker certificate")
	}
	return nil
}

// ParseSeal decodes an SESeal, version 4. It checks the format only; use
// VerifySeal or VerifySignature to check signatures and certificates.
// The Seal keeps a copy of der, so the caller may reuse its buffer.
func ParseSeal(der []byte) (*Seal, error) {
	return parseSeal(bytes.Clone(der))
}

// parseSeal is ParseSeal over bytes the caller will not change again.
func parseSeal(der []byte) (*Seal, error) {
	var s sesSeal
	if err := unmarshalDER(der, &s, "SESeal"); err != nil {
		return nil, err
	}
	var info sesSealInfo
	if err := unmarshalDER(s.SealInfo.FullBytes, &info, "SES_SealInfo"); err != nil {
		return nil, err
	}
	if info.Header.ID != headerID || info.Header.Version != Version {
		return nil, formatErr(fmt.Sprintf("header %q version %d, want %q version %d", info.Header.ID, info.Header.Version, headerID, Version), nil)
	}
	if !s.SignAlgID.Equal(OIDSM2WithSM3) {
		return nil, fmt.Errorf("%w: seal signAlgID %v", errAlgorithm, s.SignAlgID)
	}
	sig, err := bitBytes(s.SignedValue, "seal signedValue")
	if err != nil {
		return nil, err
	}
	maker, err := smx509.ParseCertificate(s.Cert)
	if err != nil {
		return nil, formatErr("maker certificate", err)
	}
	p := info.Property
	seal := &Seal{
		Vendor:       info.Header.Vid,
		ESID:         info.ESID,
		Type:         p.Type,
		Name:         p.Name,
		CertListType: p.CertListType,
		CreateDate:   p.CreateDate.UTC(),
		ValidStart:   p.ValidStart.UTC(),
		ValidEnd:     p.ValidEnd.UTC(),
		Picture:      Picture{Type: info.Picture.Type, Data: info.Picture.Data, WidthMM: info.Picture.Width, HeightMM: info.Picture.Height},
		MakerCert:    maker,
		SignedValue:  sig,
		infoRaw:      s.SealInfo.FullBytes,
	}
	switch p.CertListType {
	case CertListCerts:
		err = unmarshalDER(p.CertList.FullBytes, &seal.Certs, "certList certs")
	case CertListDigests:
		var ds []certDigest
		err = unmarshalDER(p.CertList.FullBytes, &ds, "certList digests")
		for _, d := range ds {
			seal.CertDigests = append(seal.CertDigests, CertDigest(d))
		}
	default:
		err = formatErr(fmt.Sprintf("certListType %d", p.CertListType), nil)
	}
	if err != nil {
		return nil, err
	}
	return seal, nil
}
