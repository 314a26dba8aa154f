// Package outbox delivers the notices queued in the transactional outbox:
// a Dispatcher claims due rows, hands them to their Channel (e-mail over
// SMTP, SMS through an HTTP provider) and records what happened: sent,
// tried again later with backoff, or dead with the provider's reason.
// Several dispatchers may run at once; each row is sent by one of them.
package outbox

import (
	"context"
	"errors"
	"time"

	"haoban"
)

// Store is the outbox's storage (postgres.Store).
type Store interface {
	// ClaimNotices leases up to limit due rows of the channels until
	// leaseEnd, skipping rows another dispatcher holds.
	ClaimNotices(ctx context.Context, channels []haoban.NoticeChannel, now, leaseEnd time.Time, limit int) ([]haoban.OutboxNotice, error)
	// RecordOutcomes records results; rows claimed again since are left alone.
	RecordOutcomes(ctx context.Context, outcomes []haoban.OutboxOutcome) error
}

// Channel hands notices to a provider.
type Channel interface {
	Name() haoban.NoticeChannel
	// Send tries the notices in order and returns one Result for each.
	// Before starting each notice after the first it asks more(); once
	// more() says no, the rest are Untried. A notice already handed to the
	// provider is finished whatever happens to ctx's parent, since
	// abandoning it midway could leave it accepted but not recorded.
	Send(ctx context.Context, notices []haoban.OutboxNotice, more func() bool) []Result
}

// Result is what became of one notice handed to a channel.
type Result struct {
	// ProviderID is the provider's name for the message: the SMTP
	// Message-ID, the SMS provider's message ID.
	ProviderID string
	// Err is nil when the provider accepted the notice. A Permanent error
	// sends it to dead letters; any other is tried again later.
	Err error
	// Untried notices were not handed to the provider at all.
	Untried bool
}

// untried is a result for every notice, none of them tried yet.
func untried(n int) []Result {
	res := make([]Result, n)
	for i := range res {
		res[i].Untried = true
	}
	return res
}

// permanent marks an error that trying again cannot fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as one that trying again cannot fix: a refused
// address, a provider's 4xx, an SMTP 5yz reply.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}
