package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"haoban"
)

// PolicyPage is one policy as its page shows it: the versions with who
// did what and when, each with its changes in words, and the audit trail.
type PolicyPage struct {
	Code, Name       string
	Department, Type string // names
	InForce, Draft   int    // 0: none
	// CanEdit: the user may edit; CanPublish: publish and withdraw;
	// CanMatch: start a matching run (the catalogue admin).
	CanEdit, CanPublish, CanMatch bool
	Versions                      []PolicyHistoryEntry
	Audit                         []PolicyAuditLine
}

// PolicyHistoryEntry is one version with what it changed, in words: a
// published version against the published version before it, the draft
// against the version in force.
type PolicyHistoryEntry struct {
	Version       int
	State         haoban.VersionState
	Status        string // 草稿, 待生效, 现行, 已被取代, 已撤回
	EffectiveFrom time.Time
	CreatedBy     string // names
	PublishedBy   string
	WithdrawnBy   string
	CreatedAt     time.Time
	PublishedAt   time.Time
	WithdrawnAt   time.Time
	Withdrawable  bool
	Changes       []PolicyChange
}

// PolicyAuditLine is one audited action on the policy, in words.
type PolicyAuditLine struct {
	At   time.Time
	Who  string
	What string
}

// Page reads a policy's versions, changes and audit trail.
func (s *PolicyAdmin) Page(ctx context.Context, r Request, code string) (PolicyPage, error) {
	vs, err := s.versionsOf(ctx, r, code)
	if err != nil {
		return PolicyPage{}, err
	}
	names, err := ReadNames(ctx, s.Names)
	if err != nil {
		return PolicyPage{}, err
	}
	entries, err := s.Policies.Store.PolicyAudit(ctx, code)
	if err != nil {
		return PolicyPage{}, err
	}
	depts, err := s.Names.DepartmentNames(ctx)
	if err != nil {
		return PolicyPage{}, err
	}
	at := now(s.Time)
	p := PolicyPage{Code: code, Name: vs[0].Body.Name, Department: names.Department(vs[0].Body.Department),
		Type: vs[0].Body.Type.Name(), InForce: haoban.PolicyInForce(vs, at),
		CanEdit: can(s.Authz, r.User, "*", "policy", "edit"), CanPublish: can(s.Authz, r.User, "*", "policy", "publish"),
		CanMatch: can(s.Authz, r.User, "*", "policy", "match")}
	var inForce haoban.Policy
	for _, v := range vs {
		if v.Version == p.InForce {
			inForce = v.Body
		}
	}
	for i, v := range vs {
		e := PolicyHistoryEntry{Version: v.Version, State: v.State, Status: v.Status(at, p.InForce),
			EffectiveFrom: v.EffectiveFrom, CreatedBy: actorName(names, v.CreatedBy), CreatedAt: v.CreatedAt,
			Withdrawable: v.Withdrawable(at)}
		if v.PublishedBy != "" {
			e.PublishedBy, e.PublishedAt = actorName(names, v.PublishedBy), v.PublishedAt
		}
		if v.WithdrawnBy != "" {
			e.WithdrawnBy, e.WithdrawnAt = actorName(names, v.WithdrawnBy), v.WithdrawnAt
		}
		switch {
		case v.State == haoban.VersionDraft:
			p.Draft = v.Version
			if p.InForce != 0 {
				e.Changes = DiffPolicies(inForce, v.Body, depts)
			}
		default:
			if before, ok := publishedPolicyBefore(vs[i+1:]); ok {
				e.Changes = DiffPolicies(before, v.Body, depts)
			}
		}
		p.Versions = append(p.Versions, e)
	}
	for i := len(entries) - 1; i >= 0; i-- { // newest first
		p.Audit = append(p.Audit, PolicyAuditLine{At: entries[i].At, Who: actorName(names, entries[i].Actor), What: auditWords(entries[i])})
	}
	return p, nil
}

// publishedPolicyBefore is the newest published version among older ones.
func publishedPolicyBefore(older []haoban.PolicyVersion) (haoban.Policy, bool) {
	for _, v := range older {
		if v.State == haoban.VersionPublished {
			return v.Body, true
		}
	}
	return haoban.Policy{}, false
}

// auditWords tells an audited action on a policy version in words.
func auditWords(e haoban.AuditEntry) string {
	version := e.Target[strings.LastIndexByte(e.Target, '@')+1:]
	switch e.Action {
	case "policy_draft_saved":
		return fmt.Sprintf("保存第 %s 版草稿", version)
	case "policy_published":
		var after struct {
			EffectiveFrom string `json:"effective_from"`
		}
		_ = json.Unmarshal([]byte(e.After), &after)
		if t, err := time.ParseInLocation(time.DateOnly, after.EffectiveFrom, haoban.Beijing); err == nil {
			return fmt.Sprintf("发布第 %s 版，%s 起生效", version, t.Format("2006年1月2日"))
		}
		return fmt.Sprintf("发布第 %s 版", version)
	case "policy_withdrawn":
		return fmt.Sprintf("撤回第 %s 版（生效前）", version)
	}
	return e.Action
}

// PolicyVersionPage is one version as people read it, with its data needs.
type PolicyVersionPage struct {
	PolicyView
	Status              string
	Department, Type    string // names
	For, Delivery       string
	Budget, Publicity   string
	CanEdit, CanPublish bool
	InForce             bool // the version in force now
}

// Version reads one version with its data needs (数据需求清单), its fields
// in words.
func (s *PolicyAdmin) Version(ctx context.Context, r Request, code string, version int) (PolicyVersionPage, error) {
	view, err := s.Policies.Get(ctx, r, code, version)
	if err != nil {
		return PolicyVersionPage{}, err
	}
	vs, err := s.versionsOf(ctx, r, code)
	if err != nil {
		return PolicyVersionPage{}, err
	}
	names, err := ReadNames(ctx, s.Names)
	if err != nil {
		return PolicyVersionPage{}, err
	}
	at := now(s.Time)
	inForce := haoban.PolicyInForce(vs, at)
	b := view.Body
	return PolicyVersionPage{PolicyView: view, Status: view.Status(at, inForce), Department: names.Department(b.Department),
		Type: b.Type.Name(), For: audienceName(b.For), Delivery: b.Delivery.Name(), Budget: yuan(b.Budget),
		Publicity: days(b.Publicity), CanEdit: can(s.Authz, r.User, "*", "policy", "edit"),
		CanPublish: can(s.Authz, r.User, "*", "policy", "publish"), InForce: view.Version == inForce}, nil
}
