// Package payloadcrypttest is the payload key of the tests: the end-to-end
// tests seal what they hand to Temporal with it, and the histories they
// record replay with it.
package payloadcrypttest

import (
	"testing"

	"haoban/payloadcrypt"
)

// Secret is the tests' key; its ID is "test".
const Secret = "test-payload-key-test-payload-k!"

// Codec seals with the tests' key.
func Codec(tb testing.TB) *payloadcrypt.Codec {
	tb.Helper()
	c, err := payloadcrypt.New(payloadcrypt.Key{ID: "test", Secret: []byte(Secret)})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
