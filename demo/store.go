package demo

import (
	"context"

	"haoban"
	"haoban/rules"
)

// Store takes the demo data (postgres.Store); loading it again changes
// nothing.
type Store interface {
	UpsertDepartments(ctx context.Context, depts []haoban.Department) error
	UpsertBundle(ctx context.Context, b haoban.Bundle) error
	UpsertUsers(ctx context.Context, users []haoban.User) error
	UpsertSource(ctx context.Context, src haoban.SourceInfo, meta haoban.AuditEntry) error
	UpsertLicence(ctx context.Context, l haoban.Licence) error
	EnsureRule(ctx context.Context, r rules.Rule) error
	EnsureLinkRule(ctx context.Context, r haoban.LinkRule) error
	UpsertResident(ctx context.Context, r haoban.Resident) error
	UpsertEnterprise(ctx context.Context, e haoban.Enterprise) error
	UpsertBirth(ctx context.Context, b haoban.Birth) error
	UpsertBuilding(ctx context.Context, b haoban.Building) error
	UpsertDrainage(ctx context.Context, d haoban.Drainage) error
	UpsertAddress(ctx context.Context, address, district string) error
	UpsertLowIncome(ctx context.Context, l haoban.LowIncome) error
	UpsertEnterpriseFacts(ctx context.Context, f haoban.EnterpriseFacts) error
	// EnsurePolicy publishes a policy as its first version, effective from
	// its start, unless the policy has versions already.
	EnsurePolicy(ctx context.Context, p haoban.Policy) error
	// SetHelperSkills replaces a helper's skills.
	SetHelperSkills(ctx context.Context, helper string, skills []haoban.HelperSkill) error
}
