package prereview

import (
	"context"

	"haoban"

	"haoban/calendar"
	"haoban/prefill"
	"haoban/rules"
)

// Store is what the pre-review reads: the rules in force, the calendar
// they count with, and the registries (postgres.Store).
type Store interface {
	prefill.Registries
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	ListRules(ctx context.Context, items []string) ([]rules.Rule, error)
	EnterprisesNamed(ctx context.Context, name string) ([]haoban.Enterprise, error)
}
