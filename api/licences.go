package api

import (
	"context"

	"haoban"
)

// LicencesOutput lists licences with their sealed documents.
type LicencesOutput struct {
	Body struct {
		Licences []LicenceView `json:"licences"`
	}
}

// LicenceView is a licence with its documents.
type LicenceView struct {
	haoban.Licence
	Documents []haoban.Document `json:"documents"`
}

// LicencesQuery names a holder, for staff.
type LicencesQuery struct {
	Holder string `query:"holder" doc:"持证人（身份证号码或统一社会信用代码）；申请人只能查看本人及所代表企业的证照"`
}

// listLicences returns the caller's licences (in person and through the
// enterprises they represent); staff name the holder.
func (s *Server) listLicences(ctx context.Context, in *LicencesQuery) (*LicencesOutput, error) {
	user := userFrom(ctx)
	var list []haoban.Licence
	var err error
	switch {
	case in.Holder != "" && s.can(user, user.Department, "licence", "read"):
		list, err = s.Store.LicencesOf(ctx, []string{in.Holder})
	case in.Holder != "":
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只能查看本人及所代表企业的证照")
	default:
		list, err = s.Prereview.Licences(ctx, user)
	}
	if err != nil {
		return nil, err
	}
	return s.licencesOutput(ctx, list)
}

func (s *Server) licencesOutput(ctx context.Context, list []haoban.Licence) (*LicencesOutput, error) {
	ids := make([]string, len(list))
	for i, l := range list {
		ids[i] = l.ID
	}
	docs, err := s.Store.DocumentsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &LicencesOutput{}
	out.Body.Licences = []LicenceView{}
	for _, l := range list {
		v := LicenceView{Licence: l, Documents: []haoban.Document{}}
		for _, d := range docs {
			if d.LicenceID == l.ID {
				v.Documents = append(v.Documents, d)
			}
		}
		out.Body.Licences = append(out.Body.Licences, v)
	}
	return out, nil
}

// RevokeInput revokes a licence with the reason.
type RevokeInput struct {
	ID   string `path:"id" doc:"证照编号"`
	Body struct {
		Reason string `json:"reason" minLength:"2" doc:"吊销理由，记入审计并在验证时显示"`
	}
}

// LicenceOutput is one licence.
type LicenceOutput struct {
	Body haoban.Licence
}

func (s *Server) revokeLicence(ctx context.Context, in *RevokeInput) (*LicenceOutput, error) {
	l, err := s.Store.RevokeLicence(ctx, in.ID, in.Body.Reason, s.auditEntry(ctx, ""))
	if err != nil {
		return nil, err
	}
	return &LicenceOutput{Body: l}, nil
}
