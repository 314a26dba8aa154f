package api

import (
	"context"
	"time"

	"haoban"
)

// attemptLimit bounds failed attempts of one kind by one client or for one
// account within a window. The counts live in PostgreSQL, so the limits
// hold however many API instances share the traffic.
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

func (l attemptLimit) refusal(until, now time.Time) error {
	e := haoban.Errorf(haoban.ERATELIMIT, "失败次数过多，请在 %d 分钟后再试", max(1, int(until.Sub(now).Round(time.Minute)/time.Minute)))
	e.RetryAfter = until.Sub(now)
	return e
}

// checkLimit refuses an attempt while who's failures of this kind are at
// the limit: past it, even a right answer is refused, so guessing gains
// nothing.
func (s *Server) checkLimit(ctx context.Context, l attemptLimit, who string) error {
	now := s.now()
	hits, until, err := s.Store.Hits(ctx, l.prefix+who, now, l.window)
	if err != nil {
		return err
	}
	if hits >= l.max {
		return l.refusal(until, now)
	}
	return nil
}

// countFailure counts a failed attempt; it answers the refusal once the
// failures pass the limit.
func (s *Server) countFailure(ctx context.Context, l attemptLimit, who string) error {
	now := s.now()
	hits, until, err := s.Store.Hit(ctx, l.prefix+who, now, l.window)
	if err != nil {
		return err
	}
	if hits > l.max {
		return l.refusal(until, now)
	}
	return nil
}

// failedAuth counts a request whose token was refused and answers 401, or
// 429 once the client has failed too often.
func (s *Server) failedAuth(ctx context.Context, msg string) error {
	if err := s.countFailure(ctx, authPerClient, clientAddrFrom(ctx)); err != nil {
		return err
	}
	return haoban.Errorf(haoban.EUNAUTHORIZED, "%s", msg)
}

// checkLogin refuses a sign-in while the client or the account named is
// at its limit.
func (s *Server) checkLogin(ctx context.Context, account string) error {
	if err := s.checkLimit(ctx, loginPerClient, clientAddrFrom(ctx)); err != nil {
		return err
	}
	if account == "" {
		return nil
	}
	return s.checkLimit(ctx, loginPerAccount, account)
}

// failedLogin counts a failed sign-in against the client and the account,
// and returns the refusal: cause, or 429 past a limit.
func (s *Server) failedLogin(ctx context.Context, account string, cause error) error {
	if err := s.countFailure(ctx, loginPerClient, clientAddrFrom(ctx)); err != nil {
		return err
	}
	if account != "" {
		if err := s.countFailure(ctx, loginPerAccount, account); err != nil {
			return err
		}
	}
	return cause
}
