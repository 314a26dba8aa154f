package eseal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/emmansun/gmsm/sm2"
)

// MasterKeySize is the least master key length EncryptKey accepts: the
// 32 bytes of an AES-256 key.
const MasterKeySize = 32

// keyBoxVersion leads every encrypted key so the format can change later;
// it is also authenticated, with keyBoxAAD, so neither can be swapped.
const keyBoxVersion = 1

// keyBoxAAD binds the ciphertext to its purpose: a blob encrypted under the
// same master key for something else does not decrypt as a seal key.
var keyBoxAAD = []byte("haoban/eseal sm2 private key v1")

// EncryptKey encrypts an SM2 private key under master with AES-256-GCM and a
// random nonce, giving version ‖ nonce ‖ ciphertext ‖ tag. A master key
// longer than 32 bytes is hashed with SHA-256 to 32; a shorter one is
// refused, since it would not carry 256 bits of secret.
func EncryptKey(master []byte, key *sm2.PrivateKey) ([]byte, error) {
	if key == nil {
		return nil, errors.New("eseal: no key to encrypt")
	}
	scalar := key.D.FillBytes(make([]byte, 32))
	defer clear(scalar)
	return EncryptSecret(master, keyBoxAAD, scalar)
}

// DecryptKey reverses EncryptKey. A wrong master key and any change to the
// encrypted bytes both fail GCM's authentication and give an error.
func DecryptKey(master []byte, sealed []byte) (*sm2.PrivateKey, error) {
	scalar, err := DecryptSecret(master, keyBoxAAD, sealed)
	if err != nil {
		return nil, err
	}
	defer clear(scalar)
	key, err := sm2.NewPrivateKey(scalar)
	if err != nil {
		return nil, fmt.Errorf("eseal: decrypted key: %w", err)
	}
	return key, nil
}

// EncryptSecret encrypts any secret (another kind of private key, say)
// the way EncryptKey does; label names its purpose and is authenticated,
// so a box made for one purpose does not open for another.
func EncryptSecret(master, label, secret []byte) ([]byte, error) {
	aead, err := keyAEAD(master)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+aead.NonceSize(), 1+aead.NonceSize()+len(secret)+aead.Overhead())
	out[0] = keyBoxVersion
	nonce := out[1:]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("key nonce: %w", err)
	}
	return aead.Seal(out, nonce, secret, aad(label)), nil
}

// DecryptSecret reverses EncryptSecret with the same label.
func DecryptSecret(master, label, sealed []byte) ([]byte, error) {
	aead, err := keyAEAD(master)
	if err != nil {
		return nil, err
	}
	if len(sealed) < 1+aead.NonceSize()+aead.Overhead() {
		return nil, errors.New("eseal: encrypted key is too short")
	}
	if sealed[0] != keyBoxVersion {
		return nil, fmt.Errorf("eseal: encrypted key version %d, want %d", sealed[0], keyBoxVersion)
	}
	nonce := sealed[1 : 1+aead.NonceSize()]
	secret, err := aead.Open(nil, nonce, sealed[1+aead.NonceSize():], aad(label))
	if err != nil {
		return nil, errors.New("eseal: encrypted key fails authentication (wrong master key or tampered)")
	}
	return secret, nil
}

func keyAEAD(master []byte) (cipher.AEAD, error) {
	if len(master) < MasterKeySize {
		return nil, fmt.Errorf("eseal: master key is %d bytes, need at least %d", len(master), MasterKeySize)
	}
	k := master
	if len(master) > MasterKeySize {
		sum := sha256.Sum256(master)
		k = sum[:]
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// aad is the version byte then the label, both authenticated.
func aad(label []byte) []byte {
	return append([]byte{keyBoxVersion}, label...)
}
