package app_test

import (
	"context"
	"testing"

	"haoban"
	"haoban/app"
)

func sessions(t *testing.T) (*app.Sessions, *store) {
	s := newStore()
	return &app.Sessions{Store: s, Tokens: tokens(), Time: clock}, s
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	t.Run("SignInAuthenticateSignOut", func(t *testing.T) {
		ss, _ := sessions(t)
		token, u, err := ss.SignInAs(ctx, "10.0.0.1", "li-na")
		if err != nil || u.ID != "li-na" {
			t.Fatalf("sign in: %v, %v", u, err)
		}
		user, claims, err := ss.Authenticate(ctx, "10.0.0.1", "Bearer "+token)
		if err != nil || user.ID != "li-na" {
			t.Fatalf("authenticate: %v, %v", user, err)
		}
		wantCode(t, ss.SignOut(ctx, claims), "")
		_, _, err = ss.Authenticate(ctx, "10.0.0.1", "Bearer "+token)
		wantCode(t, err, haoban.EUNAUTHORIZED)
	})
	t.Run("ErrNoToken", func(t *testing.T) {
		ss, _ := sessions(t)
		_, _, err := ss.Authenticate(ctx, "10.0.0.1", "")
		wantCode(t, err, haoban.EUNAUTHORIZED)
	})
	t.Run("ErrDisabledUser", func(t *testing.T) {
		ss, s := sessions(t)
		u := s.users["li-na"]
		u.Disabled = true
		s.users["li-na"] = u
		_, _, err := ss.SignInAs(ctx, "10.0.0.1", "li-na")
		wantCode(t, err, haoban.EUNAUTHORIZED)
	})
	t.Run("BadTokensLimitedPerClient", func(t *testing.T) {
		ss, _ := sessions(t)
		var codes []string
		for range 31 {
			_, _, err := ss.Authenticate(ctx, "10.0.0.2", "Bearer forged")
			codes = append(codes, haoban.ErrorCode(err))
		}
		if codes[29] != haoban.EUNAUTHORIZED || codes[30] != haoban.ERATELIMIT {
			t.Fatalf("codes %v: want 30 refusals, then the limit", codes)
		}
		if _, _, err := ss.Authenticate(ctx, "10.0.0.3", "Bearer forged"); haoban.ErrorCode(err) != haoban.EUNAUTHORIZED {
			t.Fatalf("another client is limited too: %v", err)
		}
	})
	t.Run("FailedSignInsLimitedPerAccount", func(t *testing.T) {
		ss, _ := sessions(t)
		for i := range 10 {
			_, _, err := ss.SignInAs(ctx, "10.1.0."+string(rune('a'+i)), "nobody")
			wantCode(t, err, haoban.EUNPROCESSABLE)
		}
		_, _, err := ss.SignInAs(ctx, "10.9.9.9", "nobody")
		var e *haoban.Error
		if wantCode(t, err, haoban.ERATELIMIT); !asError(err, &e) || e.RetryAfter <= 0 {
			t.Fatalf("no Retry-After: %v", err)
		}
	})
}

// SignInWithToken is the page's sign-in with a token the identity system
// issued: a refused token counts as a failed sign-in of the client.
func TestSignInWithToken(t *testing.T) {
	ctx := context.Background()
	issue := func(t *testing.T, user string) string {
		token, err := tokens().Issue(user, clock.T)
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	t.Run("OK", func(t *testing.T) {
		ss, s := sessions(t)
		u, err := ss.SignInWithToken(ctx, "10.0.0.1", issue(t, "reviewer-samr"))
		if err != nil || u.ID != "reviewer-samr" || s.hits["login:client:10.0.0.1"] != 0 {
			t.Fatalf("user %+v, %v, failures %v", u, err, s.hits)
		}
	})
	for _, tc := range []struct {
		name  string
		token func(t *testing.T, ss *app.Sessions, s *store) string
	}{
		{"ErrForged", func(*testing.T, *app.Sessions, *store) string { return "forged" }},
		{"ErrEmpty", func(*testing.T, *app.Sessions, *store) string { return "" }},
		{"ErrSignedOut", func(t *testing.T, ss *app.Sessions, s *store) string {
			token := issue(t, "li-na")
			_, claims, err := ss.Authenticate(ctx, "10.0.0.1", "Bearer "+token)
			wantCode(t, err, "")
			wantCode(t, ss.SignOut(ctx, claims), "")
			return token
		}},
		{"ErrDisabled", func(t *testing.T, _ *app.Sessions, s *store) string {
			u := s.users["li-na"]
			u.Disabled = true
			s.users["li-na"] = u
			return issue(t, "li-na")
		}},
		{"ErrUserGone", func(t *testing.T, _ *app.Sessions, s *store) string {
			token := issue(t, "li-na")
			delete(s.users, "li-na")
			return token
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss, s := sessions(t)
			_, err := ss.SignInWithToken(ctx, "10.0.0.1", tc.token(t, ss, s))
			wantCode(t, err, haoban.EUNAUTHORIZED)
			if s.hits["login:client:10.0.0.1"] != 1 {
				t.Fatalf("failures %v: want one failed sign-in counted", s.hits)
			}
		})
	}
	t.Run("ErrLimitedPerClient", func(t *testing.T) {
		// Past the limit even a good token is refused, so guessing gains nothing.
		ss, _ := sessions(t)
		for range 10 {
			_, err := ss.SignInWithToken(ctx, "10.0.0.9", "forged")
			wantCode(t, err, haoban.EUNAUTHORIZED)
		}
		_, err := ss.SignInWithToken(ctx, "10.0.0.9", issue(t, "li-na"))
		wantCode(t, err, haoban.ERATELIMIT)
		if u, err := ss.SignInWithToken(ctx, "10.0.0.10", issue(t, "li-na")); err != nil || u.ID != "li-na" {
			t.Fatalf("another client: %+v, %v", u, err)
		}
	})
}
