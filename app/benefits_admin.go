package app

import (
	"context"
	"strings"
	"time"

	"haoban"
	"haoban/treasury"
)

// BenefitAdmin is the issuing side of benefit cases: the public publicity
// list, the department's work, the policy dashboard, and the catalogue
// admin's corrections (a failed payment sent again, a payment reversed
// with a recovery order) and reconciliation with the treasury.
type BenefitAdmin struct {
	Store    BenefitsStore
	Flow     BenefitSignaler
	Treasury treasury.Treasury
	Authz    Authorizer
	Time     haoban.TimeSource
}

// PublicityEntry is one line of a publicity list, as anyone may read it:
// the name masked (张*明), the amount and the end of publicity.
type PublicityEntry struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Amount float64   `json:"amount"`
	Until  time.Time `json:"until"`
}

// Publicity is the policy's publicity list at this moment, one page.
func (s *BenefitAdmin) Publicity(ctx context.Context, policy string, page haoban.PageRequest) (string, []PublicityEntry, string, error) {
	at := now(s.Time)
	name, err := s.policyName(ctx, policy)
	if err != nil {
		return "", nil, "", err
	}
	cs, next, err := s.Store.PublicityList(ctx, policy, at, page)
	if err != nil {
		return "", nil, "", err
	}
	out := make([]PublicityEntry, len(cs))
	for i, b := range cs {
		out[i] = PublicityEntry{ID: b.ID, Name: haoban.MaskName(b.Name, b.Kind), Amount: b.Amount, Until: b.PublicityTo}
	}
	return name, out, next, nil
}

// PublicityEntryOf is one entry of the policy's publicity list as anyone
// may read it, for the objection form; a case not in publicity now does
// not exist for the public.
func (s *BenefitAdmin) PublicityEntryOf(ctx context.Context, policy, id string) (string, PublicityEntry, error) {
	missing := haoban.Errorf(haoban.ENOTFOUND, "公示名单中没有这一项，可能公示已结束")
	name, err := s.policyName(ctx, policy)
	if err != nil {
		return "", PublicityEntry{}, err
	}
	b, err := s.Store.FindBenefit(ctx, id)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return "", PublicityEntry{}, missing
	} else if err != nil {
		return "", PublicityEntry{}, err
	}
	if b.Policy != policy || !inPublicity(b, now(s.Time)) {
		return "", PublicityEntry{}, missing
	}
	return name, PublicityEntry{ID: b.ID, Name: haoban.MaskName(b.Name, b.Kind), Amount: b.Amount, Until: b.PublicityTo}, nil
}

// inPublicity reports whether a case is on its policy's publicity list at
// instant at, under objection or not.
func inPublicity(b haoban.BenefitCase, at time.Time) bool {
	listed := b.Status == haoban.BenefitPublicity || b.Status == haoban.BenefitObjected
	return listed && !at.Before(b.PublicityFrom) && at.Before(b.PublicityTo)
}

// PublicityPolicy is one policy on the publicity index: its newest
// published name and how many of its cases are in publicity now, up to
// PublicityCount.
type PublicityPolicy struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Listed int    `json:"listed"`
}

// PublicityIndex lists every published policy that may hold a publicity
// list, with the cases in publicity now, for anyone to find the lists.
func (s *BenefitAdmin) PublicityIndex(ctx context.Context) ([]PublicityPolicy, error) {
	vs, err := s.Store.ListPolicyVersions(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	var codes []string
	for _, v := range vs {
		if v.State != haoban.VersionPublished {
			continue
		}
		if _, ok := names[v.Policy]; !ok { // newest first
			codes = append(codes, v.Policy)
			names[v.Policy] = v.Body.Name
		}
	}
	at := now(s.Time)
	out := make([]PublicityPolicy, 0, len(codes))
	for _, code := range codes {
		cs, _, err := s.Store.PublicityList(ctx, code, at, haoban.PageRequest{Limit: PublicityCount})
		if err != nil {
			return nil, err
		}
		out = append(out, PublicityPolicy{Code: code, Name: names[code], Listed: len(cs)})
	}
	return out, nil
}

// PublicityCount bounds the count the index shows.
const PublicityCount = 100

// policyName is the name of the policy's newest published version; a
// policy never published does not exist for the public.
func (s *BenefitAdmin) policyName(ctx context.Context, policy string) (string, error) {
	vs, err := s.Store.ListPolicyVersions(ctx)
	if err != nil {
		return "", err
	}
	name := ""
	for _, v := range vs {
		if v.Policy == policy && v.State == haoban.VersionPublished {
			name = v.Body.Name
		}
	}
	if name == "" {
		return "", haoban.Errorf(haoban.ENOTFOUND, "政策不存在")
	}
	return name, nil
}

// Work is what waits for the user's department: objections to decide,
// oldest due first, and flagged cases to review.
func (s *BenefitAdmin) Work(ctx context.Context, r Request) ([]haoban.Objection, []haoban.BenefitCase, error) {
	dept := r.User.Department
	if dept == "" || dept == haoban.AnyDepartment || !can(s.Authz, r.User, dept, "benefit", "decide") {
		return nil, nil, haoban.Errorf(haoban.EFORBIDDEN, "只有部门工作人员可以处理免申即享的异议和复核")
	}
	return s.Store.DepartmentBenefitWork(ctx, dept)
}

// Dashboard is a policy's figures.
func (s *BenefitAdmin) Dashboard(ctx context.Context, r Request, policy string) (haoban.BenefitDashboard, error) {
	if !can(s.Authz, r.User, "*", "policy", "read") {
		return haoban.BenefitDashboard{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以查看政策运行情况")
	}
	return s.Store.BenefitDashboard(ctx, policy)
}

// RetryPayment sends a failed case's payment again, once its account has
// been put right; the order keeps the case's key, so nothing is paid twice.
func (s *BenefitAdmin) RetryPayment(ctx context.Context, r Request, id, reason string) (haoban.BenefitCase, error) {
	if !can(s.Authz, r.User, "*", "benefit", "correct") {
		return haoban.BenefitCase{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以重新发放")
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		return haoban.BenefitCase{}, haoban.FieldErrorf(haoban.EINVALID, "reason", "请写明重新发放的原因，如已核实收款账户")
	}
	at := now(s.Time)
	kept, err := s.Store.TransitionBenefit(ctx, haoban.BenefitTransition{ID: id, From: []haoban.BenefitStatus{haoban.BenefitFailed},
		To: haoban.BenefitApproved, At: at, Key: "retry:" + at.UTC().Format(time.RFC3339Nano), Event: "payment_retried",
		Actor: r.User.ID, Meta: meta(r, "benefit.retry", id), Detail: map[string]any{"reason": reason}})
	if err != nil {
		return kept, err
	}
	return kept, s.Flow.BenefitChanged(ctx, id)
}

// Reverse corrects a paid benefit (纠错): a recovery order takes the money
// back, the funds return to the budget and the case records why. A retry
// sends the same recovery order, which the treasury books once.
func (s *BenefitAdmin) Reverse(ctx context.Context, r Request, id, reason string) (haoban.BenefitCase, error) {
	if !can(s.Authz, r.User, "*", "benefit", "correct") {
		return haoban.BenefitCase{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以撤销已发放的资金")
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		return haoban.BenefitCase{}, haoban.FieldErrorf(haoban.EINVALID, "reason", "请写明撤销的原因")
	}
	b, err := s.Store.FindBenefit(ctx, id)
	if err != nil {
		return b, err
	}
	if b.Status == haoban.BenefitCorrected {
		return b, nil
	}
	if b.Status != haoban.BenefitPaid {
		return b, haoban.Errorf(haoban.ECONFLICT, "只有已兑付的待享可以撤销，当前状态为%s", b.Status.Name())
	}
	if s.Treasury == nil {
		return b, errNoTreasury
	}
	e, err := s.Treasury.Pay(ctx, treasury.Order{Key: RecoveryKey(id), Payee: treasury.Payee{ID: b.Beneficiary, Name: b.Name,
		Account: b.Account}, Amount: -fen(b.Amount), Policy: b.Policy, Case: id, Purpose: "追回" + b.PolicyName,
		Recovers: PaymentKey(id)})
	if err != nil {
		return b, err
	}
	at := bookedAt(e, now(s.Time))
	return s.Store.TransitionBenefit(ctx, haoban.BenefitTransition{ID: id, From: []haoban.BenefitStatus{haoban.BenefitPaid},
		To: haoban.BenefitCorrected, At: at, Key: "reversed", Event: "reversed", Actor: r.User.ID, ReleaseBudget: true,
		Meta: meta(r, "benefit.reverse", id), Detail: map[string]any{"reason": reason, "recovery": e.Serial},
		Set: haoban.BenefitFields{Reason: "已撤销：" + reason, RecoverySerial: e.Serial, ReversedAt: at},
		Notice: &haoban.BenefitNotice{Kind: haoban.KindBenefitStopped, Title: "「" + b.PolicyName + "」给付已撤销",
			Body: "经核查，" + reason + "。已发放的 " + money(b.Amount) + " 元将予以追回。如有异议，可申请复查。"}})
}

// Reconcile compares the cases paid or recovered in [from, to) with the
// treasury's ledger of the same period; nothing listed means they agree.
func (s *BenefitAdmin) Reconcile(ctx context.Context, r Request, from, to time.Time) ([]treasury.Difference, error) {
	if !can(s.Authz, r.User, "*", "benefit", "reconcile") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以对账")
	}
	if !from.Before(to) {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "to", "对账的结束时间应晚于开始时间")
	}
	if s.Treasury == nil {
		return nil, errNoTreasury
	}
	cs, err := s.Store.PaidBenefits(ctx, from, to)
	if err != nil {
		return nil, err
	}
	theirs, err := s.Treasury.Ledger(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return treasury.Reconcile(paidOrders(cs, from, to), theirs), nil
}

// paidOrders are the orders our cases hold as booked in [from, to): each
// payment, and each recovery of a reversed one.
func paidOrders(cs []haoban.BenefitCase, from, to time.Time) []treasury.PaidOrder {
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(to) }
	var out []treasury.PaidOrder
	for _, b := range cs {
		if b.PaymentSerial != "" && in(b.PaidAt) {
			out = append(out, treasury.PaidOrder{Key: PaymentKey(b.ID), Case: b.ID, Amount: fen(b.Amount)})
		}
		if b.RecoverySerial != "" && in(b.ReversedAt) {
			out = append(out, treasury.PaidOrder{Key: RecoveryKey(b.ID), Case: b.ID, Amount: -fen(b.Amount)})
		}
	}
	return out
}

// bookedAt is when the treasury booked an entry: the ledger's own time, so
// that reconciling a period compares the same entries on both sides.
func bookedAt(e treasury.LedgerEntry, fallback time.Time) time.Time {
	if e.At.IsZero() {
		return fallback
	}
	return e.At
}
