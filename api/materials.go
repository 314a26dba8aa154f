package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// uploadToDraft and uploadToCase stream one multipart upload: a "material"
// field naming the material's code, then a "file" part.
func (s *Server) uploadToDraft(c *fiber.Ctx) error {
	return s.upload(c, s.App.Materials.ToDraft)
}

func (s *Server) uploadToCase(c *fiber.Ctx) error {
	return s.upload(c, s.App.Materials.ToCase)
}

type uploadTo func(ctx context.Context, r app.Request, id string, up app.Upload) (haoban.CaseMaterial, bool, error)

func (s *Server) upload(c *fiber.Ctx, to uploadTo) error {
	code, file, err := httpx.Material(c)
	if err != nil {
		return err
	}
	defer file.Close()
	ctx := c.UserContext()
	saved, created, err := to(ctx, request(ctx), strings.Clone(c.Params("id")), app.Upload{Code: code, FileName: file.FileName(), Body: file})
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK // the same file again: stored once, answered with the first upload
	}
	return c.Status(status).JSON(saved)
}

// downloadMaterial streams a material to those who may see its case or draft.
func (s *Server) downloadMaterial(c *fiber.Ctx) error {
	ctx := c.UserContext()
	m, r, err := s.App.Materials.Open(ctx, request(ctx), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, m.ContentType)
	disposition := "attachment"
	if c.Query("inline") == "1" {
		disposition = "inline" // preview in the browser; the type was sniffed at upload
	}
	c.Set(fiber.HeaderContentDisposition, disposition+"; filename*=UTF-8''"+url.PathEscape(m.FileName))
	return c.SendStream(r, int(m.Size))
}
