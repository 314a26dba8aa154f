package app

import (
	"context"
	"strings"
	"time"

	"haoban"
	"haoban/auth"
)

// SessionStore keeps who may sign in, the revoked tokens and the counts of
// failed attempts.
type SessionStore interface {
	FindUser(ctx context.Context, id string) (haoban.User, error)
	Credential(ctx context.Context, userID, jti string) (haoban.Credential, error)
	RevokeToken(ctx context.Context, jti, userID string, expires, at time.Time) error
	Hit(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error)
	Hits(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error)
}

// TokenIssuer signs and checks bearer tokens (auth.Tokens).
type TokenIssuer interface {
	Issue(userID string, now time.Time) (string, error)
	Verify(token string, now time.Time) (auth.Claims, error)
	TTL() time.Duration
}

// Sessions sign people in and out and authenticate each request. Failed
// attempts are counted per client and per account in the store, so the
// limits hold however many API instances share the traffic.
type Sessions struct {
	Store  SessionStore
	Tokens TokenIssuer
	Time   haoban.TimeSource
}

// attemptLimit bounds failed attempts of one kind by one client or for one
// account within a window.
type attemptLimit struct {
	prefix string
	max    int
	window time.Duration
}

var (
	// Failed sign-ins, per client and per account named.
	loginPerClient  = attemptLimit{"login:client:", 10, 15 * time.Minute}
	loginPerAccount = attemptLimit{"login:account:", 10, 15 * time.Minute}
	// Requests with a token that is not valid, per client.
	authPerClient = attemptLimit{"auth:client:", 30, 10 * time.Minute}
)

func (l attemptLimit) refusal(until, at time.Time) error {
	e := haoban.Errorf(haoban.ERATELIMIT, "失败次数过多，请在 %d 分钟后再试", max(1, int(until.Sub(at).Round(time.Minute)/time.Minute)))
	e.RetryAfter = until.Sub(at)
	return e
}

// Authenticate accepts a bearer token of a user who is enabled now, not
// revoked by signing out. Every failure counts against the client.
func (s *Sessions) Authenticate(ctx context.Context, client, header string) (haoban.User, auth.Claims, error) {
	token, found := strings.CutPrefix(header, "Bearer ")
	if !found || token == "" {
		return haoban.User{}, auth.Claims{}, haoban.Errorf(haoban.EUNAUTHORIZED, "请先登录：缺少 Authorization: Bearer 令牌")
	}
	claims, err := s.Tokens.Verify(token, now(s.Time))
	if err != nil {
		return haoban.User{}, auth.Claims{}, s.failedAuth(ctx, client, "登录令牌无效或已过期，请重新登录")
	}
	cred, err := s.Store.Credential(ctx, claims.UserID, claims.ID)
	switch {
	case haoban.ErrorCode(err) == haoban.ENOTFOUND:
		return haoban.User{}, auth.Claims{}, s.failedAuth(ctx, client, "令牌对应的用户不存在")
	case err != nil:
		return haoban.User{}, auth.Claims{}, err
	case cred.Revoked:
		return haoban.User{}, auth.Claims{}, s.failedAuth(ctx, client, "已退出登录，请重新登录")
	case cred.User.Disabled || (cred.ValidAfter != nil && !claims.IssuedAt.After(*cred.ValidAfter)):
		return haoban.User{}, auth.Claims{}, s.failedAuth(ctx, client, "账号已停用或登录已失效，请联系管理员")
	}
	return cred.User, claims, nil
}

// failedAuth counts a request whose token was refused and answers 401, or
// 429 once the client has failed too often.
func (s *Sessions) failedAuth(ctx context.Context, client, msg string) error {
	if err := s.countFailure(ctx, authPerClient, client); err != nil {
		return err
	}
	return haoban.Errorf(haoban.EUNAUTHORIZED, "%s", msg)
}

// SignInAs issues a token for a demo user (dev mode only).
func (s *Sessions) SignInAs(ctx context.Context, client, userID string) (string, haoban.User, error) {
	if err := s.checkLogin(ctx, client, userID); err != nil {
		return "", haoban.User{}, err
	}
	user, err := s.Store.FindUser(ctx, userID)
	switch {
	case haoban.ErrorCode(err) == haoban.ENOTFOUND:
		return "", haoban.User{}, s.failedLogin(ctx, client, userID, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.user_id", "没有这个演示用户"))
	case err != nil:
		return "", haoban.User{}, err
	case user.Disabled:
		return "", haoban.User{}, s.failedLogin(ctx, client, userID, haoban.Errorf(haoban.EUNAUTHORIZED, "该账号已停用，请联系管理员"))
	}
	token, err := s.Tokens.Issue(user.ID, now(s.Time))
	return token, user, err
}

// SignInWithToken checks a token the identity system issued, for a page's
// sign-in form: refused tokens count as failed sign-ins.
func (s *Sessions) SignInWithToken(ctx context.Context, client, token string) (haoban.User, error) {
	if err := s.checkLogin(ctx, client, ""); err != nil {
		return haoban.User{}, err
	}
	user, _, err := s.Authenticate(ctx, client, "Bearer "+token)
	if haoban.ErrorCode(err) == haoban.EUNAUTHORIZED {
		return user, s.failedLogin(ctx, client, "", err)
	}
	if err != nil {
		// An outage is not a wrong answer: it does not count against the client.
		return user, err
	}
	return user, nil
}

// SignOut ends the session of a token for good, on every instance.
func (s *Sessions) SignOut(ctx context.Context, c auth.Claims) error {
	return s.Store.RevokeToken(ctx, c.ID, c.UserID, c.ExpiresAt, now(s.Time))
}

// TTL is how long a session lasts.
func (s *Sessions) TTL() time.Duration { return s.Tokens.TTL() }

// checkLogin refuses a sign-in while the client or the account named is at
// its limit: past it, even a right answer is refused, so guessing gains
// nothing.
func (s *Sessions) checkLogin(ctx context.Context, client, account string) error {
	if err := s.checkLimit(ctx, loginPerClient, client); err != nil {
		return err
	}
	if account == "" {
		return nil
	}
	return s.checkLimit(ctx, loginPerAccount, account)
}

// failedLogin counts a failed sign-in against the client and the account,
// and returns the refusal: cause, or 429 past a limit.
func (s *Sessions) failedLogin(ctx context.Context, client, account string, cause error) error {
	if err := s.countFailure(ctx, loginPerClient, client); err != nil {
		return err
	}
	if account != "" {
		if err := s.countFailure(ctx, loginPerAccount, account); err != nil {
			return err
		}
	}
	return cause
}

func (s *Sessions) checkLimit(ctx context.Context, l attemptLimit, who string) error {
	at := now(s.Time)
	hits, until, err := s.Store.Hits(ctx, l.prefix+who, at, l.window)
	if err != nil {
		return err
	}
	if hits >= l.max {
		return l.refusal(until, at)
	}
	return nil
}

func (s *Sessions) countFailure(ctx context.Context, l attemptLimit, who string) error {
	at := now(s.Time)
	hits, until, err := s.Store.Hit(ctx, l.prefix+who, at, l.window)
	if err != nil {
		return err
	}
	if hits > l.max {
		return l.refusal(until, at)
	}
	return nil
}
