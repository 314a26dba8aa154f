package api

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"haoban"
)

// The payload codec endpoint lets the Temporal web UI show what Haoban
// encrypted: POST /api/v1/admin/codec/decode (and /encode), the protocol of
// Temporal's remote codec, for admins only. The UI runs on an origin of
// its own and sends the admin's session cookie, so that origin, and no
// other, is allowed by CORS.
func (s *Server) codecRoutes() {
	s.app.Options("/api/v1/admin/codec/:op", s.codecCORS)
	guard := s.fiberAuthWith(perm("codec", "decode"), true)
	s.app.Post("/api/v1/admin/codec/decode", s.codecCORS, guard, s.codec(true))
	s.app.Post("/api/v1/admin/codec/encode", s.codecCORS, guard, s.codec(false))
}

// codecCORS answers the UI's preflight and marks its requests as allowed.
func (s *Server) codecCORS(c *fiber.Ctx) error {
	origin := strings.Clone(c.Get(fiber.HeaderOrigin))
	if origin != "" && slices.Contains(s.CodecOrigins, origin) {
		c.Set(fiber.HeaderAccessControlAllowOrigin, origin)
		c.Set(fiber.HeaderAccessControlAllowCredentials, "true")
		c.Set(fiber.HeaderVary, fiber.HeaderOrigin)
	}
	if c.Method() == fiber.MethodOptions {
		c.Set(fiber.HeaderAccessControlAllowMethods, "POST")
		c.Set(fiber.HeaderAccessControlAllowHeaders, "Content-Type, Authorization, X-Namespace")
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Next()
}

func (s *Server) codec(decode bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Codec == nil {
			return haoban.Errorf(haoban.ENOTFOUND, "本实例没有配置数据加密")
		}
		var in commonpb.Payloads
		if err := protojson.Unmarshal(c.Body(), &in); err != nil {
			return haoban.FieldErrorf(haoban.EINVALID, "body", "请求体应为 {\"payloads\":[…]}")
		}
		convert := s.Codec.Encode
		if decode {
			convert = s.Codec.Decode
		}
		out, err := convert(in.Payloads)
		if err != nil {
			return haoban.Errorf(haoban.EUNPROCESSABLE, "无法处理：%v", err)
		}
		raw, err := protojson.Marshal(&commonpb.Payloads{Payloads: out})
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
		return c.Send(raw)
	}
}
