// Package payloadcrypt encrypts what Haoban hands to Temporal: workflow
// inputs, activity results, updates and failures carry ID numbers, phone
// numbers and addresses, and Temporal keeps them in its database and shows
// them in its web UI. Each payload is sealed with AES-256-GCM; its metadata
// names the key, so keys can be rotated: the first key encrypts, every key
// listed decrypts.
package payloadcrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

// The metadata of a sealed payload, as in Temporal's encryption sample.
const (
	EncodingEncrypted = "binary/encrypted"
	metadataEncoding  = "encoding"
	metadataKeyID     = "encryption-key-id"
)

// Key is one AES-256 key and the ID payloads name it by.
type Key struct {
	ID     string
	Secret []byte // 32 bytes
}

// Codec is a converter.PayloadCodec that seals payloads.
type Codec struct {
	current string
	aeads   map[string]cipher.AEAD
}

// New returns a codec that encrypts with keys[0] and decrypts with any.
func New(keys ...Key) (*Codec, error) {
	if len(keys) == 0 {
		return nil, errors.New("payload encryption needs at least one key")
	}
	c := &Codec{current: keys[0].ID, aeads: map[string]cipher.AEAD{}}
	for _, k := range keys {
		if k.ID == "" || len(k.Secret) != 32 {
			return nil, fmt.Errorf("payload key %q: want an ID and 32 bytes", k.ID)
		}
		if _, dup := c.aeads[k.ID]; dup {
			return nil, fmt.Errorf("payload key %q listed twice", k.ID)
		}
		block, err := aes.NewCipher(k.Secret)
		if err != nil {
			return nil, err
		}
		if c.aeads[k.ID], err = cipher.NewGCM(block); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// DerivedKey is the payload key derived from the master key, for a
// deployment that sets no payload keys of its own: its ID is the first
// bytes of its own hash, so that a new master key yields a new ID.
func DerivedKey(master []byte) (Key, error) {
	secret, err := hkdf.Key(sha256.New, master, nil, "haoban temporal payloads v1", 32)
	if err != nil {
		return Key{}, err
	}
	sum := sha256.Sum256(secret)
	return Key{ID: "m-" + hex.EncodeToString(sum[:4]), Secret: secret}, nil
}

// ParseKeys reads "id:hex,id:hex…", the current key first.
func ParseKeys(s string) ([]Key, error) {
	var keys []Key
	for _, part := range strings.Split(s, ",") {
		id, secret, ok := strings.Cut(strings.TrimSpace(part), ":")
		raw, err := hex.DecodeString(secret)
		if !ok || id == "" || err != nil || len(raw) != 32 {
			return nil, errors.New("payload keys are written id:64-hex-digits, separated by commas, the current key first")
		}
		keys = append(keys, Key{ID: id, Secret: raw})
	}
	return keys, nil
}

// Encode seals each payload with the current key.
func (c *Codec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	aead := c.aeads[c.current]
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("marshal payload: %w", err)
		}
		nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
		if _, err := rand.Read(nonce); err != nil {
			return nil, err
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{metadataEncoding: []byte(EncodingEncrypted), metadataKeyID: []byte(c.current)},
			Data:     aead.Seal(nonce, nonce, plain, []byte(c.current)),
		}
	}
	return out, nil
}

// Decode opens sealed payloads and passes the others through: histories
// recorded before encryption still replay.
func (c *Codec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[metadataEncoding]) != EncodingEncrypted {
			out[i] = p
			continue
		}
		id := string(p.GetMetadata()[metadataKeyID])
		aead, ok := c.aeads[id]
		if !ok {
			return nil, fmt.Errorf("payload sealed with key %q, which is not configured", id)
		}
		n := aead.NonceSize()
		if len(p.GetData()) < n {
			return nil, errors.New("sealed payload too short")
		}
		plain, err := aead.Open(nil, p.GetData()[:n], p.GetData()[n:], []byte(id))
		if err != nil {
			return nil, fmt.Errorf("open payload sealed with key %q: %w", id, err)
		}
		out[i] = &commonpb.Payload{}
		if err := proto.Unmarshal(plain, out[i]); err != nil {
			return nil, fmt.Errorf("unmarshal payload: %w", err)
		}
	}
	return out, nil
}

// DataConverter is Temporal's default converter with payloads sealed by c.
func (c *Codec) DataConverter() converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), c)
}
