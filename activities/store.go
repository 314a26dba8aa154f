package activities

import (
	"context"
	"time"

	"haoban"
	"haoban/app"
	"haoban/calendar"
	"haoban/prefill"
)

// Store is what the activities read and write: the projection people
// query, the records of prefill and pre-review, notifications, the
// registries the prefill check reads again, and the population the
// matching runs read (postgres.Store).
type Store interface {
	prefill.Registries
	app.MatchStore
	app.BenefitStore
	app.HelpClockStore
	ApplyProjection(ctx context.Context, p haoban.Projection) error
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	FindBundle(ctx context.Context, code string) (haoban.Bundle, error)
	FindCasePrefill(ctx context.Context, id string) (haoban.CasePrefill, error)
	CaseMaterials(ctx context.Context, caseID string) ([]haoban.CaseMaterial, error)
	RecordPrefill(ctx context.Context, caseID string, record any, ratio *float64, changes any) error
	RecordPrereview(ctx context.Context, caseID string, report any, reopen bool) error
	UsersWithRole(ctx context.Context, role, dept string) ([]haoban.User, error)
	Deliver(ctx context.Context, notes []haoban.Notification, caseID string, at time.Time, ev *haoban.NewEvent) error
}
