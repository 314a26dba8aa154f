package eseal

import (
	"bytes"
	"errors"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// Reasons a verification fails, in Chinese for the people who read them.
// Result.Reason holds the first check that failed, in the notes' order.
const (
	ReasonFormat           = "签章数据格式错误"
	ReasonSealFormat       = "印章数据格式错误"
	ReasonAlgorithm        = "签名算法不是 SM2/SM3"
	ReasonSealSignature    = "印章制作者签名无效"
	ReasonMakerUntrusted   = "印章制作者证书不是受信任的 CA 签发"
	ReasonMakerExpired     = "签章时印章制作者证书不在有效期内"
	ReasonMakerKeyUsage    = "印章制作者证书不允许数字签名"
	ReasonSignature        = "电子签章签名值无效"
	ReasonSignerNotInSeal  = "签章人证书不在印章的证书列表中"
	ReasonSignerUntrusted  = "签章人证书不是受信任的 CA 签发"
	ReasonSignerExpired    = "签章时签章人证书不在有效期内"
	ReasonSignerKeyUsage   = "签章人证书不允许数字签名"
	ReasonDocumentChanged  = "文档内容与签章时不一致"
	ReasonSealNotValidThen = "签章时间不在印章有效期内"
)

// Result is the outcome of a verification. The descriptive fields are
// filled as far as the structure could be read, also when Valid is false.
type Result struct {
	Valid    bool
	Reason   string // empty when Valid
	SealName string
	ESID     string
	Signer   string // subject CN of the signer certificate
	SignedAt time.Time
}

// VerifySignature checks an SES_Signature over document against the
// trusted roots, in the order of the notes: format; the embedded seal
// (maker signature over eSealInfo as received, maker certificate chained
// to roots and valid at the signing time); the signature over toSign as
// received; the signer certificate in the seal's certList; the signer
// certificate valid at the signing time and chained to roots; dataHash
// against SM3(document); the signing time inside the seal's validity.
//
// All times are checked at timeInfo, not now: a signature made while the
// seal was valid stays valid. A timeStamp, if present, is not verified and
// timeInfo is used. Revocation is not checked: there is no CRL yet.
//
// A signature that fails a check is a Result with Valid false and a Reason;
// the error is only for a call that cannot be answered (no roots).
func VerifySignature(sigDER, document []byte, roots *smx509.CertPool) (Result, error) {
	if roots == nil {
		return Result{}, errors.New("eseal: no trusted roots to verify against")
	}
	sig, err := ParseSignature(sigDER)
	if err != nil {
		return Result{Reason: formatReason(err, ReasonFormat)}, nil
	}
	at := sig.SignedAt
	res := Result{SealName: sig.Seal.Name, ESID: sig.Seal.ESID, Signer: sig.SignerCert.Subject.CommonName, SignedAt: at}
	if reason := checkSeal(sig.Seal, roots, at); reason != "" {
		return res.fail(reason), nil
	}
	if !verifySM2(sig.SignerCert, sig.toSignRaw, sig.Value) {
		return res.fail(ReasonSignature), nil
	}
	if !sig.Seal.lists(sig.SignerCert.Raw) {
		return res.fail(ReasonSignerNotInSeal), nil
	}
	if reason := checkCert(sig.SignerCert, roots, at, ReasonSignerUntrusted, ReasonSignerExpired, ReasonSignerKeyUsage); reason != "" {
		return res.fail(reason), nil
	}
	if hash := sm3.Sum(document); !bytes.Equal(hash[:], sig.DataHash) {
		return res.fail(ReasonDocumentChanged), nil
	}
	if !sig.Seal.validAt(at) {
		return res.fail(ReasonSealNotValidThen), nil
	}
	res.Valid = true
	return res, nil
}

// VerifySeal checks a seal on its own at time at: format, maker signature,
// maker certificate, and at inside the seal's validity. Signer and SignedAt
// stay empty in the Result.
func VerifySeal(sealDER []byte, roots *smx509.CertPool, at time.Time) (Result, error) {
	if roots == nil {
		return Result{}, errors.New("eseal: no trusted roots to verify against")
	}
	seal, err := ParseSeal(sealDER)
	if err != nil {
		return Result{Reason: formatReason(err, ReasonSealFormat)}, nil
	}
	res := Result{SealName: seal.Name, ESID: seal.ESID}
	if reason := checkSeal(seal, roots, at); reason != "" {
		return res.fail(reason), nil
	}
	if !seal.validAt(at) {
		return res.fail(ReasonSealNotValidThen), nil
	}
	res.Valid = true
	return res, nil
}

func (r Result) fail(reason string) Result {
	r.Valid, r.Reason = false, reason
	return r
}

func formatReason(err error, reason string) string {
	if errors.Is(err, errAlgorithm) {
		return ReasonAlgorithm
	}
	return reason
}

// checkSeal is the seal's part of the order, less its validity period,
// which a signature checks last.
func checkSeal(seal *Seal, roots *smx509.CertPool, at time.Time) string {
	if !verifySM2(seal.MakerCert, seal.infoRaw, seal.SignedValue) {
		return ReasonSealSignature
	}
	return checkCert(seal.MakerCert, roots, at, ReasonMakerUntrusted, ReasonMakerExpired, ReasonMakerKeyUsage)
}

// checkCert chains cert to roots as of at and checks it may sign. An
// absent keyUsage extension means any use (RFC 5280 §4.2.1.3).
func checkCert(cert *smx509.Certificate, roots *smx509.CertPool, at time.Time, untrusted, expired, usage string) string {
	_, err := cert.Verify(smx509.VerifyOptions{
		Roots:       roots,
		CurrentTime: at,
		// Seal certificates carry no extended key usage; the chain is what counts.
		KeyUsages: []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny},
	})
	var invalid smx509.CertificateInvalidError
	switch {
	case errors.As(err, &invalid) && invalid.Reason == smx509.Expired:
		return expired
	case err != nil:
		return untrusted
	}
	const signing = smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment
	if cert.KeyUsage != 0 && cert.KeyUsage&signing == 0 {
		return usage
	}
	return ""
}

// lists reports whether the certificate with DER der is in the seal's
// certList: the same bytes for type 1, the same SM3 digest for type 2.
// Digests of other hashes are not understood and so never match.
func (s *Seal) lists(der []byte) bool {
	for _, c := range s.Certs {
		if bytes.Equal(c, der) {
			return true
		}
	}
	sum := sm3.Sum(der)
	for _, d := range s.CertDigests {
		if strings.EqualFold(d.Type, "SM3") && bytes.Equal(d.Value, sum[:]) {
			return true
		}
	}
	return false
}

// validAt reports whether t is inside the seal's validity, ends included.
func (s *Seal) validAt(t time.Time) bool {
	return !t.Before(s.ValidStart) && !t.After(s.ValidEnd)
}
