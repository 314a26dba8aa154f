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
	return nil
}
