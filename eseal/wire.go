package eseal

import (
	"encoding/asn1"
	"time"
)

// The wire structures of GB/T 38540 version 4, as in the notes. Every part
// that a signature covers is held as asn1.RawValue in its parent so that
// verification runs over the bytes received; the typed struct beside it is
// decoded from those same bytes only to read the fields.

type sesHeader struct {
	ID      string `asn1:"ia5"`
	Version int
	Vid     string `asn1:"ia5"`
}

type sesPropertyInfo struct {
	Type         int
	Name         string `asn1:"utf8"`
	CertListType int
	// CertList is a CHOICE of two SEQUENCEs, told apart only by
	// CertListType, so it is decoded in a second step.
	CertList   asn1.RawValue
	CreateDate time.Time `asn1:"generalized"`
	ValidStart time.Time `asn1:"generalized"`
	ValidEnd   time.Time `asn1:"generalized"`
}

type sesPictureInfo struct {
	Type   string `asn1:"ia5"`
	Data   []byte
	Width  int
	Height int
}

type sesSealInfo struct {
	Header   sesHeader
	ESID     string `asn1:"ia5"`
	Property sesPropertyInfo
	Picture  sesPictureInfo
	// ExtDatas is kept opaque: this package writes none, and a received
	// one is covered by the maker's signature over the raw bytes anyway.
	ExtDatas asn1.RawValue `asn1:"optional"`
}

type sesSeal struct {
	SealInfo    asn1.RawValue
	Cert        []byte
	SignAlgID   asn1.ObjectIdentifier
	SignedValue asn1.BitString
}

type certDigest struct {
	Type  string `asn1:"printable"`
	Value []byte
}

type tbsSign struct {
	Version      int
	ESeal        asn1.RawValue
	TimeInfo     time.Time `asn1:"generalized"`
	DataHash     asn1.BitString
	PropertyInfo string `asn1:"ia5"`
	// ExtDatas is [0] in the standard, EXPLICIT or not depending on the
	// source; opaque, and never written here.
	ExtDatas asn1.RawValue `asn1:"optional"`
}

type sesSignature struct {
	ToSign         asn1.RawValue
	Cert           []byte
	SignatureAlgID asn1.ObjectIdentifier
	Signature      asn1.BitString
	// TimeStamp is read but not checked; see VerifySignature.
	TimeStamp asn1.RawValue `asn1:"optional"`
}
