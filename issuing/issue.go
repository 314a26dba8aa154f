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
	"haoban/eseal"
)

// Request names the approved case item to issue for.
type Request struct {
	CaseID string
	Item   string
}

// Issued is the licence and its sealed documents; for an amendment, the
// fields it changed.
type Issued struct {
	Licence   haoban.Licence
	Documents []haoban.Document
	Changed   []string
}

// namespace derives the IDs of what one case item issues, so a repeated
// step addresses the same licence and documents.
var namespace = uuid.MustParse("6f1c2a52-5d0e-4f55-9a8f-9d5a3c1e0b7d")

// Issue issues the item's licence for an approved case: the number is
// drawn once, and each document is recorded once, however often a retry
// or a crashed worker runs it again. An item that issues no licence gives
// an empty result.
func (i *Issuer) Issue(ctx context.Context, req Request) (Issued, error) {
	kase, err := i.Store.FindCasePrefill(ctx, req.CaseID)
	if err != nil {
		return Issued{}, err
	}
	b, err := i.Store.FindBundleVersion(ctx, kase.Bundle, kase.BundleVersion)
	if err != nil {
		return Issued{}, err
	}
	it, ok := b.Item(req.Item)
	if !ok || it.Licence == "" {
		return Issued{}, nil
	}
	if it.Amends {
		return i.amend(ctx, req.CaseID, kase, it)
	}
	lic, err := i.allocate(ctx, req.CaseID, kase, it)
	if err != nil {
		return Issued{}, err
	}
	return i.documents(ctx, lic, it)
}

// documents seals the licence and the decision of a licence version.
func (i *Issuer) documents(ctx context.Context, lic haoban.Licence, it haoban.Item) (Issued, error) {
	k, err := i.EnsureSeal(ctx, it.Department)
	if err != nil {
		return Issued{}, err
	}
	out := Issued{Licence: lic}
	for _, kind := range []string{haoban.DocumentLicence, haoban.DocumentDecision} {
		d, err := i.document(ctx, k, lic, it, kind)
		if err != nil {
			return out, err
		}
		out.Documents = append(out.Documents, d)
	}
	return out, nil
}

// allocate records the licence with the item's form values as its fields.
func (i *Issuer) allocate(ctx context.Context, caseID string, kase haoban.CasePrefill, it haoban.Item) (haoban.Licence, error) {
	holder, name, err := i.holder(ctx, kase)
	if err != nil {
		return haoban.Licence{}, err
	}
	fields := map[string]any{}
	for _, f := range it.Fields {
		if v, ok := kase.Form[f.Key]; ok {
			fields[f.Key] = v
		}
	}
	now := i.now()
	day := haoban.DateOf(now)
	l := haoban.Licence{ID: uuid.NewSHA1(namespace, []byte(caseID+"/"+it.Code)).String(), Type: it.Licence,
		Holder: holder, HolderName: name, Fields: fields, ValidFrom: day, IssuedBy: it.Department, IssuedAt: now,
		CaseID: caseID, Item: it.Code}
	if years := validYears[it.Licence]; years > 0 {
		end := day.AddDate(years, 0, 0)
		l.ValidTo = &end
	}
	return i.Store.AllocateLicence(ctx, l, "沪"+strings.ToUpper(it.Department))
}

// validYears is how long each licence type runs; a type not listed has no
// end (营业执照, 出生医学证明).
var validYears = map[string]int{"food-licence": 5, "fire-safety-cert": 3, "signage-permit": 3, "drainage-permit": 5}

// holder is the enterprise the applicant represents when the form names
// one, else the applicant in person.
func (i *Issuer) holder(ctx context.Context, kase haoban.CasePrefill) (code, name string, err error) {
	user := kase.Applicant
	if ename, ok := kase.Form["enterprise.name"].(string); ok && user.IDNumber != "" {
		list, err := i.Store.EnterprisesOf(ctx, user.IDNumber)
		if err != nil {
			return "", "", err
		}
		for _, e := range list {
			if e.Name == ename {
				return e.USCC, e.Name, nil
			}
		}
	}
	if r, err := i.Store.FindResident(ctx, user.IDNumber); err == nil {
		return r.IDNumber, r.Name, nil
	}
	return user.IDNumber, user.Name, nil
}

// document returns the licence's document of a kind, rendering, signing
// and recording it unless a record exists. A crash after signing and
// before recording signs again; the record keyed by licence and kind
// keeps exactly one.
func (i *Issuer) document(ctx context.Context, k *kit, lic haoban.Licence, it haoban.Item, kind string) (haoban.Document, error) {
	id := uuid.NewSHA1(namespace, []byte(lic.ID+"/"+kind)).String()
	if d, err := i.Store.FindDocument(ctx, id); err == nil {
		return d, nil
	} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return d, err
	}
	page := document.Licence{ID: id, Kind: document.Kind(kind), TypeName: it.LicenceName, Number: lic.Number,
		HolderName: lic.HolderName, HolderCode: lic.Holder, ValidFrom: lic.ValidFrom, ValidTo: lic.ValidTo,
		Department: strings.TrimSuffix(k.name, "行政许可专用章"), IssuedAt: lic.IssuedAt, SealPNG: k.picture,
		VerifyURL: i.PublicURL + "/verify/" + id}
	for _, f := range it.Fields {
		if v, ok := lic.Fields[f.Key]; ok {
			page.Fields = append(page.Fields, document.Field{Label: f.Label, Value: haoban.Display(v)})
		}
	}
	if kind == haoban.DocumentDecision {
		page.Number = lic.Number + "-决"
	}
	signed, ses, err := k.sign(page, kind, i.PublicURL, i.now())
	if err != nil {
		return haoban.Document{}, err
	}
	sum, size, err := i.Blobs.Put(ctx, bytes.NewReader(signed), int64(len(signed))+1)
	if err != nil {
		return haoban.Document{}, fmt.Errorf("store %s: %w", kind, err)
	}
	d, _, err := i.Store.RecordDocument(ctx, haoban.Document{ID: id, LicenceID: lic.ID, CaseID: lic.CaseID, Kind: kind,
		Department: it.Department, SHA256: sum, Size: size, SESSignature: ses})
	return d, err
}

// sign renders a page and signs it twice (signRendered).
func (k *kit) sign(page document.Licence, kind, contact string, now time.Time) (signed, ses []byte, err error) {
	pdf, err := document.Render(page)
	if err != nil {
		return nil, nil, fmt.Errorf("render %s: %w", kind, err)
	}
	return k.signRendered(pdf, page.ID, kind, document.SignInfo{Name: page.Department, Location: "上海",
		Reason: "准予行政许可", ContactInfo: contact, Date: now})
}

// signRendered signs a rendered document of record id: the PDF signature
// saying info, then the electronic seal over the signed file's bytes.
func (k *kit) signRendered(pdf []byte, id, kind string, info document.SignInfo) (signed, ses []byte, err error) {
	signed, err = document.SignPDF(pdf, k.pdfKey, k.pdfCert, k.pdfChain, info)
	if err != nil {
		return nil, nil, fmt.Errorf("sign %s: %w", kind, err)
	}
	ses, err = eseal.Sign(eseal.SignInput{Seal: k.seal, SignedAt: info.Date, Document: signed, PropertyInfo: id,
		Signer: k.signer, SignerCert: k.sealCert})
	if err != nil {
		return nil, nil, fmt.Errorf("seal %s: %w", kind, err)
	}
	return signed, ses, nil
}

// SignPage renders and signs a page with the department's seal and records
// nothing: the cost of sealing alone, which the throughput benchmark's
// bare workflow pays too so that the two paths do the same work.
func (i *Issuer) SignPage(ctx context.Context, department string, page document.Licence) error {
	k, err := i.EnsureSeal(ctx, department)
	if err != nil {
		return err
	}
	page.SealPNG, page.Department = k.picture, strings.TrimSuffix(k.name, "行政许可专用章")
	_, _, err = k.sign(page, string(page.Kind), i.PublicURL, i.now())
	return err
}
