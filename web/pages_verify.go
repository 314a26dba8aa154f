package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/httpx"
	"haoban/issuing"
)

// verifyPage shows the verification of the document the QR code names, or
// of the licence a number names, or the forms to check either. The public sees personal numbers masked; the
// holder and the staff who may read the document, signed in, in full.
func (p *Pages) verifyPage(c *fiber.Ctx) error {
	data := pageData{Title: "验证电子证照", CSRF: csrfToken(c), Form: map[string]any{}}
	var v issuing.Verification
	var err error
	number := strings.TrimSpace(strings.Clone(c.Query("number")))
	switch id := strings.Clone(c.Params("id")); {
	case id != "":
		v, err = p.App.Licences.Verify(c.UserContext(), p.viewer(c), id)
		if haoban.ErrorCode(err) == haoban.ENOTFOUND {
			err = haoban.Errorf(haoban.ENOTFOUND, "没有这份文书：请核对二维码或链接。")
		}
	case c.Request().URI().QueryArgs().Has("number"):
		data.Form["number"] = number
		v, err = p.App.Licences.VerifyNumber(c.UserContext(), p.viewer(c), number)
	default:
		return p.render(c, "verify", data)
	}
	switch code := haoban.ErrorCode(err); {
	case code == haoban.ENOTFOUND || code == haoban.EINVALID:
		c.Status(httpx.Status(code))
		data.Error = errorText(err)
	case err != nil:
		return err
	default:
		if err := p.describe(c, &data, v); err != nil {
			return err
		}
	}
	return p.render(c, "verify", data)
}

// verifyUploadPage checks a file sent from the form.
func (p *Pages) verifyUploadPage(c *fiber.Ctx) error {
	data := pageData{Title: "验证电子证照", CSRF: csrfToken(c), Form: map[string]any{}}
	if !validCSRF(c) {
		return p.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "请求已失效", Error: "表单已过期，请返回刷新页面后重试。"})
	}
	pdf, err := httpx.UploadedFile(c)
	if err != nil {
		c.Status(httpx.Status(haoban.ErrorCode(err)))
		data.Error = errorText(err)
		return p.render(c, "verify", data)
	}
	v, err := p.App.Licences.VerifyFile(c.UserContext(), p.viewer(c), pdf)
	if err != nil {
		return err
	}
	if err := p.describe(c, &data, v); err != nil {
		return err
	}
	return p.render(c, "verify", data)
}

// describe puts a verification on the page with the licence's name and
// labelled fields.
func (p *Pages) describe(c *fiber.Ctx, data *pageData, v issuing.Verification) error {
	data.Verification = &v
	if v.Licence == nil {
		return nil
	}
	var err error
	data.LicenceName, data.LicenceFields, err = p.App.Licences.Describe(c.UserContext(), *v.Licence)
	return err
}

// viewer is the signed-in visitor of a public page, if any.
func (p *Pages) viewer(c *fiber.Ctx) *haoban.User {
	if u, _, ok := p.pageUser(c); ok {
		return &u
	}
	return nil
}
