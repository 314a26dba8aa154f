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

func (s *Server) login(c *fiber.Ctx) error {
	if !validCSRF(c) {
		return s.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "请求已失效", Error: "表单已过期，请刷新后重试。"})
	}
	var token string
	if s.DevMode && c.FormValue("user_id") != "" {
		user, err := s.Store.FindUser(c.UserContext(), c.FormValue("user_id"))
		if err != nil {
			return s.render(c.Status(fiber.StatusUnprocessableEntity), "error", pageData{Title: "登录失败", Error: "没有这个演示用户。"})
		}
		if token, err = s.Tokens.Issue(user.ID, s.now()); err != nil {
			return err
		}
	} else {
		// A token from the identity system that issues them, kept in the
		// cookie only once it is known to be valid.
		token = strings.TrimSpace(strings.Clone(c.FormValue("token")))
		if _, err := s.userFromHeader(c.UserContext(), "Bearer "+token); err != nil {
			return s.render(c.Status(fiber.StatusUnauthorized), "error", pageData{Title: "登录失败", Error: errorText(err)})
		}
	}
	c.Cookie(&fiber.Cookie{Name: tokenCookie, Value: token, Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: s.now().Add(s.Tokens.ttl)})
	return c.Redirect("/", fiber.StatusSeeOther)
}

func (s *Server) logout(c *fiber.Ctx) error {
	c.ClearCookie(tokenCookie)
	return c.Redirect("/login", fiber.StatusSeeOther)
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
