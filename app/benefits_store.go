package app

import (
	"context"
	"time"

	"haoban"
)

// BenefitStore is what the benefit cases read and write (postgres.Store).
type BenefitStore interface {
	// UndeliveredMatches lists a policy period's matches whose benefit case
	// has not been started, in beneficiary order, at most limit.
	UndeliveredMatches(ctx context.Context, policy, period string, limit int) ([]haoban.PolicyMatch, error)
	// MarkDelivered records that the matches' cases have started.
	MarkDelivered(ctx context.Context, policy, period string, beneficiaries []string, at time.Time) error
	// OpenBenefit records a match's case in status matched, with the
	// credit registry's flag, and the policy period's budget row when
	// missing; a case recorded before is returned as it is.
	OpenBenefit(ctx context.Context, b haoban.BenefitCase, budget float64) (haoban.BenefitCase, error)
	FindBenefit(ctx context.Context, id string) (haoban.BenefitCase, error)
	// TransitionBenefit applies a transition; a case in none of From is
	// ECONFLICT, unless the transition's Key was recorded before.
	TransitionBenefit(ctx context.Context, t haoban.BenefitTransition) (haoban.BenefitCase, error)
	// ApproveBenefit reserves the case's amount from its policy period's
	// budget and approves it, in one transaction; when the funds left do
	// not cover it the case becomes unfunded instead. Approving again
	// returns the case as it is.
	ApproveBenefit(ctx context.Context, id string, at time.Time) (haoban.BenefitCase, error)
	// BenefitsOf lists the cases of the beneficiaries, newest first.
	BenefitsOf(ctx context.Context, beneficiaries []string) ([]haoban.BenefitCase, error)
	BenefitEvents(ctx context.Context, id string) ([]haoban.BenefitEvent, error)
	// PublicityList lists a policy's cases in publicity at instant at,
	// keyset-paged by case ID.
	PublicityList(ctx context.Context, policy string, at time.Time, page haoban.PageRequest) ([]haoban.BenefitCase, string, error)
	// FileObjection records an objection to a case in publicity before its
	// end and moves the case to objected, in one transaction.
	FileObjection(ctx context.Context, o haoban.Objection, meta haoban.AuditEntry) (haoban.Objection, error)
	// DecideObjection decides an open objection: upheld stops the case
	// with the finding as its reason; rejected returns it to publicity
	// once no other objection is open.
	DecideObjection(ctx context.Context, id string, upheld bool, finding string, meta haoban.AuditEntry) (haoban.Objection, haoban.BenefitCase, error)
	FindObjection(ctx context.Context, id string) (haoban.Objection, error)
	ObjectionsOf(ctx context.Context, benefit string) ([]haoban.Objection, error)
	// DepartmentBenefitWork lists what waits for a department: open
	// objections, oldest due first, and cases in manual review.
	DepartmentBenefitWork(ctx context.Context, department string) ([]haoban.Objection, []haoban.BenefitCase, error)
	// BenefitDashboard counts a policy's cases by status, with funds.
	BenefitDashboard(ctx context.Context, policy string) (haoban.BenefitDashboard, error)
	// PaidBenefits lists cases paid or recovered in [from, to), for
	// reconciliation with the treasury's ledger.
	PaidBenefits(ctx context.Context, from, to time.Time) ([]haoban.BenefitCase, error)
}
