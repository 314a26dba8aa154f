package app

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"haoban"
)

// PolicyAdmin is what the policy pages do for the catalogue admin (issue
// 17): list the policies, tell a policy's versions, changes and audit
// trail in words, and turn the editor's form into a draft. It reads and
// writes through Policies, whose rules decide who may do what.
type PolicyAdmin struct {
	Policies *Policies
	Names    NameStore
	Authz    Authorizer
	Time     haoban.TimeSource
}

// PolicyIndex is every policy for the catalogue admin.
type PolicyIndex struct {
	Policies []PolicyRow
	CanEdit  bool
}

// PolicyRow is one policy: its newest name and where its versions stand.
type PolicyRow struct {
	Code, Name       string
	Department, Type string // names
	InForce          *VersionMark
	Coming           *VersionMark // published, effective later
	Draft            *VersionMark
}

// Index lists every policy by name, with its version in force, a version
// to come and its open draft.
func (s *PolicyAdmin) Index(ctx context.Context, r Request) (PolicyIndex, error) {
	vs, err := s.Policies.List(ctx, r)
	if err != nil {
		return PolicyIndex{}, err
	}
	names, err := ReadNames(ctx, s.Names)
	if err != nil {
		return PolicyIndex{}, err
	}
	at := now(s.Time)
	out := PolicyIndex{CanEdit: can(s.Authz, r.User, "*", "policy", "edit")}
	for _, group := range byPolicy(vs) {
		row := PolicyRow{Code: group[0].Policy, Name: group[0].Body.Name,
			Department: names.Department(group[0].Body.Department), Type: group[0].Body.Type.Name()}
		inForce := haoban.PolicyInForce(group, at)
		for _, v := range group { // newest first
			switch {
			case v.State == haoban.VersionDraft:
				row.Draft = &VersionMark{Version: v.Version, From: v.CreatedAt, By: actorName(names, v.CreatedBy)}
			case v.Version == inForce:
				row.InForce = &VersionMark{Version: v.Version, From: v.EffectiveFrom, By: actorName(names, v.PublishedBy)}
			case v.State == haoban.VersionPublished && v.EffectiveFrom.After(at) && row.Coming == nil:
				row.Coming = &VersionMark{Version: v.Version, From: v.EffectiveFrom, By: actorName(names, v.PublishedBy)}
			}
		}
		out.Policies = append(out.Policies, row)
	}
	slices.SortFunc(out.Policies, func(a, b PolicyRow) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// byPolicy groups versions listed by policy.
func byPolicy(vs []haoban.PolicyVersion) [][]haoban.PolicyVersion {
	var out [][]haoban.PolicyVersion
	for _, v := range vs {
		if n := len(out); n > 0 && out[n-1][0].Policy == v.Policy {
			out[n-1] = append(out[n-1], v)
			continue
		}
		out = append(out, []haoban.PolicyVersion{v})
	}
	return out
}

// versionsOf is one policy's versions, newest first; ENOTFOUND when it
// has none.
func (s *PolicyAdmin) versionsOf(ctx context.Context, r Request, code string) ([]haoban.PolicyVersion, error) {
	vs, err := s.Policies.List(ctx, r)
	if err != nil {
		return nil, err
	}
	var out []haoban.PolicyVersion
	for _, v := range vs {
		if v.Policy == code {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, haoban.FieldErrorf(haoban.ENOTFOUND, "policy", "没有这项政策")
	}
	return out, nil
}

// actorName names who did something; the demo's own policies were
// published by the system when it was set up.
func actorName(names Names, id string) string {
	if id == "demo" || id == "migration" {
		return "系统初始化"
	}
	return names.User(id)
}

// PolicyComparison is what changed from one version of a policy to
// another, in words.
type PolicyComparison struct {
	Policy  string         `json:"policy"`
	Name    string         `json:"name"`
	From    int            `json:"from"`
	To      int            `json:"to"`
	Changes []PolicyChange `json:"changes"`
}

// Compare tells the changes from one version of a policy to another.
func (s *PolicyAdmin) Compare(ctx context.Context, r Request, code string, from, to int) (PolicyComparison, error) {
	if !can(s.Authz, r.User, "*", "policy", "read") {
		return PolicyComparison{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以查看政策")
	}
	var bodies []haoban.Policy
	for _, n := range []int{from, to} {
		v, err := s.Policies.Store.FindPolicyVersion(ctx, code, n)
		if err != nil {
			return PolicyComparison{}, err
		}
		bodies = append(bodies, v.Body)
	}
	depts, err := s.Names.DepartmentNames(ctx)
	if err != nil {
		return PolicyComparison{}, err
	}
	changes := DiffPolicies(bodies[0], bodies[1], depts)
	if changes == nil {
		changes = []PolicyChange{}
	}
	return PolicyComparison{Policy: code, Name: bodies[1].Name, From: from, To: to, Changes: changes}, nil
}

// Publish publishes a draft as Policies.Publish does; a refused draft's
// problems name the editor's inputs (conditions.1.expression), where
// they are fixed.
func (s *PolicyAdmin) Publish(ctx context.Context, r Request, code string, version int, effective time.Time) (haoban.PolicyVersion, error) {
	v, err := s.Policies.Publish(ctx, r, code, version, effective)
	var e *haoban.Error
	if errors.As(err, &e) && len(e.Details) > 0 {
		placed := *e
		placed.Details = nil
		for _, d := range e.Details {
			d.Field = formField(d.Field)
			placed.Details = append(placed.Details, d)
		}
		return v, &placed
	}
	return v, err
}
