package workflows_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"haoban"
	"haoban/workflows"
)

// benefitCase plays the store and the app for the Benefit workflow: one
// case, moved by the same rules (a step whose time has not come changes
// nothing), with the test's people acting through delayed callbacks.
type benefitCase struct {
	mu        sync.Mutex
	now       func() time.Time
	status    haoban.BenefitStatus
	delivery  haoban.Delivery
	flagged   bool
	wait      time.Time
	publicity time.Duration
	failPay   int // refusals before the payment goes through
	steps     []string
	sealed    int
	paid      int
}

func (c *benefitCase) state() workflows.BenefitState {
	return workflows.BenefitState{Status: c.status, Flagged: c.flagged, Wait: c.wait, Now: c.now()}
}

func (c *benefitCase) open(_ context.Context, _ workflows.BenefitInput) (workflows.BenefitState, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.status = haoban.BenefitMatched
	return c.state(), nil
}

func (c *benefitCase) step(_ context.Context, in workflows.BenefitStep) (workflows.BenefitState, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	took := true
	switch {
	case in.Step == workflows.StepAsk && c.status == haoban.BenefitMatched && c.delivery != haoban.DeliverAutomatic:
		c.status, c.wait = haoban.BenefitAsked, now.AddDate(0, 0, haoban.ConfirmDays)
	case in.Step == workflows.StepExpire && c.status == haoban.BenefitAsked && !now.Before(c.wait):
		c.status, c.wait = haoban.BenefitExpired, time.Time{}
	case in.Step == workflows.StepReview && (c.status == haoban.BenefitMatched || c.status == haoban.BenefitConfirmed):
		c.status = haoban.BenefitReview
	case in.Step == workflows.StepPublicity && (c.status == haoban.BenefitMatched || c.status == haoban.BenefitConfirmed):
		c.status, c.wait = haoban.BenefitPublicity, now.Add(c.publicity)
	case in.Step == workflows.StepApprove && c.status == haoban.BenefitPublicity && !now.Before(c.wait):
		c.status, c.wait = haoban.BenefitApproved, time.Time{}
	default:
		took = false
	}
	if took {
		c.steps = append(c.steps, in.Step)
	}
	return c.state(), nil
}

func (c *benefitCase) seal(_ context.Context, _ string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sealed++
	return nil
}

func (c *benefitCase) pay(_ context.Context, _ string) (workflows.BenefitState, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status != haoban.BenefitApproved {
		return c.state(), nil
	}
	if c.failPay > 0 {
		c.failPay--
		c.status = haoban.BenefitFailed
		return c.state(), nil
	}
	c.paid++
	c.status = haoban.BenefitPaid
	return c.state(), nil
}

// set is a person's action recorded by the service: the case changes and
// the workflow is told.
func (c *benefitCase) set(env *testsuite.TestWorkflowEnvironment, s haoban.BenefitStatus) {
	c.mu.Lock()
	c.status = s
	if s == haoban.BenefitPublicity {
		c.wait = c.now().Add(c.publicity)
	}
	c.mu.Unlock()
	env.SignalWorkflow(workflows.SignalBenefitChanged, nil)
}

func runBenefit(t *testing.T, c *benefitCase, people func(env *testsuite.TestWorkflowEnvironment)) {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	c.now = env.Now
	env.RegisterWorkflowWithOptions(workflows.Benefit, workflow.RegisterOptions{Name: workflows.WorkflowBenefit})
	env.RegisterActivityWithOptions(c.open, activity.RegisterOptions{Name: workflows.ActivityOpenBenefit})
	env.RegisterActivityWithOptions(c.step, activity.RegisterOptions{Name: workflows.ActivityBenefitStep})
	env.RegisterActivityWithOptions(c.seal, activity.RegisterOptions{Name: workflows.ActivitySealGrant})
	env.RegisterActivityWithOptions(c.pay, activity.RegisterOptions{Name: workflows.ActivityPayBenefit})
	if people != nil {
		people(env)
	}
	env.ExecuteWorkflow(workflows.WorkflowBenefit, workflows.BenefitInput{Match: haoban.PolicyMatch{Policy: "p", Period: "2026", Beneficiary: "b"}})
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
}

// TestBenefitConfirmedThenPaid: asked, confirmed an hour later, seven days
// of publicity pass on the timer, then sealed and paid once.
func TestBenefitConfirmedThenPaid(t *testing.T) {
	c := &benefitCase{delivery: haoban.DeliverConfirm, publicity: 7 * 24 * time.Hour}
	runBenefit(t, c, func(env *testsuite.TestWorkflowEnvironment) {
		env.RegisterDelayedCallback(func() { c.set(env, haoban.BenefitConfirmed) }, time.Hour)
	})
	if want := []string{"ask", "publicity", "approve"}; !slices.Equal(c.steps, want) {
		t.Errorf("steps %q, want %q", c.steps, want)
	}
	if c.status != haoban.BenefitPaid || c.paid != 1 || c.sealed != 1 {
		t.Errorf("status %s, paid %d, sealed %d; want paid once, sealed once", c.status, c.paid, c.sealed)
	}
}

// TestBenefitUnansweredExpires: nobody answers; after the confirmation
// period the request expires and nothing is paid.
func TestBenefitUnansweredExpires(t *testing.T) {
	c := &benefitCase{delivery: haoban.DeliverPledge, publicity: time.Hour}
	runBenefit(t, c, nil)
	if c.status != haoban.BenefitExpired || c.paid != 0 {
		t.Errorf("status %s, paid %d; want expired, unpaid", c.status, c.paid)
	}
}

// TestBenefitFlaggedGoesToReview: a seriously untrustworthy beneficiary of
// an automatic policy waits for a person's review before publicity.
func TestBenefitFlaggedGoesToReview(t *testing.T) {
	c := &benefitCase{delivery: haoban.DeliverAutomatic, flagged: true, publicity: 24 * time.Hour}
	runBenefit(t, c, func(env *testsuite.TestWorkflowEnvironment) {
		env.RegisterDelayedCallback(func() {
			if c.status != haoban.BenefitReview {
				t.Errorf("status %s before the review, want review", c.status)
			}
			c.set(env, haoban.BenefitPublicity)
		}, 3*24*time.Hour)
	})
	if want := []string{"review", "approve"}; !slices.Equal(c.steps, want) {
		t.Errorf("steps %q, want %q", c.steps, want)
	}
	if c.paid != 1 {
		t.Errorf("paid %d times, want once", c.paid)
	}
}

// TestBenefitObjectionUpheldStops: an objection during publicity holds the
// case past its end; upheld, the case stops unpaid.
func TestBenefitObjectionUpheldStops(t *testing.T) {
	c := &benefitCase{delivery: haoban.DeliverAutomatic, publicity: 5 * 24 * time.Hour}
	runBenefit(t, c, func(env *testsuite.TestWorkflowEnvironment) {
		env.RegisterDelayedCallback(func() { c.set(env, haoban.BenefitObjected) }, 24*time.Hour)
		env.RegisterDelayedCallback(func() { c.set(env, haoban.BenefitStopped) }, 3*24*time.Hour)
	})
	if c.status != haoban.BenefitStopped || c.paid != 0 || c.sealed != 0 {
		t.Errorf("status %s, paid %d, sealed %d; want stopped, unpaid, unsealed", c.status, c.paid, c.sealed)
	}
}

// TestBenefitFailedPaymentRetried: the payment service refuses; the case
// waits until an admin sends it again, then it is paid.
func TestBenefitFailedPaymentRetried(t *testing.T) {
	c := &benefitCase{delivery: haoban.DeliverAutomatic, publicity: time.Hour, failPay: 1}
	runBenefit(t, c, func(env *testsuite.TestWorkflowEnvironment) {
		env.RegisterDelayedCallback(func() {
			if c.status != haoban.BenefitFailed {
				t.Errorf("status %s before the retry, want failed", c.status)
			}
			c.set(env, haoban.BenefitApproved)
		}, 48*time.Hour)
	})
	if c.status != haoban.BenefitPaid || c.paid != 1 || c.sealed != 2 {
		t.Errorf("status %s, paid %d, sealed %d; want paid once (the seal step runs again, and is idempotent)", c.status, c.paid, c.sealed)
	}
}

// TestBenefitObjectionRejectedPays: a rejected objection returns the case
// to publicity; at its end the case is paid.
func TestBenefitObjectionRejectedPays(t *testing.T) {
	c := &benefitCase{delivery: haoban.DeliverAutomatic, publicity: 5 * 24 * time.Hour}
	runBenefit(t, c, func(env *testsuite.TestWorkflowEnvironment) {
		env.RegisterDelayedCallback(func() { c.set(env, haoban.BenefitObjected) }, 24*time.Hour)
		env.RegisterDelayedCallback(func() { c.set(env, haoban.BenefitPublicity) }, 2*24*time.Hour)
	})
	if c.status != haoban.BenefitPaid || c.paid != 1 {
		t.Errorf("status %s, paid %d; want paid once", c.status, c.paid)
	}
}
