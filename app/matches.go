package app

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/rules"
	"haoban/workflows"
)

// MatchStore reads the population a page at a time and keeps the matching
// runs and their matches (postgres.Store).
type MatchStore interface {
	FindPolicyVersion(ctx context.Context, policy string, version int) (haoban.PolicyVersion, error)
	PoliciesInForce(ctx context.Context, at time.Time) ([]haoban.Policy, error)
	ListPolicyVersions(ctx context.Context) ([]haoban.PolicyVersion, error)
	PersonFactsPage(ctx context.Context, after string, limit int) ([]haoban.PersonFacts, error)
	EnterpriseFactsPage(ctx context.Context, after string, limit int) ([]haoban.EnterpriseFacts, error)
	RecordMatchPage(ctx context.Context, runID, after, next string, read int, ms []haoban.PolicyMatch, finished time.Time) (int, error)
	StartPolicyRun(ctx context.Context, r haoban.PolicyRun) error
	FindPolicyRun(ctx context.Context, runID string) (haoban.PolicyRun, error)
	ListPolicyMatches(ctx context.Context, policy string, page haoban.PageRequest) ([]haoban.PolicyMatch, string, error)
}

// MatchStarter starts a matching run's workflow (workflows.Client).
type MatchStarter interface {
	StartMatch(ctx context.Context, in workflows.MatchInput) error
}

// Matches are the matching runs (精准匹配): started by the catalogue
// admin, each evaluating one policy over the whole population.
type Matches struct {
	Store  MatchStore
	Flow   MatchStarter
	Authz  Authorizer
	Engine *rules.Engine
	Time   haoban.TimeSource
}

// Start starts a run of the policy version in force over its period. A
// policy whose rules read a fact no registry holds cannot be matched.
// deliver starts the benefit cases of the period's matches when the run
// is done; without it the matches wait for a later run.
func (s *Matches) Start(ctx context.Context, r Request, code string, deliver bool) (haoban.PolicyRun, error) {
	if !can(s.Authz, r.User, "*", "policy", "match") {
		return haoban.PolicyRun{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以发起政策匹配")
	}
	at := now(s.Time)
	v, err := s.inForce(ctx, code, at)
	if err != nil {
		return haoban.PolicyRun{}, err
	}
	if !Matchable(s.Engine, v.Body) {
		return haoban.PolicyRun{}, haoban.Errorf(haoban.EUNPROCESSABLE, "政策「%s」的条件读取了没有共享的数据，无法自动匹配", v.Body.Name)
	}
	run, in, err := s.record(ctx, v, at)
	if err != nil {
		return run, err
	}
	in.Deliver = deliver
	return run, s.Flow.StartMatch(ctx, in)
}

// PlanDaily records a run of every matchable policy in force, for the
// daily schedule to start (the MatchDaily workflow's activity).
func (s *Matches) PlanDaily(ctx context.Context, at time.Time) ([]workflows.MatchInput, error) {
	vs, err := s.Store.ListPolicyVersions(ctx)
	if err != nil {
		return nil, err
	}
	var ins []workflows.MatchInput
	for _, code := range policyCodes(vs) {
		v, err := s.inForce(ctx, code, at)
		if haoban.ErrorCode(err) == haoban.ENOTFOUND || err == nil && !Matchable(s.Engine, v.Body) {
			continue
		}
		if err != nil {
			return nil, err
		}
		_, in, err := s.record(ctx, v, at)
		if err != nil {
			return nil, err
		}
		in.Deliver = true
		ins = append(ins, in)
	}
	return ins, nil
}

// record records a new run of a policy version and returns its workflow's
// input.
func (s *Matches) record(ctx context.Context, v haoban.PolicyVersion, at time.Time) (haoban.PolicyRun, workflows.MatchInput, error) {
	run := haoban.PolicyRun{ID: uuid.NewString(), Policy: v.Policy, Version: v.Version, Period: v.Body.Period(), StartedAt: at}
	if err := s.Store.StartPolicyRun(ctx, run); err != nil {
		return haoban.PolicyRun{}, workflows.MatchInput{}, err
	}
	return run, workflows.MatchInput{RunID: run.ID, Policy: v.Policy, Version: v.Version, Period: run.Period, At: at}, nil
}

func policyCodes(vs []haoban.PolicyVersion) []string {
	var codes []string
	for _, v := range vs {
		if !slices.Contains(codes, v.Policy) {
			codes = append(codes, v.Policy)
		}
	}
	return codes
}

// inForce finds the published version in force of a policy.
func (s *Matches) inForce(ctx context.Context, code string, at time.Time) (haoban.PolicyVersion, error) {
	vs, err := s.Store.ListPolicyVersions(ctx)
	if err != nil {
		return haoban.PolicyVersion{}, err
	}
	var best *haoban.PolicyVersion
	for i, v := range vs {
		if v.Policy != code || v.State != haoban.VersionPublished || v.EffectiveFrom.After(at) {
			continue
		}
		if best == nil || v.EffectiveFrom.After(best.EffectiveFrom) ||
			v.EffectiveFrom.Equal(best.EffectiveFrom) && v.Version > best.Version {
			best = &vs[i]
		}
	}
	if best == nil || !best.Body.InForce(at) {
		return haoban.PolicyVersion{}, haoban.Errorf(haoban.ENOTFOUND, "政策不存在或不在有效期内")
	}
	return *best, nil
}

// List returns a page of a policy's matches.
func (s *Matches) List(ctx context.Context, r Request, code string, page haoban.PageRequest) ([]haoban.PolicyMatch, string, error) {
	if !can(s.Authz, r.User, "*", "policy", "read") {
		return nil, "", haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以查看匹配结果")
	}
	return s.Store.ListPolicyMatches(ctx, code, page)
}

// Run reads a matching run.
func (s *Matches) Run(ctx context.Context, r Request, id string) (haoban.PolicyRun, error) {
	if !can(s.Authz, r.User, "*", "policy", "read") {
		return haoban.PolicyRun{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以查看匹配结果")
	}
	return s.Store.FindPolicyRun(ctx, id)
}

// Matchable reports whether every condition reads only facts the
// registries hold.
func Matchable(e *rules.Engine, p haoban.Policy) bool {
	return !slices.ContainsFunc(p.Conditions, func(c haoban.PolicyCondition) bool { return readsUnshared(e, c.Expression) })
}
