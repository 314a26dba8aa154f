package api

import (
	"context"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
	"haoban/issuing"
	"haoban/logging"
)

// LicencesOutput lists licences with their sealed documents.
type LicencesOutput struct {
	Body struct {
		Licences []app.LicenceView `json:"licences"`
	}
}

// LicencesQuery names a holder, for staff.
type LicencesQuery struct {
	Holder string `query:"holder" maxLength:"18" doc:"持证人（身份证号码或统一社会信用代码）；申请人只能查看本人及所代表企业的证照"`
}

// listLicences returns the caller's licences (in person and through the
// enterprises they represent); staff name the holder.
func (s *Server) listLicences(ctx context.Context, in *LicencesQuery) (*LicencesOutput, error) {
	list, err := s.App.Licences.List(ctx, request(ctx), in.Holder)
	out := &LicencesOutput{}
	out.Body.Licences = list
	return out, err
}

// RevokeInput revokes a licence with the reason.
type RevokeInput struct {
	ID   string `path:"id" maxLength:"100" doc:"证照编号"`
	Body app.Revocation
}

// LicenceOutput is one licence.
type LicenceOutput struct {
	Body haoban.Licence
}

func (s *Server) revokeLicence(ctx context.Context, in *RevokeInput) (*LicenceOutput, error) {
	l, err := s.App.Licences.Revoke(ctx, request(ctx), in.ID, in.Body)
	return &LicenceOutput{Body: l}, err
}

// downloadDocument streams a sealed document to its holder, the staff of
// the departments involved, supervisors and admins; to anyone else it does
// not exist.
func (s *Server) downloadDocument(c *fiber.Ctx) error {
	d, r, err := s.App.Licences.OpenDocument(c.UserContext(), request(c.UserContext()), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(d.ID+".pdf"))
	return c.SendStream(r, int(d.Size))
}

// VerifyOutput is what checking a document found.
type VerifyOutput struct {
	Body issuing.Verification
}

// VerifyDocumentInput names a document; a signed-in holder or member of
// staff sends their token to see it unmasked.
type VerifyDocumentInput struct {
	ID            string `path:"id" maxLength:"100" doc:"文书编号（二维码中的编号）"`
	Authorization string `header:"Authorization" doc:"可选：持证人或工作人员的 Bearer 令牌，可看到未遮蔽的证件号码"`
}

// verifyDocument is public: anyone holding a printout scans its QR code.
func (s *Server) verifyDocument(ctx context.Context, in *VerifyDocumentInput) (*VerifyOutput, error) {
	var viewer *haoban.User
	if in.Authorization != "" {
		if u, _, err := s.App.Sessions.Authenticate(ctx, logging.ClientAddr(ctx), in.Authorization); err == nil {
			viewer = &u
		}
	}
	v, err := s.App.Licences.Verify(ctx, viewer, in.ID)
	return &VerifyOutput{Body: v}, err
}

// VerifyNumberInput names a licence by the number printed on it.
type VerifyNumberInput struct {
	Number        string `query:"number" required:"true" minLength:"1" maxLength:"100" doc:"证照编号"`
	Authorization string `header:"Authorization" doc:"可选：持证人或工作人员的 Bearer 令牌，可看到未遮蔽的证件号码"`
}

// verifyNumber is public: anyone checks a licence by its number.
func (s *Server) verifyNumber(ctx context.Context, in *VerifyNumberInput) (*VerifyOutput, error) {
	var viewer *haoban.User
	if in.Authorization != "" {
		if u, _, err := s.App.Sessions.Authenticate(ctx, logging.ClientAddr(ctx), in.Authorization); err == nil {
			viewer = &u
		}
	}
	v, err := s.App.Licences.VerifyNumber(ctx, viewer, in.Number)
	return &VerifyOutput{Body: v}, err
}

// verifyUpload is public: anyone checks a file they were given. The file
// is read within its limit and never stored.
func (s *Server) verifyUpload(c *fiber.Ctx) error {
	pdf, err := httpx.UploadedFile(c)
	if err != nil {
		return err
	}
	v, err := s.App.Licences.VerifyFile(c.UserContext(), nil, pdf)
	if err != nil {
		return err
	}
	return c.JSON(v)
}
