package prereview

import (
	"context"
	"fmt"
	"time"

	"haoban"
	"haoban/prefill"
)

// Registered names the registries that hold a record about the applicant:
// every value a source fills names the registry it came from, so one
// source reading two (the population registry and births) counts both.
func Registered(ctx context.Context, u haoban.User, sources []prefill.Source) (map[string]bool, error) {
	out := map[string]bool{}
	for _, src := range sources {
		values, err := src.Fill(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("registry %s: %w", src.Code(), err)
		}
		for _, v := range values {
			if v.Source != "" {
				out[v.Source] = true
			}
		}
	}
	return out, nil
}

// Exemptions lists the bundle's materials the applicant need not upload on
// day, as the pre-review and the submission judge them.
func (r *Reviewer) Exemptions(ctx context.Context, u haoban.User, b haoban.Bundle, day time.Time) ([]string, error) {
	held, err := r.Licences(ctx, u)
	if err != nil {
		return nil, err
	}
	registered := map[string]bool{}
	if needsRegistry(b) {
		if registered, err = Registered(ctx, u, prefill.Registry(r.Store, day)); err != nil {
			return nil, err
		}
	}
	return Exempted(b, held, registered, day), nil
}

// needsRegistry reports whether any material of the bundle a registry
// record stands for, so the registries are read only when they matter.
func needsRegistry(b haoban.Bundle) bool {
	for _, m := range b.Materials() {
		if m.Registry != "" {
			return true
		}
	}
	return false
}
