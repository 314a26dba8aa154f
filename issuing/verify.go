package issuing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"

	"haoban"
	"haoban/document"
	"haoban/eseal"
)

// Verification is what checking a document found: both signatures, the
// certificates behind them, and whether the licence, or for a grant
// decision the benefit, still stands.
type Verification struct {
	Valid   bool     `json:"valid"`
	Reasons []string `json:"reasons"` // why not, first failure of each check
	// PDF is the PDF signature any PDF reader checks.
	PDF Check `json:"pdf"`
	// Seal is the electronic-seal signature (GB/T 38540) kept with the
	// document.
	Seal     *Check           `json:"seal,omitempty"`
	Document *haoban.Document `json:"document,omitempty"`
	Licence  *haoban.Licence  `json:"licence,omitempty"`
	// Successor is the licence's newer version when it was superseded.
	Successor *haoban.Licence `json:"successor,omitempty"`
	// Benefit is the benefit case a grant decision or pledge belongs to.
	Benefit *haoban.BenefitCase `json:"benefit,omitempty"`
}

// Public is the verification as anyone holding a printout may see it: the
// personal numbers on the licence masked. Its holder and the staff see
// the full one.
func (v Verification) Public() Verification {
	if v.Licence != nil {
		m := v.Licence.Masked()
		v.Licence = &m
	}
	if v.Successor != nil {
		m := v.Successor.Masked()
		v.Successor = &m
	}
	if b := v.Benefit; b != nil {
		// What the printout says and no more: the facts it was matched on
		// and the account are the beneficiary's own.
		v.Benefit = &haoban.BenefitCase{ID: b.ID, Policy: b.Policy, PolicyName: b.PolicyName, Version: b.Version,
			Period: b.Period, Department: b.Department, Beneficiary: haoban.MaskPersonal(b.Beneficiary), Kind: b.Kind,
			Name: haoban.MaskName(b.Name, b.Kind), Amount: b.Amount, Status: b.Status, Reason: b.Reason,
			ApprovedAt: b.ApprovedAt, DecisionDocument: b.DecisionDocument, PaidAt: b.PaidAt, ReversedAt: b.ReversedAt}
	}
	return v
}

// Check is one signature's verification.
type Check struct {
	Valid    bool      `json:"valid"`
	Reason   string    `json:"reason,omitempty"`
	Signer   string    `json:"signer"`
	SealName string    `json:"seal_name,omitempty"`
	SignedAt time.Time `json:"signed_at"`
}

// VerifyDocument checks a recorded document with its stored file.
func (i *Issuer) VerifyDocument(ctx context.Context, id string) (Verification, error) {
	d, err := i.Store.FindDocument(ctx, id)
	if err != nil {
		return Verification{}, err
	}
	f, err := i.Blobs.Open(ctx, d.SHA256)
	if err != nil {
		return Verification{}, err
	}
	defer f.Close()
	pdf, err := io.ReadAll(f)
	if err != nil {
		return Verification{}, err
	}
	return i.Verify(ctx, pdf)
}

// Verify checks a file someone brings: its PDF signature against the PDF
// CA; the seal signature recorded for a file of exactly these bytes
// against the seal CA; then the licence's status, or the benefit's. One
// changed byte makes the PDF signature fail and no seal signature match.
func (i *Issuer) Verify(ctx context.Context, pdf []byte) (Verification, error) {
	sm2Roots, pdfRoots, err := i.Roots(ctx)
	if err != nil {
		return Verification{}, err
	}
	v := Verification{Reasons: []string{}}
	p, err := document.VerifyPDF(pdf, pdfRoots)
	if err != nil {
		return v, err
	}
	v.PDF = Check{Valid: p.Valid, Reason: p.Reason, Signer: p.SignerCN, SignedAt: p.SignedAt}
	if !v.PDF.Valid {
		v.Reasons = append(v.Reasons, v.PDF.Reason)
	}
	sum := sha256.Sum256(pdf)
	d, err := i.Store.DocumentBySHA256(ctx, hex.EncodeToString(sum[:]))
	switch {
	case haoban.ErrorCode(err) == haoban.ENOTFOUND:
		v.Reasons = append(v.Reasons, "没有与该文件完全一致的签章记录：文件不是本系统签发的，或签发后被改动")
		return v, nil
	case err != nil:
		return v, err
	}
	v.Document = &d
	seal, err := eseal.VerifySignature(d.SESSignature, pdf, sm2Roots)
	if err != nil {
		return v, err
	}
	v.Seal = &Check{Valid: seal.Valid, Reason: seal.Reason, Signer: seal.Signer, SealName: seal.SealName, SignedAt: seal.SignedAt}
	if !seal.Valid {
		v.Reasons = append(v.Reasons, "电子印章："+seal.Reason)
	}
	if d.BenefitID != "" {
		err = i.benefitStatus(ctx, &v, d)
	} else {
		err = i.licenceStatus(ctx, &v, d.LicenceID)
	}
	if err != nil {
		return v, err
	}
	v.Valid = len(v.Reasons) == 0
	return v, nil
}

func (i *Issuer) licenceStatus(ctx context.Context, v *Verification, id string) error {
	l, err := i.Store.FindLicence(ctx, id)
	if err != nil {
		return err
	}
	v.Licence = &l
	switch {
	case l.Status == haoban.LicenceRevoked:
		v.Reasons = append(v.Reasons, "证照已被吊销："+l.RevokedReason)
	case l.Status == haoban.LicenceSuperseded:
		v.Reasons = append(v.Reasons, "证照已变更，此版本已被新版本取代")
		if l.SupersededBy != "" {
			next, err := i.Store.FindLicence(ctx, l.SupersededBy)
			if err != nil {
				return err
			}
			v.Successor = &next
		}
	case l.ExpiredOn(i.now()):
		v.Reasons = append(v.Reasons, "证照已过有效期")
	}
	return nil
}

// benefitStatus attaches the benefit case of a grant decision or pledge.
// A grant no longer stands once the benefit was reversed or stopped; a
// pledge stays what was signed, whatever became of the benefit.
func (i *Issuer) benefitStatus(ctx context.Context, v *Verification, d haoban.Document) error {
	b, err := i.Store.FindBenefit(ctx, d.BenefitID)
	if err != nil {
		return err
	}
	v.Benefit = &b
	if d.Kind != string(document.KindGrant) {
		return nil
	}
	switch b.Status {
	case haoban.BenefitCorrected:
		v.Reasons = append(v.Reasons, "给付已被撤销："+b.Reason)
	case haoban.BenefitStopped:
		v.Reasons = append(v.Reasons, "给付已终止")
	}
	return nil
}
