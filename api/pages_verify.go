package api

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// verifyPage shows the verification of the document the QR code names, or
// the form to check a file.
func (s *Server) verifyPage(c *fiber.Ctx) error {
	data := pageData{Title: "验证电子证照", CSRF: csrfToken(c)}
	if id := strings.Clone(c.Params("id")); id != "" {
		v, err := s.Issuer.VerifyDocument(c.UserContext(), id)
		if haoban.ErrorCode(err) == haoban.ENOTFOUND {
			c.Status(fiber.StatusNotFound)
			data.Error = "没有这份文书：请核对二维码或链接。"
		} else if err != nil {
			return err
		} else {
			v = s.verificationFor(c.UserContext(), s.viewer(c), v)
			data.Verification = &v
			if err := s.describeLicence(c.UserContext(), &data); err != nil {
				return err
			}
		}
	}
	return s.render(c, "verify", data)
}

// LabeledValue is a field as people read it: its label and its value.
type LabeledValue struct {
	Label, Value string
}

// describeLicence names the verified licence's type and labels its fields,
// in the order of the item that issues it.
func (s *Server) describeLicence(ctx context.Context, data *pageData) error {
	l := data.Verification.Licence
	if l == nil {
		return nil
	}
	bundles, err := s.Store.ListBundles(ctx)
	if err != nil {
		return err
	}
	for _, b := range bundles {
		for _, it := range b.Items {
			if it.Licence != l.Type {
				continue
			}
			data.LicenceName = it.LicenceName
			for _, f := range it.Fields {
				if v, ok := l.Fields[f.Key]; ok {
					data.LicenceFields = append(data.LicenceFields, LabeledValue{Label: f.Label, Value: haoban.Display(v)})
				}
			}
			return nil
		}
	}
	return nil
}

// viewer is the signed-in visitor of a public page, if any.
func (s *Server) viewer(c *fiber.Ctx) *haoban.User {
	if u, ok := s.pageUser(c); ok {
		return &u
	}
	return nil
}

// verifyUploadPage checks a file sent from the form.
func (s *Server) verifyUploadPage(c *fiber.Ctx) error {
	data := pageData{Title: "验证电子证照", CSRF: csrfToken(c)}
	if !validCSRF(c) {
		return s.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "请求已失效", Error: "表单已过期，请返回刷新页面后重试。"})
	}
	pdf, err := uploadedFile(c)
	if err != nil {
		c.Status(statusOf(haoban.ErrorCode(err)))
		data.Error = errorText(err)
		return s.render(c, "verify", data)
	}
	v, err := s.Issuer.Verify(c.UserContext(), pdf)
	if err != nil {
		return err
	}
	v = s.verificationFor(c.UserContext(), s.viewer(c), v)
	data.Verification = &v
	if err := s.describeLicence(c.UserContext(), &data); err != nil {
		return err
	}
	return s.render(c, "verify", data)
}
