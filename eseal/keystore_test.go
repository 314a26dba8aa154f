package eseal

import (
	"bytes"
	"strings"
	"testing"
)

func TestEncryptKey(t *testing.T) {
	key, err := GenerateKeySigner()
	if err != nil {
		t.Fatal(err)
	}
	master := bytes.Repeat([]byte{0x5a}, 32)
	sealed, err := EncryptKey(master, key.Key)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		got, err := DecryptKey(master, sealed)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(key.Key) {
			t.Fatal("decrypted key differs from the original")
		}
	})
	t.Run("FreshNonceEachTime", func(t *testing.T) {
		again, err := EncryptKey(master, key.Key)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(again, sealed) {
			t.Fatal("two encryptions of one key are identical")
		}
	})
	t.Run("LongMasterKeyIsHashed", func(t *testing.T) {
		long := []byte(strings.Repeat("0123456789abcdef", 4))
		box, err := EncryptKey(long, key.Key)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecryptKey(long[:32], box); err == nil {
			t.Fatal("a 64-byte master key was used truncated, not hashed")
		}
		if got, err := DecryptKey(long, box); err != nil || !got.Equal(key.Key) {
			t.Fatalf("round trip with a long master key: %v", err)
		}
	})

	for _, tc := range []struct {
		name   string
		master []byte
		sealed func() []byte
		want   string
	}{
		{"ErrShortMasterKey", master[:31], func() []byte { return sealed }, "at least 32"},
		{"ErrWrongMasterKey", bytes.Repeat([]byte{0xa5}, 32), func() []byte { return sealed }, "authentication"},
		{"ErrTamperedCiphertext", master, func() []byte { return flip(sealed, 20) }, "authentication"},
		{"ErrTamperedTag", master, func() []byte { return flip(sealed, len(sealed)-1) }, "authentication"},
		{"ErrTamperedNonce", master, func() []byte { return flip(sealed, 3) }, "authentication"},
		{"ErrVersion", master, func() []byte { return flip(sealed, 0) }, "version"},
		{"ErrTruncated", master, func() []byte { return sealed[:20] }, "too short"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecryptKey(tc.master, tc.sealed())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
	t.Run("ErrShortMasterKeyOnEncrypt", func(t *testing.T) {
		if _, err := EncryptKey(master[:16], key.Key); err == nil {
			t.Fatal("a 16-byte master key was accepted")
		}
	})
}

// flip returns a copy of b with one bit of byte i changed.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x01
	return c
}
