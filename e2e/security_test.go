package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// rawRequest writes a request's head and then up to bodyBytes of its body
// (in 32 KB chunks when the head says it is chunked) on a connection of its
// own, and reads the status line of the answer. The server must answer
// before the body ends: it never reads it.
func (s *system) rawRequest(t *testing.T, head string, bodyBytes int) (status string, answer string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	chunk := []byte(strings.Repeat("a", 32<<10))
	if strings.Contains(head, "chunked") {
		chunk = []byte("8000\r\n" + strings.Repeat("a", 32<<10) + "\r\n")
	}
	for sent := 0; sent < bodyBytes; sent += len(chunk) {
		if _, err := conn.Write(chunk); err != nil {
			break // the server answered and closed: it did not read on
		}
	}
	r := bufio.NewReader(conn)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	rest, _ := io.ReadAll(io.LimitReader(r, 8<<10))
	return strings.TrimSpace(line), string(rest)
}

// Finding 1: an oversized body is refused with 413 before it is read, on
// the sign-in form and on the JSON API, with a known length or chunked;
// the server's memory does not grow with what is sent.
func TestOversizedBodiesAreRefusedUnread(t *testing.T) {
	s := startSystem(t)
	token := s.login("li-na")
	for _, tc := range []struct{ name, head string }{
		{"SignInForm", "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 33554432\r\n\r\n"},
		{"JSON", "POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
			"\r\nContent-Type: application/json\r\nIdempotency-Key: big\r\nContent-Length: 209715200\r\n\r\n"},
		{"Chunked", "POST /api/v1/drafts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
			"\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, rest := s.rawRequest(t, tc.head, 256<<10)
			if !strings.Contains(status, " 413 ") {
				t.Fatalf("answered %q, want 413: %.300s", status, rest)
			}
		})
	}
	t.Run("MemoryStaysFlat", func(t *testing.T) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := range 4 {
			s.rawRequest(t, fmt.Sprintf("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
				"Content-Length: %d\r\n\r\n", 32<<20), 32<<20)
			_ = i
		}
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 32<<20 {
			t.Fatalf("sending 4 bodies of 32 MB allocated %d MB in the server", grew>>20)
		}
	})
}

// Finding 2: failed authentications and sign-ins are limited per client
// and per account, with 429 and Retry-After, across API instances.
func TestFailedAttemptsAreLimited(t *testing.T) {
	s := startSystem(t)
	second := serve(t, s.store, s.temporal, s.dbURL) // another API instance on the same database
	t.Run("BadTokens", func(t *testing.T) {
		var statuses []int
		for i := range 40 {
			target := s
			if i%2 == 1 {
				target = second
			}
			r := target.call("GET", "/api/v1/cases", "bad-token-"+strconv.Itoa(i), nil)
			statuses = append(statuses, r.status)
			if r.status == 429 {
				checkRetryAfter(t, target, "/api/v1/cases", r)
			}
		}
		if statuses[0] != 401 || statuses[29] != 401 || statuses[30] != 429 || statuses[39] != 429 {
			t.Fatalf("statuses = %v; want 401 thirty times over both instances, then 429", statuses)
		}
	})
	t.Run("FailedSignInsPerAccount", func(t *testing.T) {
		// Each attempt from a client of its own: only the account's limit applies.
		for i := range 10 {
			r := s.from(t, 10+i).call("POST", "/api/v1/dev/login", "", map[string]string{"user_id": "nobody"})
			if r.status != 422 {
				t.Fatalf("attempt %d: %d %s", i+1, r.status, r.raw)
			}
		}
		if r := s.from(t, 30).call("POST", "/api/v1/dev/login", "", map[string]string{"user_id": "nobody"}); r.status != 429 || r.code() != "ERATELIMIT" {
			t.Fatalf("the 11th failure for one account: %d %s", r.status, r.raw)
		}
	})
	t.Run("FailedSignInsPerClient", func(t *testing.T) {
		c := s.from(t, 40)
		for i := range 10 {
			if r := c.call("POST", "/api/v1/dev/login", "", map[string]string{"user_id": fmt.Sprintf("guess-%d", i)}); r.status != 422 {
				t.Fatalf("attempt %d: %d %s", i+1, r.status, r.raw)
			}
		}
		// Past the limit even a right sign-in is refused: guessing gains nothing.
		if r := c.call("POST", "/api/v1/dev/login", "", map[string]string{"user_id": "li-na"}); r.status != 429 {
			t.Fatalf("a sign-in from a client past its limit: %d %s", r.status, r.raw)
		}
		if r := s.from(t, 41).call("POST", "/api/v1/dev/login", "", map[string]string{"user_id": "li-na"}); r.status != 200 {
			t.Fatalf("another client is not limited: %d %s", r.status, r.raw)
		}
	})
}

func checkRetryAfter(t *testing.T, s *system, path string, r response) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.base+path, nil)
	req.Header.Set("Authorization", "Bearer bad")
	resp, err := s.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || n < 1 {
		t.Fatalf("Retry-After = %q on %d", resp.Header.Get("Retry-After"), resp.StatusCode)
	}
	if r.code() != "ERATELIMIT" || r.requestID == "" {
		t.Fatalf("refusal: %s", r.raw)
	}
}

// from is the system as a client at 127.0.0.n sees it.
func (s *system) from(t *testing.T, n int) *system {
	t.Helper()
	local := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(n))}
	c := *s
	c.http = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DialContext: (&net.Dialer{LocalAddr: local}).DialContext}}
	return &c
}

// Finding 3: a change to a user's roles or department takes effect on
// their next request, on every API instance.
func TestRoleChangesTakeEffectAtOnce(t *testing.T) {
	s := startSystem(t)
	second := serve(t, s.store, s.temporal, s.dbURL)
	token := s.login("reviewer-samr")
	s.must(200, s.call("GET", "/api/v1/tasks?status=open", token, nil))
	second.must(200, second.call("GET", "/api/v1/tasks?status=open", token, nil))
	if _, err := s.store.Pool().Exec(context.Background(), `UPDATE users SET roles = '{}' WHERE id = 'reviewer-samr'`); err != nil {
		t.Fatal(err)
	}
	s.must(403, s.call("GET", "/api/v1/tasks?status=open", token, nil))
	second.must(403, second.call("GET", "/api/v1/tasks?status=open", token, nil))

	id := s.newbornCase(s.login("li-na"), "moved")
	health := s.login("reviewer-health")
	s.waitCase(health, id, "the birth certificate opens", func(c map[string]any) bool { return taskStatus(c, "birth-certificate") == "open" })
	if _, err := s.store.Pool().Exec(context.Background(), `UPDATE users SET department = 'fire' WHERE id = 'reviewer-health'`); err != nil {
		t.Fatal(err)
	}
	if r := second.call("POST", "/api/v1/tasks/"+taskID(id, "birth-certificate")+"/claim", health, nil); r.status != 403 {
		t.Fatalf("a reviewer moved to another department claimed: %d %s", r.status, r.raw)
	}
}

// Finding 4: signing out revokes the session's token, in a copied cookie
// too; an admin disabling a user ends every token they hold.
func TestSignOutAndDisablingRevokeTokens(t *testing.T) {
	s := startSystem(t)
	t.Run("PageSignOut", func(t *testing.T) {
		b := s.browse(t, "li-na")
		u, _ := url.Parse(s.base)
		var token string
		for _, c := range b.http.Jar.Cookies(u) {
			if c.Name == "haoban_token" {
				token = c.Value
			}
		}
		s.must(200, s.call("GET", "/api/v1/cases", token, nil))
		b.post("/logout", url.Values{}, 200)
		if r := s.call("GET", "/api/v1/cases", token, nil); r.status != 401 {
			t.Fatalf("the cookie's token works after signing out: %d", r.status)
		}
		replay := s.browse(t, "zhang-wei")
		replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: "haoban_token", Value: token, Path: "/"}})
		if page := replay.get("/cases", 200); !strings.Contains(page, "演示用户") {
			t.Fatalf("a replayed cookie opened a page after signing out: %.300s", page)
		}
	})
	t.Run("APISignOut", func(t *testing.T) {
		token := s.login("zhang-wei")
		s.must(204, s.call("POST", "/api/v1/logout", token, nil))
		s.must(401, s.call("GET", "/api/v1/cases", token, nil))
	})
	t.Run("DisabledUser", func(t *testing.T) {
		admin, token := s.login("admin"), s.login("reviewer-fire")
		s.must(403, s.call("POST", "/api/v1/admin/users/reviewer-fire/disable", s.login("supervisor"), map[string]string{"reason": "离职"}))
		s.must(200, s.call("POST", "/api/v1/admin/users/reviewer-fire/disable", admin, map[string]string{"reason": "离职"}))
		s.must(401, s.call("GET", "/api/v1/tasks", token, nil))
		s.must(401, s.call("POST", "/api/v1/dev/login", "", map[string]string{"user_id": "reviewer-fire"}))
		s.must(200, s.call("POST", "/api/v1/admin/users/reviewer-fire/enable", admin, map[string]string{"reason": "返岗"}))
		s.must(401, s.call("GET", "/api/v1/tasks", token, nil)) // a token from before stays ended
		s.must(200, s.call("GET", "/api/v1/tasks", s.login("reviewer-fire"), nil))
	})
}

// Finding 5: a token for another system, or from another issuer, is refused.
func TestTokenIssuerAndAudienceAreChecked(t *testing.T) {
	s := startSystem(t)
	sign := func(iss string, aud []string) string {
		now := time.Now()
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{Issuer: iss, Audience: aud, Subject: "li-na",
			ID: "jti-" + iss + strings.Join(aud, ","), IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}).
			SignedString([]byte("test-secret-test-secret-test-secret"))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	for _, tc := range []struct {
		name string
		iss  string
		aud  []string
		want int
	}{
		{"OK", "haoban", []string{"haoban"}, 200},
		{"ErrOtherAudience", "haoban", []string{"payroll"}, 401},
		{"ErrNoAudience", "haoban", nil, 401},
		{"ErrOtherIssuer", "elsewhere", []string{"haoban"}, 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.must(tc.want, s.call("GET", "/api/v1/cases", sign(tc.iss, tc.aud), nil))
		})
	}
}

// Finding 6: signing in returns to the page asked for, and only to a path
// on this site.
func TestSignInReturnsOnlyOnSite(t *testing.T) {
	s := startSystem(t)
	jar, _ := cookiejar.New(nil)
	noFollow := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(s.base + "/cases?mine=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Location"); got != "/login?next=%2Fcases%3Fmine%3D1" {
		t.Errorf("a signed-out visit to /cases goes to %q", got)
	}
	login := (&browser{t: t, s: s, http: noFollow}).get("/login?next=%2Fcases%3Fmine%3D1", 200)
	if !strings.Contains(login, `name="next" value="/cases?mine=1"`) {
		t.Errorf("the sign-in page forgets where to return: %.600s", login)
	}
	csrf := field(t, login, "csrf")
	for next, want := range map[string]string{
		"/%5Cevil.example/x":   "/",
		"/%09/evil.example/x":  "/",
		"//evil.example/x":     "/",
		"https://evil.example": "/",
		"/cases?x=1":           "/cases?x=1",
	} {
		resp, err := noFollow.PostForm(s.base+"/login", url.Values{"csrf": {csrf}, "user_id": {"li-na"}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("next %s: Location %q, want %q", next, got, want)
		}
	}
}

// Finding 11: no framing of pages, no sniffing, no caching of personal data.
func TestSecurityHeaders(t *testing.T) {
	s := startSystem(t)
	id := s.newbornCase(s.login("li-na"), "headers")
	get := func(path, token string) http.Header {
		req, _ := http.NewRequest("GET", s.base+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := s.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header
	}
	page := get("/login", "")
	if page.Get("X-Frame-Options") != "DENY" || !strings.Contains(page.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("the sign-in page may be framed: %v", page)
	}
	for _, path := range []string{"/api/v1/cases/" + id, "/api/v1/licences", "/login", "/api/v1/nothing"} {
		h := get(path, s.login("li-na"))
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: nosniff %q, cache %q", path, h.Get("X-Content-Type-Options"), h.Get("Cache-Control"))
		}
	}
}
