package eseal

import (
	"bytes"
	"testing"

	"github.com/emmansun/gmsm/smx509"
)

func TestNewCA(t *testing.T) {
	d := newDepartment(t)
	ca := d.ca

	t.Run("OK", func(t *testing.T) {
		c := ca.Cert
		if c.SignatureAlgorithm != smx509.SM2WithSM3 || !c.IsCA || c.Subject.CommonName != DevCAName {
			t.Fatalf("CA cert: alg %v, IsCA %v, CN %q", c.SignatureAlgorithm, c.IsCA, c.Subject.CommonName)
		}
		if err := c.CheckSignatureFrom(c); err != nil {
			t.Fatalf("CA cert is not self-signed: %v", err)
		}
		if !c.NotBefore.Equal(t0) || !c.NotAfter.Equal(t0.Add(caValidity)) {
			t.Fatalf("CA validity %s to %s", c.NotBefore, c.NotAfter)
		}
	})
	t.Run("SealCertChainsToCA", func(t *testing.T) {
		c := d.cert
		if err := c.CheckSignatureFrom(ca.Cert); err != nil {
			t.Fatal(err)
		}
		if c.Subject.CommonName != "上海市市场监督管理局" || c.Subject.SerialNumber != "11310000002421001X" {
			t.Fatalf("subject %v", c.Subject)
		}
		want := smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment
		if c.KeyUsage != want || c.IsCA {
			t.Fatalf("key usage %b IsCA %v, want %b and not a CA", c.KeyUsage, c.IsCA, want)
		}
		if !c.NotAfter.Equal(issuedAt.Add(sealValidity)) {
			t.Fatalf("seal cert ends %s", c.NotAfter)
		}
	})
	t.Run("ErrNotSM2Key", func(t *testing.T) {
		if _, err := ca.IssueSealCert("x", "y", "not a key", issuedAt); err == nil {
			t.Fatal("issued a certificate for a non-SM2 key")
		}
	})
	t.Run("StoredAndLoaded", func(t *testing.T) {
		master := bytes.Repeat([]byte{7}, 32)
		box, err := EncryptKey(master, ca.Signer.(*KeySigner).Key)
		if err != nil {
			t.Fatal(err)
		}
		certDER := ca.Cert.Raw
		key, err := DecryptKey(master, box)
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := LoadCA(certDER, &KeySigner{Key: key})
		if err != nil {
			t.Fatal(err)
		}
		// The reloaded CA must still make seals the old roots accept.
		again := newDepartmentOf(t, loaded, loaded)
		res, err := VerifySignature(again.sign(t, testDocument()), testDocument(), ca.Roots())
		if err != nil || !res.Valid {
			t.Fatalf("signature under the reloaded CA: %+v, %v", res, err)
		}
	})
	t.Run("ErrLoadWithOtherKey", func(t *testing.T) {
		other, err := GenerateKeySigner()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := LoadCA(ca.Cert.Raw, other); err == nil {
			t.Fatal("loaded a CA with a key its certificate does not name")
		}
	})
}
