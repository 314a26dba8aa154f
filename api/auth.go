package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"haoban"
)

// permission is what an operation requires: one of the actions on an
// object, checked by Casbin in the caller's own department. The handler then
// checks the resource itself (its department, its owner).
type permission struct {
	obj  string
	acts []string
}

const permissionKey = "permission"

type userKey struct{}

type claimsKey struct{}

// claimsFrom returns the claims of the token the request was signed in
// with, which signing out revokes.
func claimsFrom(ctx context.Context) Claims {
	c, _ := ctx.Value(claimsKey{}).(Claims)
	return c
}

// userFrom returns the signed-in user; authenticate put it there.
func userFrom(ctx context.Context) haoban.User {
	u, _ := ctx.Value(userKey{}).(haoban.User)
	return u
}

// authenticate is huma middleware: an operation with a permission requires a
// valid bearer token of a known user whose role allows the action.
func (s *Server) authenticate(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(hctx huma.Context, next func(huma.Context)) {
		perm, ok := hctx.Operation().Metadata[permissionKey].(permission)
		if !ok {
			next(hctx)
			return
		}
		ctx := hctx.Context()
		user, claims, err := s.credential(ctx, hctx.Header("Authorization"))
		if err == nil {
			err = s.allow(user, user.Department, perm)
		}
		if err != nil {
			writeErr(api, hctx, err)
			return
		}
		next(huma.WithValue(huma.WithValue(hctx, userKey{}, user), claimsKey{}, claims))
	}
}

// userFromHeader authenticates a request's bearer token: a valid token of
// a user who is enabled now, not revoked by signing out. Every failure
// counts against the client's attempts (limits.go).
func (s *Server) userFromHeader(ctx context.Context, header string) (haoban.User, error) {
	user, _, err := s.credential(ctx, header)
	return user, err
}

func (s *Server) credential(ctx context.Context, header string) (haoban.User, Claims, error) {
	token, found := strings.CutPrefix(header, "Bearer ")
	if !found || token == "" {
		return haoban.User{}, Claims{}, haoban.Errorf(haoban.EUNAUTHORIZED, "请先登录：缺少 Authorization: Bearer 令牌")
	}
	claims, err := s.Tokens.Verify(token, s.now())
	if err != nil {
		return haoban.User{}, Claims{}, s.failedAuth(ctx, "登录令牌无效或已过期，请重新登录")
	}
	cred, err := s.Store.Credential(ctx, claims.UserID, claims.ID)
	switch {
	case haoban.ErrorCode(err) == haoban.ENOTFOUND:
		return haoban.User{}, Claims{}, s.failedAuth(ctx, "令牌对应的用户不存在")
	case err != nil:
		return haoban.User{}, Claims{}, err
	case cred.Revoked:
		return haoban.User{}, Claims{}, s.failedAuth(ctx, "已退出登录，请重新登录")
	case cred.User.Disabled || (cred.ValidAfter != nil && !claims.IssuedAt.After(*cred.ValidAfter)):
		return haoban.User{}, Claims{}, s.failedAuth(ctx, "账号已停用或登录已失效，请联系管理员")
	}
	return cred.User, claims, nil
}

// allow checks through Casbin that the user may do one of perm's actions in
// a department.
func (s *Server) allow(user haoban.User, dept string, perm permission) error {
	for _, act := range perm.acts {
		ok, err := s.Authz.Allow(user, dept, perm.obj, act)
		if err != nil {
			return fmt.Errorf("authorize: %w", err)
		} else if ok {
			return nil
		}
	}
	return haoban.Errorf(haoban.EFORBIDDEN, "无权执行此操作")
}

// can reports whether the user may do act on obj in dept.
func (s *Server) can(user haoban.User, dept, obj, act string) bool {
	return s.allow(user, dept, permission{obj: obj, acts: []string{act}}) == nil
}

func writeErr(api huma.API, hctx huma.Context, err error) {
	for k, v := range retryHeaders(err) {
		hctx.SetHeader(k, v[0])
	}
	_ = huma.WriteErr(api, hctx, statusOf(haoban.ErrorCode(err)), haoban.ErrorMessage(err), err)
}

// retryHeaders says when a refusal for too many attempts ends.
func retryHeaders(err error) http.Header {
	var e *haoban.Error
	if !errors.As(err, &e) || e.Code != haoban.ERATELIMIT {
		return nil
	}
	return http.Header{"Retry-After": {retrySeconds(e.RetryAfter)}}
}

// newRequestID keeps a caller's X-Request-ID when it is plain, so a request
// can be traced across services, and makes one otherwise.
func newRequestID(given string) string {
	if n := len(given); n > 0 && n <= 64 && strings.IndexFunc(given, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return given
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// fiberAuth guards the routes that stream bodies outside huma with the same
// checks as authenticate.
func (s *Server) fiberAuth(perm *permission) fiber.Handler { return s.fiberAuthWith(perm, false) }

// fiberAuthWith also takes the session cookie on a POST that changes
// nothing (the payload codec, which the Temporal UI calls with it).
func (s *Server) fiberAuthWith(perm *permission, cookieOnPost bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx := c.UserContext()
		header := c.Get("Authorization")
		if token := c.Query("access_token"); header == "" && token != "" {
			// EventSource cannot set headers: streams take the token in the URL.
			header = "Bearer " + strings.Clone(token)
		} else if cookie := c.Cookies(tokenCookie); header == "" && cookie != "" && (c.Method() == fiber.MethodGet || cookieOnPost) {
			// The web pages' own streams and downloads: GET only, so a
			// cookie never authorises a change without the forms' CSRF check.
			header = "Bearer " + strings.Clone(cookie)
		}
		user, err := s.userFromHeader(ctx, header)
		if err == nil {
			err = s.allow(user, user.Department, *perm)
		}
		if err != nil {
			return err
		}
		c.SetUserContext(context.WithValue(ctx, userKey{}, user))
		return c.Next()
	}
}
