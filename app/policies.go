package app

import (
	"context"
	"fmt"
	"time"

	"haoban"
	"haoban/rules"
)

// PolicyStore keeps the benefit policies and reads the registries they
// are decided on (postgres.Store).
type PolicyStore interface {
	ListPolicyVersions(ctx context.Context) ([]haoban.PolicyVersion, error)
	FindPolicyVersion(ctx context.Context, policy string, version int) (haoban.PolicyVersion, error)
	PoliciesInForce(ctx context.Context, at time.Time) ([]haoban.Policy, error)
	SavePolicyDraft(ctx context.Context, p haoban.Policy, meta haoban.AuditEntry) (haoban.PolicyVersion, error)
	PublishPolicy(ctx context.Context, v haoban.PolicyVersion, meta haoban.AuditEntry) error
	WithdrawPolicy(ctx context.Context, policy string, version int, now time.Time, meta haoban.AuditEntry) error
	// PolicyAudit is who saved, published and withdrew the policy's
	// versions, and when, oldest first.
	PolicyAudit(ctx context.Context, policy string) ([]haoban.AuditEntry, error)
	PersonFacts(ctx context.Context, idNumber string) (haoban.PersonFacts, error)
	EnterpriseFactsOf(ctx context.Context, idNumber string) ([]haoban.EnterpriseFacts, error)
}

// Policies are the benefit policies (免申即享, issue 17): kept by the
// catalogue admin, checked by anyone against their own registry records.
type Policies struct {
	Store  PolicyStore
	Authz  Authorizer
	Engine *rules.Engine
	Time   haoban.TimeSource
}

// PolicyView is a policy version with what its rules read.
type PolicyView struct {
	haoban.PolicyVersion
	// Needs are the registry facts its rules read, in words (数据需求清单).
	Needs []string `json:"needs"`
	// Matchable is false when a rule reads a fact no registry holds.
	Matchable bool `json:"matchable"`
}

// List returns every version of every policy, by policy, newest first.
func (s *Policies) List(ctx context.Context, r Request) ([]haoban.PolicyVersion, error) {
	if !can(s.Authz, r.User, "*", "policy", "read") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以查看政策")
	}
	return s.Store.ListPolicyVersions(ctx)
}

// Get returns one version with its data needs.
func (s *Policies) Get(ctx context.Context, r Request, code string, version int) (PolicyView, error) {
	if !can(s.Authz, r.User, "*", "policy", "read") {
		return PolicyView{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以查看政策")
	}
	v, err := s.Store.FindPolicyVersion(ctx, code, version)
	if err != nil {
		return PolicyView{}, err
	}
	keys := s.needs(v.Body)
	view := PolicyView{PolicyVersion: v, Needs: []string{}, Matchable: true}
	for _, k := range keys {
		name, ok := haoban.PolicyFacts[k]
		if !ok {
			name, view.Matchable = k+"（无共享数据）", false
		}
		view.Needs = append(view.Needs, name)
	}
	return view, nil
}

// SaveDraft stores an edit of a policy as its open draft. A draft may
// still have problems: they are all listed at publishing.
func (s *Policies) SaveDraft(ctx context.Context, r Request, p haoban.Policy) (haoban.PolicyVersion, error) {
	if !can(s.Authz, r.User, "*", "policy", "edit") {
		return haoban.PolicyVersion{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以修改政策")
	}
	if !codePattern.MatchString(p.Code) {
		return haoban.PolicyVersion{}, haoban.FieldErrorf(haoban.EINVALID, "body.code",
			"政策编码只能用小写字母、数字和连字符，2 到 40 个字符")
	}
	meta := r.audit("", now(s.Time))
	meta.Action, meta.After = "policy_draft_saved", summary(p.Name, "name")
	return s.Store.SavePolicyDraft(ctx, p, meta)
}

// Publish makes a draft the version in force from effective (not before
// today; zero: now). Every rule is compiled first and every
// problem listed at once, with field paths.
func (s *Policies) Publish(ctx context.Context, r Request, code string, version int, effective time.Time) (haoban.PolicyVersion, error) {
	if !can(s.Authz, r.User, "*", "policy", "publish") {
		return haoban.PolicyVersion{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以发布政策")
	}
	at := now(s.Time)
	if effective.IsZero() {
		effective = at
	}
	if effective.Before(startOfDay(at)) {
		return haoban.PolicyVersion{}, haoban.FieldErrorf(haoban.EINVALID, "effective_from", "生效日期不能早于今天")
	}
	v, err := s.Store.FindPolicyVersion(ctx, code, version)
	if err != nil {
		return haoban.PolicyVersion{}, err
	}
	if v.State != haoban.VersionDraft {
		return haoban.PolicyVersion{}, haoban.Errorf(haoban.ECONFLICT, "第 %d 版不是草稿，不能再发布", version)
	}
	if err := s.Check(v.Body); err != nil {
		return haoban.PolicyVersion{}, err
	}
	v.State, v.EffectiveFrom, v.PublishedBy, v.PublishedAt = haoban.VersionPublished, effective, r.User.ID, at
	meta := r.audit("", at)
	meta.Action, meta.Target = "policy_published", fmt.Sprintf("policy:%s@%d", code, version)
	meta.After = summary(effective.Format(time.DateOnly), "effective_from")
	if err := s.Store.PublishPolicy(ctx, v, meta); err != nil {
		return haoban.PolicyVersion{}, err
	}
	return v, nil
}

// Withdraw withdraws a published version before it takes effect,
// audited; the version in force stays as it was.
func (s *Policies) Withdraw(ctx context.Context, r Request, code string, version int) error {
	if !can(s.Authz, r.User, "*", "policy", "withdraw") {
		return haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以撤回政策版本")
	}
	at := now(s.Time)
	v, err := s.Store.FindPolicyVersion(ctx, code, version)
	if err != nil {
		return err
	} else if !v.Withdrawable(at) {
		state := v.Status(at, v.Version) // a published version not to come has taken effect
		if state == "现行" {
			state = "已生效"
		}
		return haoban.Errorf(haoban.ECONFLICT, "第 %d 版%s，不能撤回：只有待生效的版本可以撤回", version, state)
	}
	meta := r.audit("", at)
	meta.Action, meta.Target = "policy_withdrawn", fmt.Sprintf("policy:%s@%d", code, version)
	meta.Before, meta.After = summary(v.EffectiveFrom, "effective_from"), summary("withdrawn", "state")
	return s.Store.WithdrawPolicy(ctx, code, version, at, meta)
}

// Check lists every problem of a policy at once: its fields, each
// expression that does not compile, and a rule reading a fact no registry
// holds in a policy that offers no application route.
func (s *Policies) Check(p haoban.Policy) error {
	ds := p.Validate()
	for i, c := range p.Conditions {
		if c.Expression == "" {
			continue // reported by Validate
		}
		if problem := s.Engine.CheckCondition(c.Expression); problem != "" {
			ds = append(ds, haoban.ErrorDetail{Field: fmt.Sprintf("conditions[%d].expression", i), Message: problem})
		}
	}
	if p.Amount != "" {
		if problem := s.Engine.CheckAmount(p.Amount); problem != "" {
			ds = append(ds, haoban.ErrorDetail{Field: "amount", Message: problem})
		}
	}
	if p.Route.Text == "" {
		for _, k := range s.needs(p) {
			if _, ok := haoban.PolicyFacts[k]; !ok {
				ds = append(ds, haoban.ErrorDetail{Field: "route.text",
					Message: fmt.Sprintf("规则读取的「%s」没有共享数据，无法自动匹配：请填写申请途径", k)})
			}
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return &haoban.Error{Code: haoban.EINVALID, Message: fmt.Sprintf("政策「%s」有 %d 处问题，不能发布", p.Name, len(ds)), Details: ds}
}

// needs are the registry keys the policy's rules read, derived from the
// expressions (数据需求清单). An expression that does not parse names
// nothing here: Check reports it.
func (s *Policies) needs(p haoban.Policy) []string {
	seen := map[string]bool{}
	var keys []string
	for _, e := range append(conditionTexts(p), p.Amount) {
		ks, err := s.Engine.SourceKeys(e)
		if err != nil {
			continue
		}
		for _, k := range ks {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

func conditionTexts(p haoban.Policy) []string {
	out := make([]string, len(p.Conditions))
	for i, c := range p.Conditions {
		out[i] = c.Expression
	}
	return out
}

// startOfDay is midnight in Beijing of t's day.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.In(haoban.Beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, haoban.Beijing)
}
