package api

import (
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
			data.Verification = &v
		}
	}
	return s.render(c, "verify", data)
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
	data.Verification = &v
	return s.render(c, "verify", data)
}
