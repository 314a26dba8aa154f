package eseal

import (
	"bytes"
	"encoding/asn1"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

func TestMakeSeal(t *testing.T) {
	d := newDepartment(t)

	t.Run("OK", func(t *testing.T) {
		s, err := ParseSeal(d.seal)
		if err != nil {
			t.Fatal(err)
		}
		in := d.sealIn
		if s.ESID != in.ESID || s.Name != in.Name || s.Type != in.Type || s.Vendor != in.Vendor {
			t.Fatalf("parsed %+v", s)
		}
		if s.CertListType != CertListCerts || len(s.Certs) != 1 || !bytes.Equal(s.Certs[0], d.cert.Raw) {
			t.Fatalf("certList type %d with %d certs", s.CertListType, len(s.Certs))
		}
		if !s.CreateDate.Equal(in.CreateDate) || !s.ValidStart.Equal(in.ValidStart) || !s.ValidEnd.Equal(in.ValidEnd) {
			t.Fatalf("dates %s %s %s", s.CreateDate, s.ValidStart, s.ValidEnd)
		}
		if s.Picture.Type != "PNG" || !bytes.Equal(s.Picture.Data, in.Picture.Data) || s.Picture.WidthMM != SealImageMM {
			t.Fatalf("picture %s %dx%d", s.Picture.Type, s.Picture.WidthMM, s.Picture.HeightMM)
		}
		if !s.MakerCert.Equal(d.ca.Cert) {
			t.Fatal("maker certificate is not the CA's")
		}
		res, err := VerifySeal(d.seal, d.ca.Roots(), signedAt)
		if err != nil || !res.Valid {
			t.Fatalf("VerifySeal: %+v, %v", res, err)
		}
	})
	t.Run("ErrSealExpired", func(t *testing.T) {
		res, err := VerifySeal(d.seal, d.ca.Roots(), d.sealIn.ValidEnd.Add(time.Second))
		if err != nil || res.Valid || res.Reason != ReasonSealNotValidThen {
			t.Fatalf("VerifySeal after its end: %+v, %v", res, err)
		}
	})
	t.Run("ErrSealTampered", func(t *testing.T) {
		i := bytes.Index(d.seal, d.sealIn.Picture.Data)
		res, err := VerifySeal(flip(d.seal, i+len(d.sealIn.Picture.Data)/2), d.ca.Roots(), signedAt)
		if err != nil || res.Valid || res.Reason != ReasonSealSignature {
			t.Fatalf("VerifySeal of a changed picture: %+v, %v", res, err)
		}
	})

	other, err := GenerateKeySigner()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(*SealInput)
		want   string
	}{
		{"ErrNoESID", func(in *SealInput) { in.ESID = "" }, "ESID"},
		{"ErrNonASCIIESID", func(in *SealInput) { in.ESID = "印章1" }, "IA5"},
		{"ErrNoCerts", func(in *SealInput) { in.Certs = nil }, "certificate"},
		{"ErrBadCert", func(in *SealInput) { in.Certs = [][]byte{{0x30, 0}} }, "seal certificate 0"},
		{"ErrEndBeforeStart", func(in *SealInput) { in.ValidEnd = in.ValidStart }, "validity"},
		{"ErrNoPicture", func(in *SealInput) { in.Picture.Data = nil }, "picture"},
		{"ErrMakerKeyMismatch", func(in *SealInput) { in.Maker = other }, "does not match"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := d.sealIn
			tc.change(&in)
			_, err := MakeSeal(in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// certListType 2 is never written here but must be read: a seal from
// another maker may list SM3 digests of its certificates.
func TestCertDigestList(t *testing.T) {
	d := newDepartment(t)
	sum := sm3.Sum(d.cert.Raw)
	for _, tc := range []struct {
		name   string
		digest certDigest
		want   string
	}{
		{"OK", certDigest{Type: "SM3", Value: sum[:]}, ""},
		{"ErrOtherDigest", certDigest{Type: "SM3", Value: make([]byte, 32)}, ReasonSignerNotInSeal},
		{"ErrUnknownHash", certDigest{Type: "SHA256", Value: sum[:]}, ReasonSignerNotInSeal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := d.signInput(testDocument())
			in.Seal = digestSeal(t, d, tc.digest)
			res, err := VerifySignature(mustSign(t, in), testDocument(), d.ca.Roots())
			if err != nil || res.Valid != (tc.want == "") || res.Reason != tc.want {
				t.Fatalf("got %+v, %v; want Reason %q", res, err, tc.want)
			}
		})
	}
}

// digestSeal makes d's seal by hand with a certListType 2 list.
func digestSeal(t *testing.T, d *department, digest certDigest) []byte {
	t.Helper()
	list, err := asn1.Marshal([]certDigest{digest})
	if err != nil {
		t.Fatal(err)
	}
	in := d.sealIn
	info, err := asn1.Marshal(sesSealInfo{
		Header: sesHeader{ID: headerID, Version: Version, Vid: in.Vendor},
		ESID:   in.ESID,
		Property: sesPropertyInfo{
			Type: in.Type, Name: in.Name, CertListType: CertListDigests,
			CertList:   asn1.RawValue{FullBytes: list},
			CreateDate: in.CreateDate, ValidStart: in.ValidStart, ValidEnd: in.ValidEnd,
		},
		Picture: sesPictureInfo{Type: "PNG", Data: in.Picture.Data, Width: 40, Height: 40},
	})
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signSM2(d.ca.Signer, info)
	if err != nil {
		t.Fatal(err)
	}
	der, err := asn1.Marshal(sesSeal{SealInfo: asn1.RawValue{FullBytes: info}, Cert: in.MakerCert, SignAlgID: OIDSM2WithSM3, SignedValue: wholeBits(sig)})
	if err != nil {
		t.Fatal(err)
	}
	return der
}
