package app

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"haoban"
	"haoban/treasury"
	"haoban/workflows"
)

// BenefitFlowStore is what the benefit workflow's steps read and write.
type BenefitFlowStore interface {
	BenefitStore
	FindPolicyVersion(ctx context.Context, policy string, version int) (haoban.PolicyVersion, error)
}

// GrantSealer seals a benefit's grant decision (issuing.Issuer).
type GrantSealer interface {
	SealGrant(ctx context.Context, b haoban.BenefitCase, legalBasis []string) (haoban.Document, error)
}

// BenefitStarter starts a benefit case's workflow (workflows.Client).
type BenefitStarter interface {
	StartBenefit(ctx context.Context, in workflows.BenefitInput, id string) error
}

// BenefitFlow takes the steps of a benefit case for its workflow. Every
// step is safe to repeat: the store records each under a key, and the
// payment's idempotency key is the case's.
type BenefitFlow struct {
	Store    BenefitFlowStore
	Treasury treasury.Treasury
	Sealer   GrantSealer
	Starter  BenefitStarter
	Time     haoban.TimeSource
}

// PaymentKey is the idempotency key of a case's payment order: derived
// from the case, never from the attempt, so that no retry pays twice.
func PaymentKey(id string) string { return "benefit:" + id }

// RecoveryKey is the key of the order that recovers a reversed payment.
func RecoveryKey(id string) string { return "recover:" + id }

// DeliverPage starts the benefit cases of a page of the period's
// undelivered matches and marks them delivered.
func (f *BenefitFlow) DeliverPage(ctx context.Context, in workflows.DeliverInput, beat func()) (workflows.DeliverPageResult, error) {
	ms, err := f.Store.UndeliveredMatches(ctx, in.Policy, in.Period, workflows.DeliverPageSize)
	if err != nil {
		return workflows.DeliverPageResult{}, err
	}
	keys := make([]string, 0, len(ms))
	for _, m := range ms {
		if err := f.Starter.StartBenefit(ctx, workflows.BenefitInput{Match: m}, haoban.BenefitID(m.Policy, m.Period, m.Beneficiary)); err != nil {
			return workflows.DeliverPageResult{}, err
		}
		keys = append(keys, m.Beneficiary)
		beat()
	}
	if err := f.Store.MarkDelivered(ctx, in.Policy, in.Period, keys, now(f.Time)); err != nil {
		return workflows.DeliverPageResult{}, err
	}
	return workflows.DeliverPageResult{Started: len(ms)}, nil
}

// Open records the case of a match.
func (f *BenefitFlow) Open(ctx context.Context, m haoban.PolicyMatch) (workflows.BenefitState, error) {
	v, err := f.Store.FindPolicyVersion(ctx, m.Policy, m.Version)
	if err != nil {
		return workflows.BenefitState{}, err
	}
	at := now(f.Time)
	b := haoban.BenefitCase{ID: haoban.BenefitID(m.Policy, m.Period, m.Beneficiary), Policy: m.Policy, PolicyName: v.Body.Name,
		Version: m.Version, Period: m.Period, Department: v.Body.Department, Beneficiary: m.Beneficiary, Kind: m.Kind,
		Name: m.Name, Amount: m.Amount, Facts: m.Facts, Delivery: v.Body.Delivery, Status: haoban.BenefitMatched,
		MatchedAt: m.MatchedAt, UpdatedAt: at, Account: haoban.BenefitAccount(m.Kind, m.Beneficiary)}
	kept, err := f.Store.OpenBenefit(ctx, b, v.Body.Budget)
	if err != nil {
		return workflows.BenefitState{}, err
	}
	return f.state(kept), nil
}

// Step takes one step of a case whose time may have come.
func (f *BenefitFlow) Step(ctx context.Context, in workflows.BenefitStep) (workflows.BenefitState, error) {
	b, err := f.Store.FindBenefit(ctx, in.ID)
	if err != nil {
		return workflows.BenefitState{}, err
	}
	at := now(f.Time)
	t := haoban.BenefitTransition{ID: b.ID, At: at, Actor: "system", Key: in.Step}
	switch {
	case in.Step == workflows.StepAsk && b.Status == haoban.BenefitMatched && b.Delivery != haoban.DeliverAutomatic:
		t.From, t.To, t.Event = []haoban.BenefitStatus{haoban.BenefitMatched}, haoban.BenefitAsked, "confirmation_requested"
		t.Set.ConfirmBy = at.AddDate(0, 0, haoban.ConfirmDays)
		t.Notice = &haoban.BenefitNotice{Kind: haoban.KindBenefitMatched, Title: "您可享受「" + b.PolicyName + "」",
			Body: fmt.Sprintf("经数据比对，%s符合「%s」的享受条件，可获 %s 元，无需申请。请在 %s 前到「我的待享」确认领取%s。",
				b.Name, b.PolicyName, money(b.Amount), chineseDay(t.Set.ConfirmBy), pledgeWords(b.Delivery))}
	case in.Step == workflows.StepExpire && b.Status == haoban.BenefitAsked && !at.Before(b.ConfirmBy):
		t.From, t.To, t.Event = []haoban.BenefitStatus{haoban.BenefitAsked}, haoban.BenefitExpired, "confirmation_expired"
		t.Set.Reason = "逾期未确认"
		t.Notice = &haoban.BenefitNotice{Kind: haoban.KindBenefitStopped, Title: "「" + b.PolicyName + "」待享已过期",
			Body: "您未在期限内确认领取。如仍需享受，可通过办事指南中的申请渠道办理。"}
	case in.Step == workflows.StepReview && (b.Status == haoban.BenefitMatched || b.Status == haoban.BenefitConfirmed):
		t.From, t.To, t.Event = []haoban.BenefitStatus{b.Status}, haoban.BenefitReview, "review_requested"
		t.Set.Reason = "信用记录显示严重失信，转人工复核"
	case in.Step == workflows.StepPublicity && (b.Status == haoban.BenefitMatched || b.Status == haoban.BenefitConfirmed):
		v, err := f.Store.FindPolicyVersion(ctx, b.Policy, b.Version)
		if err != nil {
			return workflows.BenefitState{}, err
		}
		t = publicityTransition(b, v.Body, at, "system")
	case in.Step == workflows.StepApprove && b.Status == haoban.BenefitPublicity && !at.Before(b.PublicityTo):
		kept, err := f.Store.ApproveBenefit(ctx, b.ID, at)
		return f.state(kept), err
	default:
		return f.state(b), nil // not this step's time, or taken before
	}
	kept, err := f.Store.TransitionBenefit(ctx, t)
	if haoban.ErrorCode(err) == haoban.ECONFLICT {
		// A person acted first (a confirmation as the request expired):
		// their step stands.
		kept, err = f.Store.FindBenefit(ctx, b.ID)
	}
	return f.state(kept), err
}

// publicityTransition starts a case's publicity for the policy's days.
func publicityTransition(b haoban.BenefitCase, p haoban.Policy, at time.Time, actor string) haoban.BenefitTransition {
	t := haoban.BenefitTransition{ID: b.ID, At: at, Actor: actor, Key: "publicity", Event: "publicity_started",
		From: []haoban.BenefitStatus{b.Status}, To: haoban.BenefitPublicity}
	t.Set.PublicityFrom, t.Set.PublicityTo = at, at.AddDate(0, 0, p.Publicity)
	if b.Delivery == haoban.DeliverAutomatic {
		t.Notice = &haoban.BenefitNotice{Kind: haoban.KindBenefitMatched, Title: "您可享受「" + b.PolicyName + "」",
			Body: fmt.Sprintf("经数据比对，%s符合「%s」的享受条件，可获 %s 元，无需申请。名单公示至 %s，期满无异议即发放。",
				b.Name, b.PolicyName, money(b.Amount), chineseDay(t.Set.PublicityTo))}
	}
	return t
}

// Seal seals the grant decision of an approved case, once.
func (f *BenefitFlow) Seal(ctx context.Context, id string) error {
	b, err := f.Store.FindBenefit(ctx, id)
	if err != nil || b.DecisionDocument != "" || b.Status != haoban.BenefitApproved {
		return err
	}
	v, err := f.Store.FindPolicyVersion(ctx, b.Policy, b.Version)
	if err != nil {
		return err
	}
	d, err := f.Sealer.SealGrant(ctx, b, v.Body.LegalBasis)
	if err != nil {
		return err
	}
	_, err = f.Store.TransitionBenefit(ctx, haoban.BenefitTransition{ID: id, From: []haoban.BenefitStatus{haoban.BenefitApproved},
		To: haoban.BenefitApproved, At: now(f.Time), Key: "sealed", Event: "grant_sealed", Actor: "system",
		Detail: map[string]any{"document": d.ID}, Set: haoban.BenefitFields{DecisionDocument: d.ID},
		Notice: &haoban.BenefitNotice{Kind: haoban.KindBenefitApproved, Title: "「" + b.PolicyName + "」给付决定",
			Body: fmt.Sprintf("公示期满，决定向%s发放「%s」%s 元。给付决定书已加盖电子印章，可在「我的待享」查看和验证。",
				b.Name, b.PolicyName, money(b.Amount))}})
	return err
}

// Pay sends the approved case's payment order, once per case: a refusal
// by the payment service fails the case for an admin to put right; any
// other error is retried with the same key.
func (f *BenefitFlow) Pay(ctx context.Context, id string) (workflows.BenefitState, error) {
	b, err := f.Store.FindBenefit(ctx, id)
	if err != nil || b.Status != haoban.BenefitApproved {
		return f.state(b), err
	}
	if f.Treasury == nil {
		return f.state(b), errNoTreasury
	}
	o := treasury.Order{Key: PaymentKey(id), Payee: treasury.Payee{ID: b.Beneficiary, Name: b.Name, Account: b.Account},
		Amount: fen(b.Amount), Policy: b.Policy, Case: id, Purpose: b.PolicyName + "（免申即享）"}
	e, err := f.Treasury.Pay(ctx, o)
	at := now(f.Time)
	t := haoban.BenefitTransition{ID: id, From: []haoban.BenefitStatus{haoban.BenefitApproved}, At: at, Actor: "system"}
	switch code := haoban.ErrorCode(err); {
	case err == nil:
		t.To, t.Key, t.Event = haoban.BenefitPaid, "paid", "paid"
		t.Detail = map[string]any{"serial": e.Serial, "amount": b.Amount}
		t.Set.PaymentKey, t.Set.PaymentSerial, t.Set.PaidAt = o.Key, e.Serial, bookedAt(e, at)
		t.Notice = &haoban.BenefitNotice{Kind: haoban.KindBenefitPaid, Title: "「" + b.PolicyName + "」资金已发放",
			Body: fmt.Sprintf("%s 元已发放至%s，请注意查收。", money(b.Amount), accountWords(b.Account))}
	case code == haoban.EUNPROCESSABLE || code == haoban.EINVALID || code == haoban.ECONFLICT:
		// The service refused the order: retrying the same order cannot
		// help; the attempt's time keys the failure, so that a later
		// retry that fails again is recorded too.
		t.To, t.Key, t.Event = haoban.BenefitFailed, "failed:"+b.UpdatedAt.UTC().Format(time.RFC3339Nano), "payment_failed"
		t.Set.Reason = "兑付失败：" + haoban.ErrorMessage(err)
		t.Notice = &haoban.BenefitNotice{Kind: haoban.KindBenefitStopped, Title: "「" + b.PolicyName + "」暂未发放",
			Body: "资金发放未成功，工作人员将核实收款账户后重新发放，无需您办理。"}
	default:
		return workflows.BenefitState{}, err
	}
	kept, err := f.Store.TransitionBenefit(ctx, t)
	return f.state(kept), err
}

// state is what the workflow needs of a case.
func (f *BenefitFlow) state(b haoban.BenefitCase) workflows.BenefitState {
	s := workflows.BenefitState{Status: b.Status, Flagged: b.Flagged, Now: now(f.Time)}
	switch b.Status {
	case haoban.BenefitAsked:
		s.Wait = b.ConfirmBy
	case haoban.BenefitPublicity:
		s.Wait = b.PublicityTo
	}
	return s
}

// errNoTreasury is retried: the payment waits until a worker with a
// payment service takes it.
var errNoTreasury = haoban.Errorf(haoban.EUNAVAILABLE, "未配置支付服务（HAOBAN_TREASURY_URL），资金暂不能发放")

// fen is an amount in yuan in the payment service's unit.
func fen(yuan float64) int64 { return int64(math.Round(yuan * 100)) }

// money writes an amount in yuan as people read it: 2000, 1234.50.
func money(yuan float64) string {
	if yuan == math.Trunc(yuan) {
		return fmt.Sprintf("%.0f", yuan)
	}
	return fmt.Sprintf("%.2f", yuan)
}

func chineseDay(t time.Time) string {
	t = t.In(haoban.Beijing)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

func pledgeWords(d haoban.Delivery) string {
	if d == haoban.DeliverPledge {
		return "，并签署告知承诺书"
	}
	return ""
}

// accountWords names the kind of account a payment went to, without its
// number (haoban.BenefitAccount writes kind/number).
func accountWords(account string) string {
	if kind, _, ok := strings.Cut(account, "/"); ok {
		return "您的" + kind
	}
	return "您的收款账户"
}
