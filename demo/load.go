package demo

import (
	"context"
	"fmt"

	"haoban"
)

// Load writes the demo departments, bundles and users. It upserts, so a
// second start changes nothing.
func Load(ctx context.Context, s Store) error {
	if err := s.UpsertDepartments(ctx, Departments()); err != nil {
		return fmt.Errorf("load demo departments: %w", err)
	}
	for _, b := range Bundles() {
		if err := s.UpsertBundle(ctx, b); err != nil {
			return fmt.Errorf("load demo bundle %s: %w", b.Code, err)
		}
	}
	if err := s.UpsertUsers(ctx, Users()); err != nil {
		return fmt.Errorf("load demo users: %w", err)
	}
	for helper, skills := range HelperSkills() {
		if err := s.SetHelperSkills(ctx, helper, skills); err != nil {
			return fmt.Errorf("load demo helper skills %s: %w", helper, err)
		}
	}
	for _, r := range Residents() {
		if err := s.UpsertResident(ctx, r); err != nil {
			return fmt.Errorf("load demo resident %s: %w", r.Name, err)
		}
	}
	for _, e := range Enterprises() {
		if err := s.UpsertEnterprise(ctx, e); err != nil {
			return fmt.Errorf("load demo enterprise %s: %w", e.Name, err)
		}
	}
	for _, b := range Births() {
		if err := s.UpsertBirth(ctx, b); err != nil {
			return fmt.Errorf("load demo birth: %w", err)
		}
	}
	for _, b := range Buildings() {
		if err := s.UpsertBuilding(ctx, b); err != nil {
			return fmt.Errorf("load demo building: %w", err)
		}
	}
	for _, d := range Drainages() {
		if err := s.UpsertDrainage(ctx, d); err != nil {
			return fmt.Errorf("load demo drainage: %w", err)
		}
	}
	for _, a := range Addresses() {
		if err := s.UpsertAddress(ctx, a[0], a[1]); err != nil {
			return fmt.Errorf("load demo address: %w", err)
		}
	}
	for _, src := range Sources() {
		if err := s.UpsertSource(ctx, src, haoban.AuditEntry{}); err != nil {
			return fmt.Errorf("load demo source %s: %w", src.Code, err)
		}
	}
	for _, r := range Rules() {
		if err := s.EnsureRule(ctx, r); err != nil {
			return fmt.Errorf("load demo rule %s/%s: %w", r.Item, r.Code, err)
		}
	}
	for _, r := range LinkRules() {
		if err := s.EnsureLinkRule(ctx, r); err != nil {
			return fmt.Errorf("load demo link rule %s: %w", r.LicenceType, err)
		}
	}
	for _, l := range Licences() {
		if err := s.UpsertLicence(ctx, l); err != nil {
			return fmt.Errorf("load demo licence: %w", err)
		}
	}
	return loadPolicies(ctx, s)
}
