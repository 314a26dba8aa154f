package api

import (
	"context"
	"fmt"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/auth"
	"haoban/httpx"
	"haoban/logging"
)

// permission is what an operation requires: one of the actions on an
// object, checked by Casbin in the caller's own department. The use case
// then checks the resource itself (its department, its owner).
type permission struct {
	obj  string
	acts []string
}

const permissionKey = "permission"

type userKey struct{}

type claimsKey struct{}

// userFrom returns the signed-in user; authenticate put it there.
func userFrom(ctx context.Context) haoban.User {
	u, _ := ctx.Value(userKey{}).(haoban.User)
	return u
}

// claimsFrom returns the claims of the token the request was signed in
// with, which signing out revokes.
func claimsFrom(ctx context.Context) auth.Claims {
	c, _ := ctx.Value(claimsKey{}).(auth.Claims)
	return c
}

// request is who asks and from where, for the use cases.
func request(ctx context.Context) app.Request {
	return app.Request{User: userFrom(ctx), RequestID: logging.RequestID(ctx), ClientAddr: logging.ClientAddr(ctx)}
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
		user, claims, err := s.App.Sessions.Authenticate(ctx, logging.ClientAddr(ctx), hctx.Header("Authorization"))
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

func writeErr(api huma.API, hctx huma.Context, err error) {
	for k, v := range httpx.RetryHeaders(err) {
		hctx.SetHeader(k, v[0])
	}
	_ = huma.WriteErr(api, hctx, httpx.Status(haoban.ErrorCode(err)), haoban.ErrorMessage(err), err)
}

// tokenCookie is the web pages' session cookie: the streams and downloads
// the pages open take it too.
const tokenCookie = "haoban_token"

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
		user, _, err := s.App.Sessions.Authenticate(ctx, logging.ClientAddr(ctx), header)
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
