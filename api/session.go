package api

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// The web pages keep the bearer token in an HttpOnly cookie, and protect
// their forms with a double-submit CSRF token: a second cookie whose value
// every form repeats in a hidden field.
const (
	tokenCookie = "haoban_token"
	csrfCookie  = "haoban_csrf"
	csrfField   = "csrf"
)

// pageUser reads the signed-in user from the cookie; ok is false without one.
func (s *Server) pageUser(c *fiber.Ctx) (haoban.User, bool) {
	token := c.Cookies(tokenCookie)
	if token == "" {
		return haoban.User{}, false
	}
	user, err := s.userFromHeader(c.UserContext(), "Bearer "+strings.Clone(token))
	return user, err == nil
}

// page guards a web page: a visitor without a session goes to the sign-in
// page; a user whose role lacks the permission sees a refusal.
func (s *Server) page(perm *permission) fiber.Handler {
	return func(c *fiber.Ctx) error {
		user, ok := s.pageUser(c)
		if !ok {
			return c.Redirect("/login", fiber.StatusSeeOther)
		}
		if err := s.allow(user, user.Department, *perm); err != nil {
			return s.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "无权访问", Error: "您的角色不能使用此页面。"})
		}
		ctx := context.WithValue(c.UserContext(), userKey{}, user)
		c.SetUserContext(ctx)
		if c.Method() == fiber.MethodPost && !validCSRF(c) {
			return s.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "请求已失效", Error: "表单已过期，请返回刷新页面后重试。"})
		}
		return c.Next()
	}
}

// csrfToken returns the visitor's CSRF token, setting the cookie first.
func csrfToken(c *fiber.Ctx) string {
	if t := c.Cookies(csrfCookie); len(t) == 32 {
		return strings.Clone(t)
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	t := hex.EncodeToString(b)
	c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: t, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode})
	return t
}

func validCSRF(c *fiber.Ctx) bool {
	// An upload's body is a stream the handler reads once: its token rides
	// in the URL, never parsed from the body here.
	field := c.Query(csrfField)
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) && field == "" {
		field = c.FormValue(csrfField)
	}
	cookie := c.Cookies(csrfCookie)
	return cookie != "" && subtle.ConstantTimeCompare([]byte(cookie), []byte(field)) == 1
}

// loginPage lists the demo users in dev mode; elsewhere sign-in belongs to
// the identity system that issues tokens.
func (s *Server) loginPage(c *fiber.Ctx) error {
	data := pageData{Title: "登录", CSRF: csrfToken(c)}
	if s.DevMode {
		users, err := s.Store.ListUsers(c.UserContext())
		if err != nil {
			return err
		}
		data.Users = users
	}
	return s.render(c, "login", data)
}

// login signs a person in: in dev mode as a demo user, otherwise with a
// token the identity system issued, kept in the cookie only once it is
// known to be valid. Failed sign-ins are limited per client and account.
func (s *Server) login(c *fiber.Ctx) error {
	if !validCSRF(c) {
		return s.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "请求已失效", Error: "表单已过期，请刷新后重试。"})
	}
	ctx := c.UserContext()
	userID := strings.Clone(c.FormValue("user_id"))
	var token string
	var err error
	if s.DevMode && userID != "" {
		token, _, err = s.signInAs(ctx, userID)
	} else if err = s.checkLogin(ctx, ""); err == nil {
		token = strings.TrimSpace(strings.Clone(c.FormValue("token")))
		if _, err = s.userFromHeader(ctx, "Bearer "+token); err != nil {
			err = s.failedLogin(ctx, "", err)
		}
	}
	if err != nil {
		return s.pageError(c, "登录失败", err)
	}
	c.Cookie(&fiber.Cookie{Name: tokenCookie, Value: token, Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: s.now().Add(s.Tokens.ttl)})
	return c.Redirect("/", fiber.StatusSeeOther)
}

// signInAs issues a token for a demo user (dev mode only).
func (s *Server) signInAs(ctx context.Context, userID string) (string, haoban.User, error) {
	if err := s.checkLogin(ctx, userID); err != nil {
		return "", haoban.User{}, err
	}
	user, err := s.Store.FindUser(ctx, userID)
	switch {
	case haoban.ErrorCode(err) == haoban.ENOTFOUND:
		return "", haoban.User{}, s.failedLogin(ctx, userID, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.user_id", "没有这个演示用户"))
	case err != nil:
		return "", haoban.User{}, err
	case user.Disabled:
		return "", haoban.User{}, s.failedLogin(ctx, userID, haoban.Errorf(haoban.EUNAUTHORIZED, "该账号已停用，请联系管理员"))
	}
	token, err := s.Tokens.Issue(user.ID, s.now())
	return token, user, err
}

// logout revokes the session's token, so that a copy of the cookie no
// longer works, and forgets the cookie. It needs no CSRF field: the token
// cookie is SameSite=Lax, never sent with another site's POST.
func (s *Server) logout(c *fiber.Ctx) error {
	if token := c.Cookies(tokenCookie); token != "" {
		ctx := c.UserContext()
		if _, claims, err := s.credential(ctx, "Bearer "+strings.Clone(token)); err == nil {
			if err := s.Store.RevokeToken(ctx, claims.ID, claims.UserID, claims.ExpiresAt, s.now()); err != nil {
				return err
			}
		}
	}
	c.ClearCookie(tokenCookie)
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// pageError shows what went wrong on a page with the error's status, and
// when to come back after too many attempts.
func (s *Server) pageError(c *fiber.Ctx, title string, err error) error {
	body := errorBody(c.UserContext(), statusOf(haoban.ErrorCode(err)), "unexpected error", err)
	for k, v := range body.GetHeaders() {
		c.Set(k, v[0])
	}
	return s.render(c.Status(body.status), "error", pageData{Title: title, Error: body.Info.Message})
}

// home sends each role to where its work is.
func (s *Server) home(c *fiber.Ctx) error {
	user, ok := s.pageUser(c)
	switch {
	case !ok:
		return c.Redirect("/login", fiber.StatusSeeOther)
	case user.HasRole(haoban.RoleReviewer):
		return c.Redirect("/inbox", fiber.StatusSeeOther)
	case user.HasRole(haoban.RoleSupervisor):
		return c.Redirect("/board", fiber.StatusSeeOther)
	}
	return c.Redirect("/cases", fiber.StatusSeeOther)
}
