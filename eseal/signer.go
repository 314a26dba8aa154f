package eseal

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// Signer is an SM2 private key that may live outside the process (a key
// service, an HSM). It has the shape of [crypto.Signer] so the same key can
// sign certificates through smx509.CreateCertificate and seals here.
//
// The convention, which is gmsm's own: despite its name, digest is the whole
// message to be signed (the DER bytes of SES_SealInfo or TBS_Sign, or a
// certificate's TBS), not a hash of it. opts is [sm2.DefaultSM2SignerOpts],
// whose HashFunc is 0 ("not pre-hashed"). The Signer computes
// e = SM3(Z_A ‖ M) with the default user ID 1234567812345678 (GB/T 32918.2)
// and returns the DER SEQUENCE{r, s}. A key service that wants e instead
// should be wrapped to compute it with [sm2.CalculateSM2Hash].
type Signer interface {
	// Public returns the SM2 public key, an *ecdsa.PublicKey on the SM2 curve.
	Public() crypto.PublicKey
	// Sign signs the message digest (see the type's comment) and returns
	// DER SEQUENCE{r INTEGER, s INTEGER}.
	Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error)
}

// KeySigner is the in-process [Signer] over an SM2 private key, for
// development and for deployments that keep keys encrypted at rest with
// [EncryptKey].
type KeySigner struct {
	// Key is the private key; exported so it can be stored with EncryptKey.
	Key *sm2.PrivateKey
}

// GenerateKeySigner makes a fresh SM2 key from crypto/rand.
func GenerateKeySigner() (*KeySigner, error) {
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate sm2 key: %w", err)
	}
	return &KeySigner{Key: key}, nil
}

// Public returns the key's *ecdsa.PublicKey.
func (s *KeySigner) Public() crypto.PublicKey { return s.Key.Public() }

// Sign signs msg with SM2-SM3 and the default user ID, whatever UID opts may
// carry, so every signature this package makes verifies the same way. An
// opts with a hash function is refused: it would mean the caller hashed msg
// already, and signing that hash would give a signature nobody can verify.
func (s *KeySigner) Sign(rand io.Reader, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	if opts != nil && opts.HashFunc() != 0 {
		return nil, fmt.Errorf("eseal: SM2 signer takes the message itself, not a %v digest", opts.HashFunc())
	}
	return s.Key.Sign(rand, msg, sm2.DefaultSM2SignerOpts)
}

// signSM2 has signer sign msg under the package's convention and checks the
// result against the public key before it is written into a structure: a
// faulty key service would otherwise yield seals that never verify.
func signSM2(signer Signer, msg []byte) ([]byte, error) {
	if signer == nil {
		return nil, errors.New("eseal: no signer")
	}
	sig, err := signer.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts)
	if err != nil {
		return nil, fmt.Errorf("sm2 sign: %w", err)
	}
	pub, ok := signer.Public().(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(pub) {
		return nil, fmt.Errorf("eseal: signer key is %T, not SM2", signer.Public())
	}
	if !sm2.VerifyASN1WithSM2(pub, nil, msg, sig) {
		return nil, errors.New("eseal: signer returned a signature that does not verify")
	}
	return sig, nil
}

// verifySM2 checks sig over msg with the certificate's SM2 key and the
// default user ID.
func verifySM2(cert *smx509.Certificate, msg, sig []byte) bool {
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(pub) {
		return false
	}
	return sm2.VerifyASN1WithSM2(pub, nil, msg, sig)
}

// sameKey reports whether the signer holds the key certified by cert, so a
// seal is never written with a certificate that does not match its key.
func sameKey(signer Signer, cert *smx509.Certificate) bool {
	pub, ok := signer.Public().(*ecdsa.PublicKey)
	return ok && pub.Equal(cert.PublicKey)
}
