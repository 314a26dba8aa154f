package activities

import (
	"context"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"haoban"
	"haoban/app"
	"haoban/workflows"
)

// The benefit cases' activities (免申即享, issue 17). The steps are the
// app's; here they get the worker's clock, store, treasury and seals.

func (a *Activities) benefits() *app.BenefitFlow {
	return &app.BenefitFlow{Store: a.Store, Treasury: a.Treasury, Sealer: a.Issuer, Starter: a.Starter, Time: a.Time}
}

// DeliverPage starts a page of a policy period's benefit cases.
func (a *Activities) DeliverPage(ctx context.Context, in workflows.DeliverInput) (workflows.DeliverPageResult, error) {
	beat := func() { activity.RecordHeartbeat(ctx, nil) }
	return a.benefits().DeliverPage(ctx, in, beat)
}

// OpenBenefit records a match's case.
func (a *Activities) OpenBenefit(ctx context.Context, in workflows.BenefitInput) (workflows.BenefitState, error) {
	s, err := a.benefits().Open(ctx, in.Match)
	return s, final(err)
}

// BenefitStep takes a step whose time may have come.
func (a *Activities) BenefitStep(ctx context.Context, in workflows.BenefitStep) (workflows.BenefitState, error) {
	s, err := a.benefits().Step(ctx, in)
	return s, final(err)
}

// SealGrant seals an approved case's grant decision.
func (a *Activities) SealGrant(ctx context.Context, id string) error {
	return final(a.benefits().Seal(ctx, id))
}

// PayBenefit pays an approved case.
func (a *Activities) PayBenefit(ctx context.Context, id string) (workflows.BenefitState, error) {
	s, err := a.benefits().Pay(ctx, id)
	return s, final(err)
}

// final makes an error that no retry can mend stop the retries: a case or
// policy version that does not exist.
func final(err error) error {
	if code := haoban.ErrorCode(err); code == haoban.ENOTFOUND {
		return temporal.NewNonRetryableApplicationError(err.Error(), code, err)
	}
	return err
}
