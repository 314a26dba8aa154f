package eseal

import (
	"crypto/rand"
	"testing"
)

// BenchmarkSign signs a 200 KB document: SM3 of the document, encoding,
// one SM2 signature and its self-check.
func BenchmarkSign(b *testing.B) {
	d := newDepartment(b)
	doc := make([]byte, 200<<10)
	if _, err := rand.Read(doc); err != nil {
		b.Fatal(err)
	}
	in := d.signInput(doc)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifySignature verifies one over the same 200 KB document.
func BenchmarkVerifySignature(b *testing.B) {
	d := newDepartment(b)
	doc := make([]byte, 200<<10)
	if _, err := rand.Read(doc); err != nil {
		b.Fatal(err)
	}
	sig := d.sign(b, doc)
	roots := d.ca.Roots()
	b.ReportAllocs()
	for b.Loop() {
		if res, err := VerifySignature(sig, doc, roots); err != nil || !res.Valid {
			b.Fatal(res, err)
		}
	}
}
