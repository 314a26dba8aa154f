package app_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"haoban"
	"haoban/demo"
)

// policyStore keeps policy versions and the demo registries in memory.
type policyStore struct {
	versions []haoban.PolicyVersion
	audit    []haoban.AuditEntry
}

// newPolicyStore holds the demo policies, published from their start.
func newPolicyStore() *policyStore {
	s := &policyStore{}
	for _, p := range demo.Policies() {
		s.versions = append(s.versions, haoban.PolicyVersion{Policy: p.Code, Version: 1, State: haoban.VersionPublished,
			Body: p, EffectiveFrom: p.From})
	}
	return s
}

func (s *policyStore) ListPolicyVersions(context.Context) ([]haoban.PolicyVersion, error) {
	out := append([]haoban.PolicyVersion(nil), s.versions...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Policy != out[j].Policy {
			return out[i].Policy < out[j].Policy
		}
		return out[i].Version > out[j].Version
	})
	return out, nil
}

func (s *policyStore) FindPolicyVersion(_ context.Context, policy string, version int) (haoban.PolicyVersion, error) {
	for _, v := range s.versions {
		if v.Policy == policy && v.Version == version {
			return v, nil
		}
	}
	return haoban.PolicyVersion{}, haoban.Errorf(haoban.ENOTFOUND, "没有这个政策版本")
}

func (s *policyStore) PoliciesInForce(_ context.Context, at time.Time) ([]haoban.Policy, error) {
	best := map[string]haoban.PolicyVersion{}
	var codes []string
	for _, v := range s.versions {
		if v.State != haoban.VersionPublished || v.EffectiveFrom.After(at) {
			continue
		}
		cur, ok := best[v.Policy]
		if !ok {
			codes = append(codes, v.Policy)
		}
		if !ok || v.EffectiveFrom.After(cur.EffectiveFrom) || v.EffectiveFrom.Equal(cur.EffectiveFrom) && v.Version > cur.Version {
			best[v.Policy] = v
		}
	}
	sort.Strings(codes)
	out := make([]haoban.Policy, len(codes))
	for i, c := range codes {
		out[i] = best[c].Body
	}
	return out, nil
}

func (s *policyStore) SavePolicyDraft(_ context.Context, p haoban.Policy, meta haoban.AuditEntry) (haoban.PolicyVersion, error) {
	last := 0
	for i, v := range s.versions {
		if v.Policy != p.Code {
			continue
		}
		if v.State == haoban.VersionDraft {
			s.versions[i].Body = p
			meta.Target = fmt.Sprintf("policy:%s@%d", p.Code, v.Version)
			s.audit = append(s.audit, meta)
			return s.versions[i], nil
		}
		last = max(last, v.Version)
	}
	v := haoban.PolicyVersion{Policy: p.Code, Version: last + 1, State: haoban.VersionDraft, Body: p,
		CreatedBy: meta.Actor, CreatedAt: meta.At}
	s.versions = append(s.versions, v)
	meta.Target = fmt.Sprintf("policy:%s@%d", p.Code, v.Version)
	s.audit = append(s.audit, meta)
	return v, nil
}

func (s *policyStore) PublishPolicy(_ context.Context, v haoban.PolicyVersion, meta haoban.AuditEntry) error {
	for i, old := range s.versions {
		if old.Policy == v.Policy && old.Version == v.Version && old.State == haoban.VersionDraft {
			s.versions[i] = v
			s.audit = append(s.audit, meta)
			return nil
		}
	}
	return haoban.Errorf(haoban.ECONFLICT, "不是草稿")
}

func (s *policyStore) WithdrawPolicy(_ context.Context, policy string, version int, now time.Time, meta haoban.AuditEntry) error {
	for i, v := range s.versions {
		if v.Policy == policy && v.Version == version && v.State == haoban.VersionPublished && v.EffectiveFrom.After(now) {
			s.versions[i].State, s.versions[i].WithdrawnBy, s.versions[i].WithdrawnAt = haoban.VersionWithdrawn, meta.Actor, now
			s.audit = append(s.audit, meta)
			return nil
		}
	}
	return haoban.Errorf(haoban.ECONFLICT, "已生效或不是待生效的版本")
}

// PolicyAudit answers the entries of the policy, as the store matches
// them by target; a draft's target is set by the store.
func (s *policyStore) PolicyAudit(_ context.Context, policy string) ([]haoban.AuditEntry, error) {
	var out []haoban.AuditEntry
	for _, e := range s.audit {
		if strings.HasPrefix(e.Target, "policy:"+policy+"@") {
			out = append(out, e)
		}
	}
	return out, nil
}

// DepartmentNames and ListUsers name the demo's departments and users.
func (s *policyStore) DepartmentNames(context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, d := range demo.Departments() {
		out[d.Code] = d.Name
	}
	return out, nil
}

func (s *policyStore) ListUsers(context.Context) ([]haoban.User, error) { return demo.Users(), nil }

func (s *policyStore) PersonFacts(_ context.Context, id string) (haoban.PersonFacts, error) {
	for _, r := range demo.Residents() {
		if r.IDNumber != id {
			continue
		}
		f := haoban.PersonFacts{Resident: r}
		for _, b := range demo.Births() {
			if b.ParentID == id && b.BirthTime.After(f.LatestBirth) {
				f.LatestBirth = b.BirthTime
			}
		}
		for _, l := range demo.LowIncomes() {
			if l.IDNumber == id {
				f.LowIncome = &l
			}
		}
		return f, nil
	}
	return haoban.PersonFacts{}, haoban.Errorf(haoban.ENOTFOUND, "人口信息不存在")
}

func (s *policyStore) EnterpriseFactsOf(_ context.Context, id string) ([]haoban.EnterpriseFacts, error) {
	var out []haoban.EnterpriseFacts
	for _, f := range demo.EnterpriseFacts() {
		if f.Enterprise.LegalRepID == id {
			out = append(out, f)
		}
	}
	return out, nil
}
