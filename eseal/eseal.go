// Package eseal makes and verifies department electronic seals (电子印章)
// and the signatures made with them (电子签章) under GB/T 38540-2020,
// version 4 structures, with SM2-SM3 throughout.
//
// The package is pure: keys, certificates and seals go in and out as bytes,
// and the caller stores them. A local CA ([NewCA]) issues each department's
// seal certificate and acts as the seal maker; the department's key signs
// documents. Both keys sit behind [Signer] so that a key service or HSM can
// replace the in-process [KeySigner].
//
// What is signed, and how, follows shared/reference/gbt38540-notes.md: the
// maker signs the DER bytes of SES_SealInfo, the signer the DER bytes of
// TBS_Sign, and verification always runs over the bytes as received.
package eseal

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"time"
)

// OIDSM2WithSM3 identifies SM2 signatures over SM3 (GM/T 0006), the only
// signAlgID and signatureAlgID accepted. The malformed 1.2.156.10197.501
// that some libraries emit is deliberately refused.
var OIDSM2WithSM3 = asn1.ObjectIdentifier{1, 2, 156, 10197, 1, 501}

const (
	// Version is the SES_Header and TBS_Sign version this package writes and
	// reads: 4, GB/T 38540. Version 1 (GM/T 0031-2014) nests its fields
	// differently and is refused rather than half-understood.
	Version = 4
	// headerID is SES_Header.ID, fixed by the standard.
	headerID = "ES"
	// CertListCerts is certListType 1: certList holds whole certificates.
	CertListCerts = 1
	// CertListDigests is certListType 2: certList holds certificate digests.
	CertListDigests = 2
)

// errFormat marks a structure that does not parse as the standard says;
// the verifiers turn it into a Reason rather than an error.
var errFormat = errors.New("eseal: malformed structure")

func formatErr(what string, err error) error {
	if err != nil {
		return fmt.Errorf("%w: %s: %v", errFormat, what, err)
	}
	return fmt.Errorf("%w: %s", errFormat, what)
}

// unmarshalDER parses exactly one DER value into v: trailing bytes would be
// data outside every signature, so they are refused.
func unmarshalDER(der []byte, v any, what string) error {
	rest, err := asn1.Unmarshal(der, v)
	if err != nil {
		return formatErr(what, err)
	}
	if len(rest) != 0 {
		return formatErr(what, fmt.Errorf("%d trailing bytes", len(rest)))
	}
	return nil
}

// bitBytes returns a BIT STRING's octets, refusing a partial last octet:
// hashes and signatures are whole octets, and asn1.BitString would otherwise
// accept a changed unused-bits count with the same bytes.
func bitBytes(b asn1.BitString, what string) ([]byte, error) {
	if b.BitLength != len(b.Bytes)*8 {
		return nil, formatErr(what, errors.New("BIT STRING is not whole octets"))
	}
	return b.Bytes, nil
}

func wholeBits(b []byte) asn1.BitString {
	return asn1.BitString{Bytes: b, BitLength: len(b) * 8}
}

// derTime is how times go on the wire: GeneralizedTime in UTC to the second,
// the only form DER allows; asn1 would otherwise write the local offset.
func derTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Second)
}
