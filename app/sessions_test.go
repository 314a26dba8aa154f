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
