package payloadcrypt_test

import (
	"bytes"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"

	"haoban/payloadcrypt"
)

func key(id string, b byte) payloadcrypt.Key {
	return payloadcrypt.Key{ID: id, Secret: bytes.Repeat([]byte{b}, 32)}
}

func TestSealOpenAndRotate(t *testing.T) {
	const id = "310115198811203215"
	old, err := payloadcrypt.New(key("k1", 1))
	if err != nil {
		t.Fatal(err)
	}
	p, err := converter.GetDefaultDataConverter().ToPayload(map[string]string{"legal_rep.id_number": id})
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := old.Encode([]*commonpb.Payload{p})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed[0].Data, []byte(id)) || string(sealed[0].Metadata["encryption-key-id"]) != "k1" {
		t.Fatalf("sealed payload = %v", sealed[0])
	}
	// After rotation k2 encrypts; what k1 sealed still opens.
	rotated, err := payloadcrypt.New(key("k2", 2), key("k1", 1))
	if err != nil {
		t.Fatal(err)
	}
	opened, err := rotated.Decode(sealed)
	if err != nil || !bytes.Contains(opened[0].Data, []byte(id)) {
		t.Fatalf("opened = %v, %v", opened, err)
	}
	again, _ := rotated.Encode([]*commonpb.Payload{p})
	if string(again[0].Metadata["encryption-key-id"]) != "k2" {
		t.Fatal("the rotated codec does not encrypt with its first key")
	}
	// A plain payload (a history from before encryption) passes through.
	if plain, err := rotated.Decode([]*commonpb.Payload{p}); err != nil || !bytes.Equal(plain[0].Data, p.Data) {
		t.Fatalf("plain payload: %v, %v", plain, err)
	}
	// A key nobody configured, or a changed byte, is an error, not garbage.
	if _, err := old.Decode(again); err == nil || !strings.Contains(err.Error(), "k2") {
		t.Fatalf("decoding with an unknown key: %v", err)
	}
	sealed[0].Data[len(sealed[0].Data)-1] ^= 1
	if _, err := rotated.Decode(sealed); err == nil {
		t.Fatal("a tampered payload opened")
	}
}

func TestParseKeys(t *testing.T) {
	keys, err := payloadcrypt.ParseKeys("k2:" + strings.Repeat("ab", 32) + ", k1:" + strings.Repeat("cd", 32))
	if err != nil || len(keys) != 2 || keys[0].ID != "k2" {
		t.Fatalf("keys = %v, %v", keys, err)
	}
	for _, bad := range []string{"", "k1", "k1:abcd", ":" + strings.Repeat("ab", 32)} {
		if _, err := payloadcrypt.ParseKeys(bad); err == nil {
			t.Errorf("ParseKeys(%q) accepted", bad)
		}
	}
	a, _ := payloadcrypt.DerivedKey(bytes.Repeat([]byte{7}, 32))
	b, _ := payloadcrypt.DerivedKey(bytes.Repeat([]byte{8}, 32))
	if a.ID == b.ID || bytes.Equal(a.Secret, b.Secret) || len(a.Secret) != 32 {
		t.Fatal("different master keys derive the same payload key")
	}
}
