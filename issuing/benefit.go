package issuing

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/document"
)

// SealGrant returns the benefit case's grant decision (给付决定书), sealed
// by the policy's department: rendered, signed and recorded the first
// time, and the recorded one on every later call. legalBasis is the
// policy's, cited in the decision.
func (i *Issuer) SealGrant(ctx context.Context, b haoban.BenefitCase, legalBasis []string) (haoban.Document, error) {
	return i.benefitDocument(ctx, b, document.KindGrant, func(k *kit, id string) (signed, ses []byte, err error) {
		at := b.ApprovedAt
		if at.IsZero() {
			at = i.now()
		}
		account := b.Account
		if account == "" {
			account = haoban.BenefitAccount(b.Kind, b.Beneficiary)
		}
		pdf, err := document.RenderGrant(document.Grant{ID: id, Number: grantNumber(b, at), PolicyName: b.PolicyName,
			LegalBasis: legalBasis, Name: b.Name, Code: b.Beneficiary, Enterprise: b.Kind == haoban.ForEnterprises,
			Period: periodWords(b.Period), Amount: b.Amount, Account: account, Department: departmentName(k), IssuedAt: at,
			SealPNG: k.picture, VerifyURL: i.PublicURL + "/verify/" + id})
		if err != nil {
			return nil, nil, fmt.Errorf("render grant: %w", err)
		}
		return k.signRendered(pdf, id, string(document.KindGrant), document.SignInfo{Name: departmentName(k),
			Location: "上海", Reason: "给付决定", ContactInfo: i.PublicURL, Date: i.now()})
	})
}

// SignPledge records the 告知承诺书 the beneficiary agreed to at the given
// instant: text as they read it, signerName the signed-in person (the
// beneficiary, or an enterprise's representative). Signed once, later
// calls return the first signature.
//
// Persons hold no signing keys. The PDF signature is made with the
// department's key, naming the person and the reason 签署告知承诺, as the
// platform's trust service attesting that the person, signed in with a
// verified identity, agreed to these words at that time; the electronic
// seal over the file records it as the department's evidence.
func (i *Issuer) SignPledge(ctx context.Context, b haoban.BenefitCase, text, signerName string, at time.Time) (haoban.Document, error) {
	return i.benefitDocument(ctx, b, document.KindPledge, func(k *kit, id string) (signed, ses []byte, err error) {
		pdf, err := document.RenderPledge(document.Pledge{ID: id, PolicyName: b.PolicyName, Text: text, Name: b.Name,
			Code: b.Beneficiary, Enterprise: b.Kind == haoban.ForEnterprises, Signer: signerName,
			Department: departmentName(k), SignedAt: at, VerifyURL: i.PublicURL + "/verify/" + id})
		if err != nil {
			return nil, nil, fmt.Errorf("render pledge: %w", err)
		}
		return k.signRendered(pdf, id, string(document.KindPledge), document.SignInfo{Name: signerName,
			Location: "上海", Reason: "签署告知承诺", ContactInfo: i.PublicURL, Date: at})
	})
}

// benefitDocument returns the case's document of a kind, making it with
// sign unless a record exists. As for a licence's documents, a crash
// after signing and before recording signs again, and the record keyed by
// case and kind keeps exactly one.
func (i *Issuer) benefitDocument(ctx context.Context, b haoban.BenefitCase, kind document.Kind,
	sign func(k *kit, id string) (signed, ses []byte, err error)) (haoban.Document, error) {
	id := uuid.NewSHA1(namespace, []byte(b.ID+"/"+string(kind))).String()
	if d, err := i.Store.FindDocument(ctx, id); err == nil {
		return d, nil
	} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return d, err
	}
	k, err := i.EnsureSeal(ctx, b.Department)
	if err != nil {
		return haoban.Document{}, err
	}
	signed, ses, err := sign(k, id)
	if err != nil {
		return haoban.Document{}, err
	}
	sum, size, err := i.Blobs.Put(ctx, bytes.NewReader(signed), int64(len(signed))+1)
	if err != nil {
		return haoban.Document{}, fmt.Errorf("store %s: %w", kind, err)
	}
	d, _, err := i.Store.RecordDocument(ctx, haoban.Document{ID: id, BenefitID: b.ID, Kind: string(kind),
		Department: b.Department, SHA256: sum, Size: size, SESSignature: ses})
	return d, err
}

// grantNumber is the decision's 文号: the department, the year and the
// case's ID in short, which tells a million cases apart.
func grantNumber(b haoban.BenefitCase, at time.Time) string {
	serial := strings.ToUpper(strings.TrimPrefix(b.ID, "bf-"))
	if len(serial) > 12 {
		serial = serial[:12]
	}
	return fmt.Sprintf("沪%s给〔%d〕%s号", strings.ToUpper(b.Department), at.In(haoban.Beijing).Year(), serial)
}

// periodWords writes a policy period as people read it: 2026-01-01/open
// as 2026年1月1日起, 2026-01-01/2026-12-31 as from 至 to. A period in
// another form stays as it is.
func periodWords(period string) string {
	from, to, _ := strings.Cut(period, "/")
	day := func(s string) (string, bool) {
		t, err := time.Parse(time.DateOnly, s)
		return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()), err == nil
	}
	f, ok := day(from)
	switch t, tok := day(to); {
	case !ok:
		return period
	case to == "open":
		return f + "起"
	case tok:
		return f + "至" + t
	}
	return period
}

// departmentName is the department as the seal names it.
func departmentName(k *kit) string {
	return strings.TrimSuffix(k.name, "行政许可专用章")
}
