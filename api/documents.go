package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/issuing"
)

// maxVerifyBytes bounds a file brought for verification: licences are a
// few hundred kilobytes.
const maxVerifyBytes = 20 << 20

// downloadDocument streams a sealed document to its holder, the staff of
// the departments involved, supervisors and admins; to anyone else it does
// not exist.
func (s *Server) downloadDocument(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d, err := s.Store.FindDocument(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	if err := s.mayReadDocument(ctx, d); err != nil {
		return err
	}
	r, err := s.Blobs.Open(ctx, d.SHA256)
	if err != nil {
		return fmt.Errorf("open document %s: %w", d.ID, err)
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(d.ID+".pdf"))
	c.Set("X-Content-Type-Options", "nosniff")
	return c.SendStream(r, int(d.Size))
}

func (s *Server) mayReadDocument(ctx context.Context, d haoban.Document) error {
	user := userFrom(ctx)
	if user.HasRole(haoban.RoleSupervisor) || user.HasRole(haoban.RoleAdmin) || user.Department == d.Department {
		return nil
	}
	l, err := s.Store.FindLicence(ctx, d.LicenceID)
	if err != nil {
		return err
	}
	held, err := s.Prereview.Licences(ctx, user)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(held, func(h haoban.Licence) bool { return h.ID == l.ID }) {
		return nil
	}
	if d.CaseID != "" {
		kase, err := s.Store.FindCase(ctx, d.CaseID)
		if err != nil {
			return err
		}
		if s.mayRead(user, kase) {
			return nil
		}
	}
	return haoban.Errorf(haoban.ENOTFOUND, "文书不存在")
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
// They see the personal numbers masked; the holder and the staff who may
// read the document see them in full.
func (s *Server) verifyDocument(ctx context.Context, in *VerifyDocumentInput) (*VerifyOutput, error) {
	v, err := s.Issuer.VerifyDocument(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	var viewer *haoban.User
	if in.Authorization != "" {
		if u, err := s.userFromHeader(ctx, in.Authorization); err == nil {
			viewer = &u
		}
	}
	return &VerifyOutput{Body: s.verificationFor(ctx, viewer, v)}, nil
}

// verificationFor shows a verification in full to whom may read its
// document, and masked to anyone else.
func (s *Server) verificationFor(ctx context.Context, viewer *haoban.User, v issuing.Verification) issuing.Verification {
	if viewer != nil && v.Document != nil && s.mayReadDocument(context.WithValue(ctx, userKey{}, *viewer), *v.Document) == nil {
		return v
	}
	return v.Public()
}

// verifyUpload is public: anyone checks a file they were given. The file
// is read within its limit and never stored.
func (s *Server) verifyUpload(c *fiber.Ctx) error {
	pdf, err := uploadedFile(c)
	if err != nil {
		return err
	}
	v, err := s.Issuer.Verify(c.UserContext(), pdf)
	if err != nil {
		return err
	}
	return c.JSON(v.Public())
}

// uploadedFile reads the "file" part of a multipart request.
func uploadedFile(c *fiber.Ctx) ([]byte, error) {
	mr, err := multipartReader(c)
	if err != nil {
		return nil, err
	}
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "file" {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "file", "请以 multipart/form-data 上传 file 文件")
	}
	defer part.Close()
	b, err := io.ReadAll(io.LimitReader(part, maxVerifyBytes+1))
	switch {
	case err != nil && !errors.Is(err, io.EOF):
		return nil, haoban.FieldErrorf(haoban.EINVALID, "file", "读取上传文件失败")
	case len(b) > maxVerifyBytes:
		return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "file", "文件超过 %d MB", maxVerifyBytes>>20)
	case len(b) == 0:
		return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "file", "文件为空")
	}
	return b, nil
}
