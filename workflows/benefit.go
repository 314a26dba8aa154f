package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"haoban"
)

// The benefit case (免申即享 delivery, issue 17): one workflow per
// beneficiary and policy period, from the match to the payment.
const (
	WorkflowBenefit      = "Benefit"
	ActivityOpenBenefit  = "OpenBenefit"
	ActivityBenefitStep  = "BenefitStep"
	ActivitySealGrant    = "SealGrant"
	ActivityPayBenefit   = "PayBenefit"
	SignalBenefitChanged = "benefit-changed"
)

// BenefitInput starts a benefit case from its match.
type BenefitInput struct {
	Match haoban.PolicyMatch
}

// BenefitWorkflowID is the workflow of a case: one per case, however
// often its match is delivered.
func BenefitWorkflowID(id string) string { return "benefit:" + id }

// BenefitStep asks the store to take a step whose time may have come,
// judged by the service's clock rather than the workflow's timer alone,
// so that a test or an admin moving the clock on sees the step taken
// when the workflow is told something changed.
type BenefitStep struct {
	ID   string
	Step string // one of the Step constants
}

// The steps BenefitStep takes.
const (
	StepLook      = "look"      // read the case
	StepAsk       = "ask"       // request confirmation, when the policy asks first
	StepExpire    = "expire"    // expire an unanswered request, if its time has come
	StepReview    = "review"    // send a flagged beneficiary to manual review
	StepPublicity = "publicity" // start the publicity period
	StepApprove   = "approve"   // end publicity and approve, if its time has come
)

// BenefitState is the case after a step: its status, the instant the
// status waits for (a request's expiry or publicity's end), and the
// service clock's now, which the workflow's timer is measured from.
type BenefitState struct {
	Status  haoban.BenefitStatus
	Flagged bool
	Wait    time.Time
	Now     time.Time
}

// Benefit drives one benefit case. People's actions (a confirmation, an
// objection, a review, a payment retried) are recorded by the service,
// which then signals SignalBenefitChanged; the workflow reads the case
// again and goes on. Every activity is idempotent, so a crash at any
// point repeats nothing the store has recorded and never pays twice.
func Benefit(ctx workflow.Context, in BenefitInput) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	b := &benefitFlow{id: haoban.BenefitID(in.Match.Policy, in.Match.Period, in.Match.Beneficiary),
		changed: workflow.GetSignalChannel(ctx, SignalBenefitChanged)}
	if err := workflow.ExecuteActivity(ctx, ActivityOpenBenefit, in).Get(ctx, &b.state); err != nil {
		return err
	}
	for !b.state.Status.Final() {
		next, err := b.advance(ctx)
		if err != nil {
			return err
		}
		if !next {
			b.wait(ctx)
			if err := b.step(ctx, StepLook); err != nil {
				return err
			}
		}
	}
	return nil
}

type benefitFlow struct {
	id      string
	state   BenefitState
	changed workflow.ReceiveChannel
}

// advance takes the step the status calls for; false means the case waits
// for a person or for its time.
func (b *benefitFlow) advance(ctx workflow.Context) (bool, error) {
	switch b.state.Status {
	case haoban.BenefitMatched, haoban.BenefitConfirmed:
		return true, b.afterConsent(ctx)
	case haoban.BenefitAsked:
		return b.timed(ctx, StepExpire)
	case haoban.BenefitPublicity:
		return b.timed(ctx, StepApprove)
	case haoban.BenefitApproved:
		if err := workflow.ExecuteActivity(ctx, ActivitySealGrant, b.id).Get(ctx, nil); err != nil {
			return false, err
		}
		return true, workflow.ExecuteActivity(ctx, ActivityPayBenefit, b.id).Get(ctx, &b.state)
	}
	// review, objected, failed: a person acts next.
	return false, nil
}

// afterConsent is what follows a match that needs no confirmation, or a
// confirmed one: the request for confirmation when the policy asks first
// and nobody was asked yet, else manual review of a flagged beneficiary,
// else publicity.
func (b *benefitFlow) afterConsent(ctx workflow.Context) error {
	step := StepPublicity
	switch {
	case b.state.Status == haoban.BenefitMatched:
		step = StepAsk // the store keeps a case matched when its policy pays without asking
	case b.state.Flagged:
		step = StepReview
	}
	before := b.state.Status
	if err := b.step(ctx, step); err != nil {
		return err
	}
	if b.state.Status == before && step == StepAsk {
		// Nothing to ask: the policy pays directly.
		if b.state.Flagged {
			return b.step(ctx, StepReview)
		}
		return b.step(ctx, StepPublicity)
	}
	return nil
}

// timed tries a step whose time may have come; not yet, it reports false.
func (b *benefitFlow) timed(ctx workflow.Context, step string) (bool, error) {
	before := b.state.Status
	if err := b.step(ctx, step); err != nil {
		return false, err
	}
	return b.state.Status != before, nil
}

func (b *benefitFlow) step(ctx workflow.Context, step string) error {
	return workflow.ExecuteActivity(ctx, ActivityBenefitStep, BenefitStep{ID: b.id, Step: step}).Get(ctx, &b.state)
}

// wait returns when the service signals a change or the instant the case
// waits for has come by the service's clock.
func (b *benefitFlow) wait(ctx workflow.Context) {
	s := workflow.NewSelector(ctx)
	s.AddReceive(b.changed, func(c workflow.ReceiveChannel, _ bool) {
		c.Receive(ctx, nil)
		for c.ReceiveAsync(nil) {
			// One look serves every signal received meanwhile.
		}
	})
	tctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	if !b.state.Wait.IsZero() {
		d := b.state.Wait.Sub(b.state.Now)
		if d < time.Second {
			d = time.Second
		}
		s.AddFuture(workflow.NewTimer(tctx, d), func(workflow.Future) {})
	}
	s.Select(ctx)
}
