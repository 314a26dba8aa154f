package api

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"haoban"
	"haoban/httpx"
)

// Request bodies are bounded before anything reads them: a form or JSON
// body at maxBody, the Temporal UI's batch of payloads to decode at
// maxCodec, an upload (streamed to the blob store by its handler, within
// the material's own limit) at maxUpload.
const (
	maxBody   = 64 << 10
	maxCodec  = 4 << 20
	maxUpload = 64 << 20
)

// uploads are the routes whose bodies are streamed files.
var uploads = []string{"/api/v1/drafts/*/materials", "/api/v1/cases/*/materials", "/api/v1/verify",
	"/drafts/*/upload", "/cases/*/upload", "/verify"}

// streamsFile reports whether a request is an upload, by method and path.
func streamsFile(method, path string) bool {
	if method != fiber.MethodPost {
		return false
	}
	for _, u := range uploads {
		if matchPath(u, path) {
			return true
		}
	}
	return false
}

// matchPath matches a path against a pattern whose "*" stands for one segment.
func matchPath(pattern, path string) bool {
	ps, qs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(qs) {
		return false
	}
	for i := range ps {
		if ps[i] != "*" && ps[i] != qs[i] {
			return false
		}
		if ps[i] == "*" && qs[i] == "" {
			return false
		}
	}
	return true
}

// securityHeaders are on every response: no MIME sniffing, no framing of
// the pages, and nothing cached, since most responses carry personal data;
// the static assets set their own caching.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderCacheControl, "no-store")
	if httpx.IsPage(c.Path()) {
		c.Set(fiber.HeaderXFrameOptions, "DENY")
		c.Set(fiber.HeaderContentSecurityPolicy, "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	}
	return c.Next()
}

// limitBody refuses an oversized body with 413 before reading it. The
// server hands every body over as a stream; a form or JSON body is read
// here, up to its limit and no further (a chunked one has no length to
// check first), checked by checkBody and handed on as a stream again. An
// upload stays a stream, for its handler to store within its own limit.
func (s *Server) limitBody(c *fiber.Ctx) error {
	upload := streamsFile(c.Method(), c.Path())
	limit := maxBody
	switch {
	case upload:
		limit = maxUpload
	case strings.HasPrefix(c.Path(), "/api/v1/admin/codec/"):
		limit = maxCodec
	}
	if c.Request().Header.ContentLength() > limit {
		return tooLarge(c, limit)
	}
	if upload {
		return c.Next()
	}
	var body []byte
	if stream := c.Context().RequestBodyStream(); stream != nil {
		var err error
		if body, err = io.ReadAll(io.LimitReader(stream, int64(limit)+1)); err != nil {
			c.Context().SetConnectionClose()
			return haoban.Errorf(haoban.EINVALID, "请求体读取失败：格式有误或连接中断")
		}
	} else {
		body = c.Body()
	}
	if len(body) > limit {
		return tooLarge(c, limit)
	}
	if err := checkBody(c, body); err != nil {
		return err
	}
	// huma reads the body from the stream.
	c.Request().SetBodyStream(bytes.NewReader(body), len(body))
	return c.Next()
}

func tooLarge(c *fiber.Ctx, limit int) error {
	// The rest of the body is never read: the connection cannot carry
	// another request after it.
	c.Context().SetConnectionClose()
	return haoban.Errorf(haoban.ETOOLARGE, "请求体过大，上限为 %s", sizeText(limit))
}

func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// checkInput refuses text PostgreSQL cannot store and no person typed: a
// NUL character or bytes that are not UTF-8, in the path, the query or the
// Idempotency-Key. The error names the field.
func (s *Server) checkInput(c *fiber.Ctx) error {
	if p, err := url.PathUnescape(c.Path()); err != nil || !cleanText(p) {
		return haoban.FieldErrorf(haoban.EINVALID, "path", "地址中含有无法识别的字符")
	}
	if bad := badArg(c.Context().QueryArgs()); bad != "" {
		return haoban.FieldErrorf(haoban.EINVALID, "query."+bad, "查询参数含有 NUL 字符或无效的 UTF-8 编码")
	}
	if !cleanBytes(c.Request().Header.Peek("Idempotency-Key")) {
		return haoban.FieldErrorf(haoban.EINVALID, "header.Idempotency-Key", "Idempotency-Key 含有 NUL 字符或无效的 UTF-8 编码")
	}
	return c.Next()
}

// checkBody does the same for a form or JSON body.
func checkBody(c *fiber.Ctx, body []byte) error {
	if len(body) == 0 {
		return nil
	}
	if strings.HasPrefix(string(c.Request().Header.ContentType()), fiber.MIMEApplicationForm) {
		var args fasthttp.Args
		args.ParseBytes(body)
		if bad := badArg(&args); bad != "" {
			return haoban.FieldErrorf(haoban.EINVALID, "form."+bad, "表单含有 NUL 字符或无效的 UTF-8 编码")
		}
		return nil
	}
	if at := badJSONText(body); at >= 0 {
		return haoban.FieldErrorf(haoban.EINVALID, jsonPathAt(body, at), "含有 NUL 字符或无效的 UTF-8 编码")
	}
	return nil
}

// badArg names the first argument whose name or value is not clean text.
func badArg(args *fasthttp.Args) string {
	bad := ""
	args.VisitAll(func(k, v []byte) {
		if bad == "" && (!cleanBytes(k) || !cleanBytes(v)) {
			bad = strings.ToValidUTF8(strings.ReplaceAll(string(k), "\x00", ""), "?")
		}
	})
	return bad
}

func cleanText(s string) bool  { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
func cleanBytes(b []byte) bool { return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 }
