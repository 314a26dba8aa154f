package eseal

import (
	"bytes"
	"encoding/asn1"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"
)

func TestVerifySignature(t *testing.T) {
	d := newDepartment(t)
	doc := testDocument()
	good := d.sign(t, doc)
	roots := d.ca.Roots()

	otherCA, err := NewCA("别处的 CA", t0)
	if err != nil {
		t.Fatal(err)
	}
	// A department certified by another CA, on a seal our CA made.
	foreign := newDepartmentOf(t, otherCA, d.ca)
	// A second certificate of our CA that the seal does not list.
	stranger := newDepartmentOf(t, d.ca, d.ca)
	// A seal outliving its certificate, to sign once the certificate ended.
	longIn := d.sealIn
	longIn.ValidEnd = issuedAt.Add(sealValidity + 365*24*time.Hour)
	longSeal := d.makeSeal(t, longIn)

	for _, tc := range []struct {
		name  string
		sig   func(t *testing.T) []byte
		doc   []byte
		roots *smx509.CertPool
		want  string
	}{
		{name: "OK", sig: constant(good)},
		{name: "ErrDocumentChanged", sig: constant(good), doc: flip(doc, len(doc)/2), want: ReasonDocumentChanged},
		{name: "ErrEmptyDocument", sig: constant(good), doc: []byte{}, want: ReasonDocumentChanged},
		{name: "ErrSignatureValueChanged", sig: constant(flip(good, len(good)-3)), want: ReasonSignature},
		{name: "ErrPropertyInfoChanged", sig: func(t *testing.T) []byte {
			return replace(t, good, []byte("licence.pdf"), []byte("licence.pdg"))
		}, want: ReasonSignature},
		{name: "ErrTruncated", sig: constant(good[:len(good)-1]), want: ReasonFormat},
		{name: "ErrTrailingBytes", sig: constant(append(bytes.Clone(good), 0)), want: ReasonFormat},
		{name: "ErrMalformedAlgorithmOID", sig: func(t *testing.T) []byte {
			return withAlgorithm(t, good, asn1.ObjectIdentifier{1, 2, 156, 10197, 501})
		}, want: ReasonAlgorithm},
		{name: "ErrSealPictureChanged", sig: func(t *testing.T) []byte {
			in := d.signInput(doc)
			i := bytes.Index(in.Seal, d.sealIn.Picture.Data)
			in.Seal = flip(in.Seal, i+10)
			return mustSign(t, in)
		}, want: ReasonSealSignature},
		{name: "ErrRootsOfAnotherCA", sig: constant(good), roots: otherCA.Roots(), want: ReasonMakerUntrusted},
		{name: "ErrMakerCertNotYetValid", sig: func(t *testing.T) []byte {
			in := d.signInput(doc)
			in.SignedAt = t0.Add(-time.Hour)
			return mustSign(t, in)
		}, want: ReasonMakerExpired},
		{name: "ErrSignerNotInSeal", sig: func(t *testing.T) []byte {
			in := d.signInput(doc)
			in.Signer, in.SignerCert = stranger.key, stranger.cert.Raw
			return mustSign(t, in)
		}, want: ReasonSignerNotInSeal},
		{name: "ErrSignerCertOfAnotherCA", sig: func(t *testing.T) []byte {
			return foreign.sign(t, doc)
		}, want: ReasonSignerUntrusted},
		{name: "ErrSignerCertExpired", sig: func(t *testing.T) []byte {
			in := d.signInput(doc)
			in.Seal, in.SignedAt = longSeal, d.cert.NotAfter.Add(24*time.Hour)
			return mustSign(t, in)
		}, want: ReasonSignerExpired},
		{name: "ErrSignedBeforeSealValid", sig: func(t *testing.T) []byte {
			in := d.signInput(doc)
			in.SignedAt = d.sealIn.ValidStart.Add(-time.Second)
			return mustSign(t, in)
		}, want: ReasonSealNotValidThen},
		{name: "ErrSignedAfterSealEnd", sig: func(t *testing.T) []byte {
			in := d.signInput(doc)
			in.SignedAt = d.sealIn.ValidEnd.Add(time.Second)
			return mustSign(t, in)
		}, want: ReasonSealNotValidThen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			document, pool := tc.doc, tc.roots
			if document == nil {
				document = doc
			}
			if pool == nil {
				pool = roots
			}
			res, err := VerifySignature(tc.sig(t), document, pool)
			if err != nil {
				t.Fatal(err)
			}
			if res.Valid != (tc.want == "") || res.Reason != tc.want {
				t.Fatalf("got Valid %v Reason %q, want Reason %q", res.Valid, res.Reason, tc.want)
			}
			if tc.want == "" && (res.SealName != d.sealIn.Name || res.ESID != d.sealIn.ESID ||
				res.Signer != "上海市市场监督管理局" || !res.SignedAt.Equal(signedAt)) {
				t.Fatalf("result %+v", res)
			}
		})
	}
	t.Run("ErrNoRoots", func(t *testing.T) {
		if _, err := VerifySignature(good, doc, nil); err == nil {
			t.Fatal("verified against no roots")
		}
	})
}

// Every single changed byte of a signature must be caught by some check:
// the signed parts by a signature, the signer certificate by certList, the
// rest by the format checks.
func TestVerifySignatureEveryByte(t *testing.T) {
	d := newDepartment(t)
	doc := testDocument()
	good := d.sign(t, doc)
	roots := d.ca.Roots()
	for i := range good {
		res, err := VerifySignature(flip(good, i), doc, roots)
		if err != nil || res.Valid {
			t.Fatalf("byte %d of %d changed: Valid %v, err %v", i, len(good), res.Valid, err)
		}
	}
}

func TestSignRefuses(t *testing.T) {
	d := newDepartment(t)
	stranger := newDepartmentOf(t, d.ca, d.ca)
	for _, tc := range []struct {
		name   string
		change func(*SignInput)
	}{
		{"ErrSignerNotInSeal", func(in *SignInput) { in.Signer, in.SignerCert = stranger.key, stranger.cert.Raw }},
		{"ErrKeyMismatch", func(in *SignInput) { in.Signer = stranger.key }},
		{"ErrOutsideSealValidity", func(in *SignInput) { in.SignedAt = d.sealIn.ValidEnd.Add(time.Hour) }},
		{"ErrNoPropertyInfo", func(in *SignInput) { in.PropertyInfo = "" }},
		{"ErrBadSeal", func(in *SignInput) { in.Seal = in.Seal[:10] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := d.signInput(testDocument())
			tc.change(&in)
			if _, err := Sign(in); err == nil {
				t.Fatal("Sign accepted it")
			}
		})
	}
}

func constant(b []byte) func(*testing.T) []byte {
	return func(*testing.T) []byte { return b }
}

// mustSign signs without Sign's own refusals, to make bad signatures.
func mustSign(t *testing.T, in SignInput) []byte {
	t.Helper()
	der, err := sign(in)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func replace(t *testing.T, b, old, new []byte) []byte {
	t.Helper()
	if bytes.Count(b, old) != 1 {
		t.Fatalf("%q is not in the structure exactly once", old)
	}
	return bytes.Replace(b, old, new, 1)
}

// withAlgorithm re-encodes the outer SES_Signature with another
// signatureAlgID, leaving toSign as it was.
func withAlgorithm(t *testing.T, der []byte, oid asn1.ObjectIdentifier) []byte {
	t.Helper()
	var s sesSignature
	if err := unmarshalDER(der, &s, "test"); err != nil {
		t.Fatal(err)
	}
	s.SignatureAlgID = oid
	out, err := asn1.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
