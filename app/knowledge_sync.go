package app

import (
	"context"
	"fmt"
	"time"

	"haoban"
	"haoban/rules"
)

// The built entries follow the catalogue and the policies: every publish
// or withdrawal of a version, by whichever use case, goes through the
// store, so the store is where the knowledge base hears of it. The
// version's own transaction has committed by then; a rebuild that fails
// is reported as the call's error, the version stays published, and the
// gap board (KnowledgePublished) shows it unanswered until the next
// rebuild.

// knowledgeVersions is a VersionStore that rebuilds the knowledge base
// after a catalogue version is published or withdrawn.
type knowledgeVersions struct {
	VersionStore
	k *Knowledge
}

// PublishVersion publishes the version, then rebuilds.
func (s knowledgeVersions) PublishVersion(ctx context.Context, v haoban.CatalogueVersion, meta haoban.AuditEntry) error {
	return s.k.rebuildAfter(ctx, s.VersionStore.PublishVersion(ctx, v, meta), fmt.Sprintf("目录版本 %s@%d 已发布", v.Bundle, v.Version))
}

// WithdrawVersion withdraws the version, then rebuilds.
func (s knowledgeVersions) WithdrawVersion(ctx context.Context, bundle string, version int, now time.Time, meta haoban.AuditEntry) error {
	return s.k.rebuildAfter(ctx, s.VersionStore.WithdrawVersion(ctx, bundle, version, now, meta), fmt.Sprintf("目录版本 %s@%d 已撤回", bundle, version))
}

// knowledgePolicies is a PolicyStore that rebuilds the knowledge base
// after a policy version is published or withdrawn.
type knowledgePolicies struct {
	PolicyStore
	k *Knowledge
}

// PublishPolicy publishes the version, then rebuilds.
func (s knowledgePolicies) PublishPolicy(ctx context.Context, v haoban.PolicyVersion, meta haoban.AuditEntry) error {
	return s.k.rebuildAfter(ctx, s.PolicyStore.PublishPolicy(ctx, v, meta), fmt.Sprintf("政策版本 %s@%d 已发布", v.Policy, v.Version))
}

// WithdrawPolicy withdraws the version, then rebuilds.
func (s knowledgePolicies) WithdrawPolicy(ctx context.Context, policy string, version int, now time.Time, meta haoban.AuditEntry) error {
	return s.k.rebuildAfter(ctx, s.PolicyStore.WithdrawPolicy(ctx, policy, version, now, meta), fmt.Sprintf("政策版本 %s@%d 已撤回", policy, version))
}

// knowledgeRules is a RuleStore that rebuilds the knowledge base after a
// review rule is saved: its message, hint and legal basis are entries.
type knowledgeRules struct {
	RuleStore
	k *Knowledge
}

// SaveRule saves the rule, then rebuilds.
func (s knowledgeRules) SaveRule(ctx context.Context, r rules.Rule, meta haoban.AuditEntry) (rules.Rule, error) {
	saved, err := s.RuleStore.SaveRule(ctx, r, meta)
	return saved, s.k.rebuildAfter(ctx, err, fmt.Sprintf("审查要点「%s」第 %d 版已保存", saved.Message, saved.Version))
}

// rebuildAfter rebuilds after a write that did what; a write that failed
// (done) is its error and rebuilds nothing; a failed rebuild says the
// write was done all the same.
func (k *Knowledge) rebuildAfter(ctx context.Context, done error, what string) error {
	if done != nil {
		return done
	}
	if err := k.Rebuild(ctx); err != nil {
		return fmt.Errorf("%s，知识库未能同步（下次启动时重建）: %w", what, err)
	}
	return nil
}

// KeepVersionsInStep returns the catalogue's version store, which rebuilds
// the knowledge base after each publish and withdrawal.
func (k *Knowledge) KeepVersionsInStep(s VersionStore) VersionStore {
	return knowledgeVersions{VersionStore: s, k: k}
}

// KeepRulesInStep returns the review rules' store, which rebuilds the
// knowledge base after each save.
func (k *Knowledge) KeepRulesInStep(s RuleStore) RuleStore {
	return knowledgeRules{RuleStore: s, k: k}
}

// KeepPoliciesInStep returns the policies' store, which rebuilds the
// knowledge base after each publish and withdrawal.
func (k *Knowledge) KeepPoliciesInStep(s PolicyStore) PolicyStore {
	return knowledgePolicies{PolicyStore: s, k: k}
}
