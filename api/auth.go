package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/golang-jwt/jwt/v5"

	"haoban"
)

// Tokens issues and verifies the HS256 bearer tokens that identify users.
type Tokens struct {
	secret []byte
	ttl    time.Duration
}

// NewTokens returns a token issuer with the given secret.
func NewTokens(secret string, ttl time.Duration) *Tokens {
	return &Tokens{secret: []byte(secret), ttl: ttl}
}

const issuer = "haoban"

// Issue returns a signed token for the user.
func (t *Tokens) Issue(userID string, now time.Time) (string, error) {
	claims := jwt.RegisteredClaims{Issuer: issuer, Subject: userID,
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(t.ttl))}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
}

// Verify returns the user ID a valid token names.
func (t *Tokens) Verify(token string) (string, error) {
	var claims jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithIssuer(issuer), jwt.WithExpirationRequired())
	if err != nil {
		return "", err
	}
	if claims.Subject == "" {
		return "", errors.New("token has no subject")
	}
	return claims.Subject, nil
}

// permission is what an operation requires: one of the actions on an
// object, checked by Casbin in the caller's own department. The handler then
// checks the resource itself (its department, its owner).
type permission struct {
	obj  string
	acts []string
}

const permissionKey = "permission"

type userKey struct{}

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
		user, err := s.userFromHeader(ctx, hctx.Header("Authorization"))
		if err == nil {
			err = s.allow(user, user.Department, perm)
		}
		if err != nil {
			writeErr(api, hctx, err)
			return
		}
		next(huma.WithValue(hctx, userKey{}, user))
	}
}

func (s *Server) userFromHeader(ctx context.Context, header string) (haoban.User, error) {
	token, found := strings.CutPrefix(header, "Bearer ")
	if !found || token == "" {
		return haoban.User{}, haoban.Errorf(haoban.EUNAUTHORIZED, "请先登录：缺少 Authorization: Bearer 令牌")
	}
	id, err := s.Tokens.Verify(token)
	if err != nil {
		return haoban.User{}, haoban.Errorf(haoban.EUNAUTHORIZED, "登录令牌无效或已过期，请重新登录")
	}
	if u, ok := s.users.Get(id); ok {
		return u, nil
	}
	user, err := s.Store.FindUser(ctx, id)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return haoban.User{}, haoban.Errorf(haoban.EUNAUTHORIZED, "令牌对应的用户不存在")
	} else if err != nil {
		return haoban.User{}, err
	}
	s.users.Put(user.ID, user)
	return user, nil
}

// allow checks through Casbin that the user may do one of perm's actions in
// a department.
func (s *Server) allow(user haoban.User, dept string, perm permission) error {
	for _, act := range perm.acts {
		ok, err := s.Authz.Allow(user.ID, dept, perm.obj, act)
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
	_ = huma.WriteErr(api, hctx, statusOf(haoban.ErrorCode(err)), haoban.ErrorMessage(err), err)
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
func (s *Server) fiberAuth(perm *permission) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx := c.UserContext()
		header := c.Get("Authorization")
		if token := c.Query("access_token"); header == "" && token != "" {
			// EventSource cannot set headers: streams take the token in the URL.
			header = "Bearer " + strings.Clone(token)
		} else if cookie := c.Cookies(tokenCookie); header == "" && cookie != "" && c.Method() == fiber.MethodGet {
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
