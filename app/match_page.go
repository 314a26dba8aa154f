package app

import (
	"context"
	"errors"
	"time"

	"haoban"
	"haoban/rules"
	"haoban/workflows"
)

// MatchChunk is how many keys a matching run reads in one query. A page
// is read, decided and recorded a chunk at a time, the three stages
// overlapping: while one chunk's matches are written, the next is decided
// and the one after is read, so that a page takes about as long as its
// slowest stage rather than the sum of the three (BenchmarkPolicyMatch).
const MatchChunk = 5000

// MatchPage decides the policy for one page of the population after
// in.Cursor, through a PolicyDecider as the self-check does, and records
// each chunk's matches with the cursor moved (the matching run's
// activity). Chunks start at in.Cursor and hold min(in.Limit, MatchChunk)
// keys, so a retried page cuts the same chunks, and those an earlier
// attempt recorded find the cursor moved and insert nothing. now marks
// the run finished when the page is the last. progress, if not nil, hears
// the cursor after each chunk recorded.
func MatchPage(ctx context.Context, store MatchStore, e *rules.Engine, in workflows.MatchPageInput, now time.Time,
	progress func(cursor string)) (workflows.MatchPageResult, error) {
	v, err := store.FindPolicyVersion(ctx, in.Policy, in.Version)
	if err != nil {
		return workflows.MatchPageResult{}, err
	}
	p := v.Body
	if !Matchable(e, p) {
		return workflows.MatchPageResult{}, haoban.Errorf(haoban.EUNPROCESSABLE, "政策「%s」无法自动匹配", p.Name)
	}
	m := pageMatcher{e: e, policy: p, decider: NewPolicyDecider(e, p), needs: (&Policies{Engine: e}).needs(p), in: in}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	decided := m.decideAll(ctx, readChunks(ctx, cancel, store, p.For, in))
	res := workflows.MatchPageResult{Next: in.Cursor}
	var failed error
	for c := range decided {
		if ctx.Err() != nil {
			break
		}
		var finished time.Time
		if c.last {
			finished = now
		}
		n, err := store.RecordMatchPage(ctx, in.RunID, c.after, c.next, len(c.subjects), c.matches, finished)
		if err != nil {
			failed = err
			break
		}
		res.Next, res.Read, res.Matched, res.Done = c.next, res.Read+len(c.subjects), res.Matched+n, c.last
		if progress != nil {
			progress(c.next)
		}
	}
	cancel(errPageDone) // stops the stages if the page stopped early
	for range decided {
	}
	if failed != nil {
		return res, failed
	}
	// A failed read, or the activity cancelled, cancelled ctx first.
	if err := context.Cause(ctx); err != errPageDone {
		return res, err
	}
	return res, nil
}

// errPageDone ends a page's stages.
var errPageDone = errors.New("page done")

// matchChunk is a chunk of a page: the keys after after up to next, and
// once decided, their matches. last is the population's last chunk.
type matchChunk struct {
	after, next string
	subjects    []matchSubject
	matches     []haoban.PolicyMatch
	last        bool
}

// matchSubject is one person or enterprise of a page, as the rules see it.
type matchSubject struct {
	key, name string
	applicant map[string]any
	sources   map[string]any
}

// readChunks reads a page's chunks in order, one ahead of the stage that
// takes them. A failed read cancels ctx with its error.
func readChunks(ctx context.Context, cancel context.CancelCauseFunc, store MatchStore, kind haoban.Audience,
	in workflows.MatchPageInput) <-chan matchChunk {
	out := make(chan matchChunk, 1)
	go func() {
		defer close(out)
		after, left := in.Cursor, in.Limit
		for left > 0 {
			n := min(left, MatchChunk)
			subjects, err := readSubjects(ctx, store, kind, after, n)
			if err != nil {
				cancel(err)
				return
			}
			c := matchChunk{after: after, next: after, subjects: subjects, last: len(subjects) < n}
			if len(subjects) > 0 {
				c.next = subjects[len(subjects)-1].key
			}
			select {
			case out <- c:
			case <-ctx.Done():
				return
			}
			if c.last {
				return
			}
			after, left = c.next, left-n
		}
	}()
	return out
}

// readSubjects reads up to limit persons or enterprises after a key.
func readSubjects(ctx context.Context, store MatchStore, kind haoban.Audience, after string, limit int) ([]matchSubject, error) {
	var subjects []matchSubject
	switch kind {
	case haoban.ForPersons:
		rows, err := store.PersonFactsPage(ctx, after, limit)
		if err != nil {
			return nil, err
		}
		subjects = make([]matchSubject, len(rows))
		for i, f := range rows {
			subjects[i] = matchSubject{key: f.Resident.IDNumber, name: f.Resident.Name,
				applicant: map[string]any{"id_number": f.Resident.IDNumber}, sources: f.Sources()}
		}
	case haoban.ForEnterprises:
		rows, err := store.EnterpriseFactsPage(ctx, after, limit)
		if err != nil {
			return nil, err
		}
		subjects = make([]matchSubject, len(rows))
		for i, f := range rows {
			subjects[i] = matchSubject{key: f.Enterprise.USCC, name: f.Enterprise.Name,
				applicant: map[string]any{"uscc": f.Enterprise.USCC}, sources: f.Sources()}
		}
	}
	return subjects, nil
}

// pageMatcher is a policy made ready to decide a page's chunks.
type pageMatcher struct {
	e       *rules.Engine
	policy  haoban.Policy
	decider PolicyDecider
	needs   []string // the data needs, kept with each match as its grounds
	in      workflows.MatchPageInput
}

// decideAll decides each chunk read, in order, one ahead of the stage
// that records them.
func (m pageMatcher) decideAll(ctx context.Context, chunks <-chan matchChunk) <-chan matchChunk {
	out := make(chan matchChunk, 1)
	go func() {
		defer close(out)
		for c := range chunks {
			c.matches = m.decide(c.subjects)
			select {
			case out <- c:
			case <-ctx.Done():
				for range chunks { // let the reader end
				}
				return
			}
		}
	}()
	return out
}

func (m pageMatcher) decide(subjects []matchSubject) []haoban.PolicyMatch {
	var ms []haoban.PolicyMatch
	for _, sub := range subjects {
		facts := m.e.Facts(rules.Input{Applicant: sub.applicant, Sources: sub.sources, Today: m.in.At})
		c := m.decider.Decide(facts, sub.name)
		if !c.Qualifies {
			continue
		}
		used := make(map[string]any, len(m.needs))
		for _, k := range m.needs {
			if val, ok := sub.sources[k]; ok {
				used[k] = val
			}
		}
		ms = append(ms, haoban.PolicyMatch{Policy: m.policy.Code, Version: m.in.Version, Period: m.in.Period,
			Beneficiary: sub.key, Kind: m.policy.For, Name: sub.name, Amount: c.Amount, Facts: used,
			MatchedAt: m.in.At, RunID: m.in.RunID})
	}
	return ms
}
