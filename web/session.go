package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/url"
	"strings"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/auth"
	"haoban/logging"
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
func (p *Pages) pageUser(c *fiber.Ctx) (haoban.User, auth.Claims, bool) {
	token := c.Cookies(tokenCookie)
	if token == "" {
		return haoban.User{}, auth.Claims{}, false
	}
	ctx := c.UserContext()
	user, claims, err := p.App.Sessions.Authenticate(ctx, logging.ClientAddr(ctx), "Bearer "+strings.Clone(token))
	return user, claims, err == nil
}

// page guards a web page: a visitor without a session goes to the sign-in
// page; a user whose role lacks one of the actions on obj sees a refusal;
// a form posted without its CSRF token is refused.
func (p *Pages) page(obj string, acts ...string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		user, _, ok := p.pageUser(c)
		if !ok {
			return c.Redirect(loginFor(c), fiber.StatusSeeOther)
		}
		if !p.allowed(user, obj, acts) {
			return p.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "无权访问", Error: "您的角色不能使用此页面。"})
		}
		c.SetUserContext(context.WithValue(c.UserContext(), userKey{}, user))
		if c.Method() == fiber.MethodPost && !validCSRF(c) {
			return p.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "请求已失效", Error: "表单已过期，请返回刷新页面后重试。"})
		}
		return c.Next()
	}
}

func (p *Pages) allowed(user haoban.User, obj string, acts []string) bool {
	for _, act := range acts {
		if ok, err := p.Authz.Allow(user, user.Department, obj, act); err == nil && ok {
			return true
		}
	}
	return false
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
func (p *Pages) loginPage(c *fiber.Ctx) error {
	data := pageData{Title: "登录", CSRF: csrfToken(c), Next: localPath(c.Query("next"))}
	if p.DevMode {
		users, err := p.App.Admin.Users(c.UserContext())
		if err != nil {
			return err
		}
		data.Users = users
	}
	return p.render(c, "login", data)
}

// login signs a person in: in dev mode as a demo user, otherwise with a
// token the identity system issued, kept in the cookie only once it is
// known to be valid. Failed sign-ins are limited per client and account.
func (p *Pages) login(c *fiber.Ctx) error {
	if !validCSRF(c) {
		return p.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "请求已失效", Error: "表单已过期，请刷新后重试。"})
	}
	ctx := c.UserContext()
	client, userID := logging.ClientAddr(ctx), strings.Clone(c.FormValue("user_id"))
	var token string
	var err error
	if p.DevMode && userID != "" {
		token, _, err = p.App.Sessions.SignInAs(ctx, client, userID)
	} else {
		token = strings.TrimSpace(strings.Clone(c.FormValue("token")))
		_, err = p.App.Sessions.SignInWithToken(ctx, client, token)
	}
	if err != nil {
		return p.showError(c, "登录失败", err)
	}
	// Max-Age rather than Expires: the browser counts it on its own clock,
	// so a service whose clock differs from the browser's keeps the session.
	c.Cookie(&fiber.Cookie{Name: tokenCookie, Value: token, Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int(p.App.Sessions.TTL().Seconds())})
	return c.Redirect(localPath(c.FormValue("next")), fiber.StatusSeeOther)
}

// loginFor is the sign-in page that returns to the page asked for; a form
// posted without a session returns to the home page instead.
func loginFor(c *fiber.Ctx) string {
	if c.Method() != fiber.MethodGet {
		return "/login"
	}
	return "/login?next=" + url.QueryEscape(localPath(c.OriginalURL()))
}

// localPath is the path and query of a URL, for a redirect that must stay
// on this site: "/" unless it is a plain path (no scheme, no host). Browsers read "/\evil" and
// "/\t/evil" as "//evil", another host, so a backslash, a control
// character or a doubled slash anywhere near the start sends one home.
func localPath(raw string) string {
	ref, err := url.Parse(raw)
	if err != nil || ref.Scheme != "" || ref.Host != "" || ref.User != nil {
		return "/"
	}
	p := ref.EscapedPath()
	decoded, err := url.PathUnescape(p)
	if err != nil || !strings.HasPrefix(decoded, "/") || strings.HasPrefix(decoded, "//") ||
		strings.ContainsAny(decoded, "\\") || strings.IndexFunc(decoded, unicode.IsControl) >= 0 ||
		strings.IndexFunc(ref.RawQuery, unicode.IsControl) >= 0 {
		return "/"
	}
	if ref.RawQuery != "" {
		p += "?" + ref.RawQuery
	}
	return p
}

// logout revokes the session's token, so that a copy of the cookie no
// longer works, and forgets the cookie. It needs no CSRF field: the token
// cookie is SameSite=Lax, never sent with another site's POST.
func (p *Pages) logout(c *fiber.Ctx) error {
	if _, claims, ok := p.pageUser(c); ok {
		if err := p.App.Sessions.SignOut(c.UserContext(), claims); err != nil {
			return err
		}
	}
	c.ClearCookie(tokenCookie)
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// home sends each role to where its work is.
func (p *Pages) home(c *fiber.Ctx) error {
	user, _, ok := p.pageUser(c)
	switch {
	case !ok:
		return c.Redirect("/login", fiber.StatusSeeOther)
	case user.HasRole(haoban.RoleReviewer):
		return c.Redirect("/inbox", fiber.StatusSeeOther)
	case user.HasRole(haoban.RoleSupervisor):
		return c.Redirect("/board", fiber.StatusSeeOther)
	case user.HasRole(haoban.RoleCatalogueAdmin), user.HasRole(haoban.RoleCatalogueEditor):
		return c.Redirect("/admin/catalogue", fiber.StatusSeeOther)
	case user.HasRole(haoban.RoleLeader):
		return c.Redirect("/staff/leaders", fiber.StatusSeeOther)
	case user.HasRole(haoban.RoleHelper):
		return c.Redirect("/helper", fiber.StatusSeeOther) // the help desk (pages_help_desk.go)
	case user.HasRole(haoban.RoleClerk):
		return c.Redirect("/window", fiber.StatusSeeOther) // 窗口代办 (pages_window.go)
	case user.HasRole(haoban.RoleHotline):
		// 12345's account hands tickets over through the API; it has no
		// pages of its own, and the guide is what its operators read.
		return c.Redirect("/guide", fiber.StatusSeeOther)
	}
	return c.Redirect("/cases", fiber.StatusSeeOther)
}
