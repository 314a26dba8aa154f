package app_test

import (
	"context"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/workflows"
)

// benefitWorld is the benefit use cases on fakes, on a clock the test moves.
type benefitWorld struct {
	store   *benefitStore
	ledger  *ledger
	signals *signals
	seals   *seals
	clock   *haoban.FixedTime
	flow    *app.BenefitFlow
	people  *app.Benefits
	admin   *app.BenefitAdmin
}

func newBenefitWorld(t *testing.T) *benefitWorld {
	t.Helper()
	w := &benefitWorld{store: newBenefitStore(), ledger: &ledger{now: policyDay.T}, signals: &signals{}, seals: &seals{},
		clock: &haoban.FixedTime{T: policyDay.T}}
	w.flow = &app.BenefitFlow{Store: w.store, Treasury: w.ledger, Sealer: w.seals, Starter: w.signals, Time: w.clock}
	w.people = &app.Benefits{Store: w.store, Flow: w.signals, Pledge: w.seals, Authz: authz(t), Time: w.clock}
	w.admin = &app.BenefitAdmin{Store: w.store, Flow: w.signals, Treasury: w.ledger, Authz: authz(t), Time: w.clock}
	return w
}

// open records li-na's match of a demo policy and returns its case ID.
func (w *benefitWorld) open(t *testing.T, policy, beneficiary string, amount float64) string {
	t.Helper()
	m := haoban.PolicyMatch{Policy: policy, Version: 1, Period: "p", Beneficiary: beneficiary, Kind: haoban.ForPersons,
		Name: "李娜", Amount: amount, MatchedAt: policyDay.T}
	if _, err := w.flow.Open(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return haoban.BenefitID(policy, "p", beneficiary)
}

func (w *benefitWorld) step(t *testing.T, id, step string) workflows.BenefitState {
	t.Helper()
	s, err := w.flow.Step(context.Background(), workflows.BenefitStep{ID: id, Step: step})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (w *benefitWorld) status(t *testing.T, id string) haoban.BenefitStatus {
	t.Helper()
	b, err := w.store.FindBenefit(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return b.Status
}

// TestBenefitConfirmPublicityPay walks the newborn subsidy: asked with a
// deadline, confirmed by the beneficiary, publicity that does not end
// early, approval, one sealed decision and one payment however often the
// steps repeat.
func TestBenefitConfirmPublicityPay(t *testing.T) {
	w := newBenefitWorld(t)
	ctx := context.Background()
	lina := asDemo(t, "li-na")
	id := w.open(t, "newborn-childcare-subsidy", lina.User.IDNumber, 3600)

	s := w.step(t, id, workflows.StepAsk)
	if s.Status != haoban.BenefitAsked || !s.Wait.Equal(policyDay.T.AddDate(0, 0, haoban.ConfirmDays)) {
		t.Fatalf("after asking: %+v, want asked until %d days on", s, haoban.ConfirmDays)
	}
	if len(w.store.notices) != 1 || w.store.notices[0].Kind != haoban.KindBenefitMatched {
		t.Fatalf("notices %+v, want the request to confirm", w.store.notices)
	}
	if s := w.step(t, id, workflows.StepExpire); s.Status != haoban.BenefitAsked {
		t.Fatalf("expired early: %s", s.Status)
	}
	if _, err := w.people.Answer(ctx, lina, id, true, false); err != nil {
		t.Fatal(err)
	}
	if len(w.signals.changed) != 1 {
		t.Fatalf("workflow told %d times, want once", len(w.signals.changed))
	}
	s = w.step(t, id, workflows.StepPublicity)
	if s.Status != haoban.BenefitPublicity || !s.Wait.Equal(policyDay.T.AddDate(0, 0, 7)) {
		t.Fatalf("publicity %+v, want 7 days", s)
	}
	if s := w.step(t, id, workflows.StepApprove); s.Status != haoban.BenefitPublicity {
		t.Fatalf("approved during publicity: %s", s.Status)
	}
	w.clock.T = policyDay.T.AddDate(0, 0, 7)
	if s := w.step(t, id, workflows.StepApprove); s.Status != haoban.BenefitApproved {
		t.Fatalf("after publicity: %s, want approved", s.Status)
	}
	for range 2 {
		if err := w.flow.Seal(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := w.flow.Pay(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := w.store.FindBenefit(ctx, id)
	if b.Status != haoban.BenefitPaid || b.DecisionDocument != "grant-"+id || w.seals.grants != 1 {
		t.Fatalf("case %+v, %d grants sealed; want paid with one sealed decision", b, w.seals.grants)
	}
	if len(w.ledger.entries) != 1 || w.ledger.entries[0].Order.Amount != 360000 || w.ledger.entries[0].Order.Key != app.PaymentKey(id) {
		t.Fatalf("ledger %+v, want one payment of 360000 fen under the case's key", w.ledger.entries)
	}
	diffs, err := w.admin.Reconcile(ctx, asDemo(t, "catalogue-admin"), policyDay.T, policyDay.T.AddDate(0, 1, 0))
	if err != nil || len(diffs) != 0 {
		t.Fatalf("reconcile: %v %+v, want no difference", err, diffs)
	}
}

// TestBenefitAnswerRules: only the beneficiary answers, a pledge policy
// needs the pledge, and an expired request cannot be confirmed.
func TestBenefitAnswerRules(t *testing.T) {
	w := newBenefitWorld(t)
	ctx := context.Background()
	lina := asDemo(t, "li-na")
	id := w.open(t, "employment-subsidy", lina.User.IDNumber, 2000) // 告知承诺
	w.step(t, id, workflows.StepAsk)

	if _, err := w.people.Answer(ctx, asDemo(t, "zhang-wei"), id, true, true); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Errorf("another applicant answering: %v, want ENOTFOUND", err)
	}
	if _, err := w.people.Answer(ctx, asDemo(t, "reviewer-hrss"), id, true, true); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("a reviewer answering: %v, want EFORBIDDEN", err)
	}
	if _, err := w.people.Answer(ctx, lina, id, true, false); haoban.ErrorField(err) != "pledge" {
		t.Errorf("confirming without the pledge: %v, want an error on the pledge", err)
	}
	if _, err := w.people.Answer(ctx, lina, id, true, true); err != nil {
		t.Fatal(err)
	}
	b, _ := w.store.FindBenefit(ctx, id)
	if b.Status != haoban.BenefitConfirmed || b.PledgeDocument != "pledge-"+id || w.seals.pledges != 1 {
		t.Fatalf("case %+v, want confirmed with the signed pledge", b)
	}
	if _, err := w.people.Answer(ctx, lina, id, true, true); err != nil || w.seals.pledges != 1 {
		t.Errorf("confirming again: %v, %d pledges; want the same case, one pledge", err, w.seals.pledges)
	}
	if _, err := w.people.Answer(ctx, lina, id, false, false); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Errorf("declining after confirming: %v, want ECONFLICT", err)
	}

	late := w.open(t, "newborn-childcare-subsidy", lina.User.IDNumber, 3600)
	w.step(t, late, workflows.StepAsk)
	w.clock.T = policyDay.T.AddDate(0, 0, haoban.ConfirmDays)
	if _, err := w.people.Answer(ctx, lina, late, true, false); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Errorf("confirming after the deadline: %v, want ECONFLICT", err)
	}
	if s := w.step(t, late, workflows.StepExpire); s.Status != haoban.BenefitExpired {
		t.Errorf("after the deadline: %s, want expired", s.Status)
	}
}

// TestBenefitObjections: an objection needs reasons; only the issuing
// department decides it; upheld, the case stops.
func TestBenefitObjections(t *testing.T) {
	w := newBenefitWorld(t)
	ctx := context.Background()
	id := w.open(t, "elderly-hardship-allowance", asDemo(t, "li-na").User.IDNumber, 800) // paid directly
	if s := w.step(t, id, workflows.StepAsk); s.Status != haoban.BenefitMatched {
		t.Fatalf("an automatic policy asked: %s", s.Status)
	}
	w.step(t, id, workflows.StepPublicity)

	zhang := asDemo(t, "zhang-wei")
	if _, err := w.people.Object(ctx, zhang, id, "不对"); haoban.ErrorField(err) != "reasons" {
		t.Errorf("short reasons: %v, want an error on reasons", err)
	}
	o, err := w.people.Object(ctx, zhang, id, "此人已于今年迁出本市，不应享受")
	if err != nil {
		t.Fatal(err)
	}
	if w.status(t, id) != haoban.BenefitObjected || !o.DueAt.After(policyDay.T.AddDate(0, 0, 5)) {
		t.Fatalf("status %s, objection due %s; want objected, due after 5 working days", w.status(t, id), o.DueAt)
	}
	if _, err := w.people.DecideObjection(ctx, asDemo(t, "reviewer-samr"), o.ID, true, "核实属实"); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("another department deciding: %v, want EFORBIDDEN", err)
	}
	if _, err := w.people.DecideObjection(ctx, asDemo(t, "reviewer-civil"), o.ID, true, " "); haoban.ErrorField(err) != "finding" {
		t.Errorf("deciding without a finding: %v, want an error on finding", err)
	}
	if _, err := w.people.DecideObjection(ctx, asDemo(t, "reviewer-civil"), o.ID, true, "经核实已迁出本市"); err != nil {
		t.Fatal(err)
	}
	if w.status(t, id) != haoban.BenefitStopped {
		t.Fatalf("status %s after an upheld objection, want stopped", w.status(t, id))
	}
	v, err := w.people.Get(ctx, asDemo(t, "li-na"), id)
	if err != nil || v.Apply == nil || v.Apply.Link == "" {
		t.Fatalf("stopped case as its beneficiary sees it: %+v %v, want the route to apply or ask for review", v.Apply, err)
	}
	if _, err := w.people.Get(ctx, zhang, id); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Errorf("the objector reading the case: %v, want ENOTFOUND", err)
	}
}

// TestBenefitPaymentRefusedThenReversed: a refused payment fails the case;
// the admin sends it again; a paid case reversed gets a recovery order
// that names the payment, and its funds return.
func TestBenefitPaymentRefusedThenReversed(t *testing.T) {
	w := newBenefitWorld(t)
	ctx := context.Background()
	lina := asDemo(t, "li-na")
	id := w.open(t, "elderly-hardship-allowance", lina.User.IDNumber, 800)
	w.step(t, id, workflows.StepPublicity)
	w.clock.T = policyDay.T.AddDate(0, 0, 7)
	w.step(t, id, workflows.StepApprove)
	w.ledger.refuse = lina.User.IDNumber
	if s, err := w.flow.Pay(ctx, id); err != nil || s.Status != haoban.BenefitFailed {
		t.Fatalf("refused payment: %+v %v, want failed", s, err)
	}
	admin := asDemo(t, "catalogue-admin")
	if _, err := w.admin.RetryPayment(ctx, lina, id, "已核实账户"); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("the beneficiary retrying: %v, want EFORBIDDEN", err)
	}
	if _, err := w.admin.RetryPayment(ctx, admin, id, "已核实账户"); err != nil {
		t.Fatal(err)
	}
	w.ledger.refuse = ""
	if s, err := w.flow.Pay(ctx, id); err != nil || s.Status != haoban.BenefitPaid {
		t.Fatalf("payment sent again: %+v %v, want paid", s, err)
	}

	if _, err := w.admin.Reverse(ctx, asDemo(t, "reviewer-civil"), id, "重复享受"); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("a reviewer reversing: %v, want EFORBIDDEN", err)
	}
	for range 2 {
		if _, err := w.admin.Reverse(ctx, admin, id, "重复享受"); err != nil {
			t.Fatal(err)
		}
	}
	if len(w.ledger.entries) != 2 {
		t.Fatalf("ledger %+v, want the payment and one recovery", w.ledger.entries)
	}
	r := w.ledger.entries[1].Order
	if r.Amount != -80000 || r.Recovers != app.PaymentKey(id) || r.Key != app.RecoveryKey(id) {
		t.Errorf("recovery order %+v", r)
	}
	b, _ := w.store.FindBenefit(ctx, id)
	if b.Status != haoban.BenefitCorrected || w.store.reserved[b.Policy+b.Period] != 0 {
		t.Errorf("case %s, reserved %v; want corrected and the funds returned", b.Status, w.store.reserved[b.Policy+b.Period])
	}
}

// TestBenefitBudgetRunsOut: approvals beyond the period's funds leave the
// case unfunded.
func TestBenefitBudgetRunsOut(t *testing.T) {
	w := newBenefitWorld(t)
	lina := asDemo(t, "li-na").User.IDNumber
	id := w.open(t, "micro-fee-reduction", lina, 1200)
	w.store.budgets["micro-fee-reductionp"] = 1000
	w.step(t, id, workflows.StepPublicity)
	if s := w.step(t, id, workflows.StepApprove); s.Status != haoban.BenefitUnfunded {
		t.Errorf("approved beyond the budget: %s", s.Status)
	}
}
