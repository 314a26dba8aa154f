package demo

import (
	"context"
	"fmt"

	"haoban/postgres"
)

// Load writes the demo departments, bundles and users. It upserts, so a
// second start changes nothing.
func Load(ctx context.Context, s *postgres.Store) error {
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
	return nil
}
