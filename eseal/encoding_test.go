package eseal

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// signedPart is one signature of the structure with the bytes it covers
// and the certificate that checks it.
type signedPart struct {
	name string
	msg  []byte
	sig  []byte
	cert *smx509.Certificate
}

func signedParts(t *testing.T) (*Signature, []signedPart) {
	t.Helper()
	d := newDepartment(t)
	s, err := ParseSignature(d.sign(t, testDocument()))
	if err != nil {
		t.Fatal(err)
	}
	return s, []signedPart{
		{"Seal", s.Seal.infoRaw, s.Seal.SignedValue, s.Seal.MakerCert},
		{"Signature", s.toSignRaw, s.Value, s.SignerCert},
	}
}

// The BIT STRINGs must hold DER SEQUENCE{r, s} with no unused bits, as
// GB/T 38540 and other verifiers expect, and dataHash plain SM3.
func TestSignatureEncoding(t *testing.T) {
	d := newDepartment(t)
	der := d.sign(t, testDocument())
	s, err := ParseSignature(der)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("SignatureBitStringLast", func(t *testing.T) {
		want := append([]byte{0x03, byte(len(s.Value) + 1), 0x00}, s.Value...)
		if !bytes.HasSuffix(der, want) {
			t.Fatal("SES_Signature does not end with BIT STRING {0 unused bits, signature}")
		}
	})
	for _, p := range []struct {
		name string
		sig  []byte
	}{{"SealSignedValue", s.Seal.SignedValue}, {"Signature", s.Value}} {
		t.Run(p.name+"IsDERSequenceRS", func(t *testing.T) {
			var rs struct{ R, S *big.Int }
			rest, err := asn1.Unmarshal(p.sig, &rs)
			if err != nil || len(rest) != 0 {
				t.Fatalf("not one SEQUENCE{r, s}: %v, %d bytes left", err, len(rest))
			}
			n := sm2.P256().Params().N
			if rs.R.Sign() <= 0 || rs.S.Sign() <= 0 || rs.R.Cmp(n) >= 0 || rs.S.Cmp(n) >= 0 {
				t.Fatal("r or s outside [1, n-1]")
			}
			again, _ := asn1.Marshal(rs)
			if !bytes.Equal(again, p.sig) || len(p.sig) > 72 {
				t.Fatalf("%d bytes, not the minimal DER encoding", len(p.sig))
			}
		})
	}
	t.Run("DataHashIsPlainSM3", func(t *testing.T) {
		sum := sm3.Sum(testDocument())
		if !bytes.Equal(s.DataHash, sum[:]) {
			t.Fatal("dataHash is not SM3 of the document")
		}
	})
}

// Our signatures must verify with gmsm's own verifiers, and with the
// standard's default user ID spelled out.
func TestSignatureCrossCheck(t *testing.T) {
	_, parts := signedParts(t)
	for _, p := range parts {
		pub := p.cert.PublicKey.(*ecdsa.PublicKey)
		t.Run(p.name+"VerifiesWithSM2", func(t *testing.T) {
			if !sm2.VerifyASN1WithSM2(pub, nil, p.msg, p.sig) {
				t.Fatal("sm2.VerifyASN1WithSM2 refuses it")
			}
		})
		t.Run(p.name+"VerifiesWithSMX509", func(t *testing.T) {
			if err := p.cert.CheckSignature(smx509.SM2WithSM3, p.msg, p.sig); err != nil {
				t.Fatal(err)
			}
		})
		t.Run(p.name+"UsesDefaultUID", func(t *testing.T) {
			for uid, want := range map[string]bool{"1234567812345678": true, "1234567812345679": false} {
				e, err := sm2.CalculateSM2Hash(pub, p.msg, []byte(uid))
				if err != nil {
					t.Fatal(err)
				}
				if sm2.VerifyASN1(pub, e, p.sig) != want {
					t.Fatalf("UID %s: verified %v, want %v", uid, !want, want)
				}
			}
		})
	}
}

// OpenSSL is an implementation independent of gmsm; it ships with Debian.
func TestSignatureOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Fatal("openssl is not installed: run scripts/ensure-pdf.sh (or apt-get install openssl)")
	}
	_, parts := signedParts(t)
	for _, p := range parts {
		t.Run(p.name+"VerifiesWithOpenSSL", func(t *testing.T) {
			dir := t.TempDir()
			pubDER, err := smx509.MarshalPKIXPublicKey(p.cert.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{
				"pub.pem": pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}),
				"msg":     p.msg,
				"sig":     p.sig,
			}
			for name, b := range files {
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			verify := func(distid string) (bool, []byte) {
				out, err := exec.Command(openssl, "dgst", "-sm3", "-verify", filepath.Join(dir, "pub.pem"),
					"-sigopt", "distid:"+distid, "-signature", filepath.Join(dir, "sig"),
					filepath.Join(dir, "msg")).CombinedOutput()
				return err == nil && strings.Contains(string(out), "Verified OK"), out
			}
			if ok, out := verify("1234567812345678"); !ok {
				t.Fatalf("openssl refuses it: %s", out)
			}
			// Proves the check above can fail at all.
			if ok, _ := verify("1234567812345679"); ok {
				t.Fatal("openssl accepts it with another user ID")
			}
		})
	}
}
