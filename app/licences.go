package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"haoban"
	"haoban/blob"
	"haoban/issuing"
)

// LicenceStore is the e-licence library and its sealed documents.
type LicenceStore interface {
	LicencesOf(ctx context.Context, holders []string) ([]haoban.Licence, error)
	FindLicence(ctx context.Context, id string) (haoban.Licence, error)
	FindLicenceByNumber(ctx context.Context, number string) (haoban.Licence, error)
	DocumentsOf(ctx context.Context, licenceIDs []string) ([]haoban.Document, error)
	FindDocument(ctx context.Context, id string) (haoban.Document, error)
	RevokeLicence(ctx context.Context, id, reason string, meta haoban.AuditEntry) (haoban.Licence, error)
	FindCase(ctx context.Context, id string) (haoban.Case, error)
	ListBundles(ctx context.Context) ([]haoban.Bundle, error)
}

// Verifier checks sealed documents (issuing.Issuer).
type Verifier interface {
	VerifyDocument(ctx context.Context, id string) (issuing.Verification, error)
	Verify(ctx context.Context, pdf []byte) (issuing.Verification, error)
}

// Licences are the e-licences people hold, their sealed documents, and
// their verification.
type Licences struct {
	Store    LicenceStore
	Blobs    blob.Store
	Reviewer Reviewer
	Verifier Verifier
	Cases    *Cases
	// Benefits tells whose a benefit's documents are (nil: no benefits).
	Benefits *Benefits
	Authz    Authorizer
	Time     haoban.TimeSource
}

// LicenceView is a licence with its sealed documents and its type's name.
type LicenceView struct {
	haoban.Licence
	TypeName  string            `json:"type_name"`
	Documents []haoban.Document `json:"documents"`
}

// List is the licences the user holds in person or through the
// enterprises they represent; staff name the holder.
func (s *Licences) List(ctx context.Context, r Request, holder string) ([]LicenceView, error) {
	var list []haoban.Licence
	var err error
	switch {
	case holder != "" && can(s.Authz, r.User, r.User.Department, "licence", "read"):
		list, err = s.Store.LicencesOf(ctx, []string{holder})
	case holder != "":
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只能查看本人及所代表企业的证照")
	default:
		list, err = s.Reviewer.Licences(ctx, r.User)
	}
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(list))
	for i, l := range list {
		ids[i] = l.ID
	}
	docs, err := s.Store.DocumentsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	typeNames, err := s.typeNames(ctx)
	if err != nil {
		return nil, err
	}
	out := []LicenceView{}
	for _, l := range list {
		v := LicenceView{Licence: l, TypeName: typeNames[l.Type], Documents: []haoban.Document{}}
		if v.TypeName == "" {
			v.TypeName = "电子证照"
		}
		for _, d := range docs {
			if d.LicenceID == l.ID {
				v.Documents = append(v.Documents, d)
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// Revocation is why an admin revokes a licence.
type Revocation struct {
	Reason string `json:"reason" minLength:"2" maxLength:"500" doc:"吊销理由，记入审计并在验证时显示"`
}

// Revoke revokes a licence, audited; verifying it says so from then on.
func (s *Licences) Revoke(ctx context.Context, r Request, id string, in Revocation) (haoban.Licence, error) {
	if err := validate(in, ""); err != nil {
		return haoban.Licence{}, err
	}
	return s.Store.RevokeLicence(ctx, id, in.Reason, r.audit("", now(s.Time)))
}

// OpenDocument gives a sealed document to its holder, the staff of the
// departments involved, supervisors and admins; to anyone else it does not
// exist.
func (s *Licences) OpenDocument(ctx context.Context, r Request, id string) (haoban.Document, io.ReadCloser, error) {
	d, err := s.Store.FindDocument(ctx, id)
	if err != nil {
		return d, nil, err
	}
	if err := s.mayReadDocument(ctx, r.User, d); err != nil {
		return d, nil, err
	}
	f, err := s.Blobs.Open(ctx, d.SHA256)
	if err != nil {
		return d, nil, fmt.Errorf("open document %s: %w", d.ID, err)
	}
	return d, f, nil
}

func (s *Licences) mayReadDocument(ctx context.Context, user haoban.User, d haoban.Document) error {
	if user.HasRole(haoban.RoleSupervisor) || user.HasRole(haoban.RoleAdmin) || user.Department == d.Department {
		return nil
	}
	held, err := s.Reviewer.Licences(ctx, user)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(held, func(h haoban.Licence) bool { return h.ID == d.LicenceID }) {
		return nil
	}
	if d.BenefitID != "" && s.Benefits != nil {
		// A grant decision or a pledge is its beneficiary's.
		if _, own, err := s.Benefits.readable(ctx, Request{User: user}, d.BenefitID); err == nil && own {
			return nil
		}
	}
	if d.CaseID != "" {
		kase, err := s.Store.FindCase(ctx, d.CaseID)
		if err != nil {
			return err
		}
		if s.Cases.MayRead(user, kase) {
			return nil
		}
	}
	return haoban.Errorf(haoban.ENOTFOUND, "文书不存在")
}

// Verify checks a recorded document: anyone holding the printout may, and
// sees the personal numbers masked; the holder and the staff who may read
// the document (viewer, nil for nobody) see them in full.
func (s *Licences) Verify(ctx context.Context, viewer *haoban.User, docID string) (issuing.Verification, error) {
	v, err := s.Verifier.VerifyDocument(ctx, docID)
	if err != nil {
		return v, err
	}
	return s.shown(ctx, viewer, v), nil
}

// VerifyFile checks a file someone brings, never storing it.
func (s *Licences) VerifyFile(ctx context.Context, viewer *haoban.User, pdf []byte) (issuing.Verification, error) {
	v, err := s.Verifier.Verify(ctx, pdf)
	if err != nil {
		return v, err
	}
	return s.shown(ctx, viewer, v), nil
}

// VerifyNumber checks the licence a number names, for whoever holds the
// number: the seals of its licence document, or for a licence held from
// before Haoban, which has none, its standing in the library.
func (s *Licences) VerifyNumber(ctx context.Context, viewer *haoban.User, number string) (issuing.Verification, error) {
	number = strings.TrimSpace(number)
	if number == "" || len(number) > 100 {
		return issuing.Verification{}, haoban.FieldErrorf(haoban.EINVALID, "query.number", "请输入证照上的编号")
	}
	l, err := s.Store.FindLicenceByNumber(ctx, number)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return issuing.Verification{}, haoban.FieldErrorf(haoban.ENOTFOUND, "query.number", "没有编号为 %s 的证照：请核对编号", number)
	} else if err != nil {
		return issuing.Verification{}, err
	}
	docs, err := s.Store.DocumentsOf(ctx, []string{l.ID})
	if err != nil {
		return issuing.Verification{}, err
	}
	for _, d := range docs {
		if d.Kind == haoban.DocumentLicence {
			return s.Verify(ctx, viewer, d.ID)
		}
	}
	v := issuing.Verification{Licence: &l, Valid: l.ValidOn(now(s.Time)), Reasons: []string{}}
	if !v.Valid {
		v.Reasons = append(v.Reasons, "证照不在有效状态或不在有效期内")
	}
	return v.Public(), nil
}

func (s *Licences) shown(ctx context.Context, viewer *haoban.User, v issuing.Verification) issuing.Verification {
	if viewer != nil && v.Document != nil && s.mayReadDocument(ctx, *viewer, *v.Document) == nil {
		return v
	}
	return v.Public()
}

// LicenceField is a field as people read it: its label and its value.
type LicenceField struct {
	Label, Value string
}

// Describe names a licence's type and labels its fields, in the order of
// the item that issues it.
func (s *Licences) Describe(ctx context.Context, l haoban.Licence) (string, []LicenceField, error) {
	bundles, err := s.Store.ListBundles(ctx)
	if err != nil {
		return "", nil, err
	}
	for _, b := range bundles {
		for _, it := range b.Items {
			if it.Licence != l.Type {
				continue
			}
			var fields []LicenceField
			for _, f := range it.Fields {
				if v, ok := l.Fields[f.Key]; ok {
					fields = append(fields, LicenceField{Label: f.Label, Value: haoban.Display(v)})
				}
			}
			return it.LicenceName, fields, nil
		}
	}
	return "", nil, nil
}

// typeNames names the licence types the catalogue's items issue.
func (s *Licences) typeNames(ctx context.Context) (map[string]string, error) {
	bundles, err := s.Store.ListBundles(ctx)
	names := map[string]string{}
	for _, b := range bundles {
		for _, it := range b.Items {
			if it.Licence != "" && it.LicenceName != "" {
				names[it.Licence] = it.LicenceName
			}
		}
	}
	return names, err
}
