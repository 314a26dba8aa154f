package app

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"haoban"
	"haoban/calendar"
)

// BenefitsStore is what people's actions on benefit cases read and write.
type BenefitsStore interface {
	BenefitFlowStore
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	EnterprisesOf(ctx context.Context, idNumber string) ([]haoban.Enterprise, error)
	ListPolicyVersions(ctx context.Context) ([]haoban.PolicyVersion, error)
}

// PledgeSigner records a beneficiary's signed 告知承诺书 (issuing.Issuer).
type PledgeSigner interface {
	SignPledge(ctx context.Context, b haoban.BenefitCase, text, signer string, at time.Time) (haoban.Document, error)
}

// BenefitSignaler tells a case's workflow that a person changed the case
// (workflows.Client).
type BenefitSignaler interface {
	BenefitChanged(ctx context.Context, id string) error
}

// Benefits are people's actions on benefit cases: the beneficiary's 我的待享
// and answer, objections during publicity, the department's decisions on
// them and on manual reviews. Each records the step in the store first,
// then tells the workflow; a lost signal is repeated by the workflow's
// own timer, and a repeated action finds its step recorded.
type Benefits struct {
	Store  BenefitsStore
	Flow   BenefitSignaler
	Pledge PledgeSigner
	Authz  Authorizer
	Time   haoban.TimeSource
}

// BenefitView is one case as its reader may see it: the beneficiary and
// the department see everything; objections are the department's.
type BenefitView struct {
	Case       haoban.BenefitCase    `json:"case"`
	Status     string                `json:"status_name"`
	Events     []haoban.BenefitEvent `json:"events"`
	Objections []haoban.Objection    `json:"objections,omitempty"`
	// Pledge is the 告知承诺 text the beneficiary signs, for a policy that
	// asks for one.
	Pledge string `json:"pledge,omitempty"`
	// CanAnswer: the beneficiary may confirm or decline now.
	CanAnswer bool `json:"can_answer"`
	// Apply is the ordinary route for a beneficiary whose case ended
	// without payment: to apply anyway, or to ask for a review.
	Apply *haoban.PolicyRoute `json:"apply,omitempty"`
}

// Mine lists the signed-in person's benefit cases and those of the
// enterprises they represent (我的待享, 服务包).
func (s *Benefits) Mine(ctx context.Context, r Request) ([]haoban.BenefitCase, error) {
	if !can(s.Authz, r.User, "*", "benefit", "read_own") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有办事群众和企业可以查看自己的待享")
	}
	subjects, err := s.subjects(ctx, r.User)
	if err != nil || len(subjects) == 0 {
		return []haoban.BenefitCase{}, err
	}
	return s.Store.BenefitsOf(ctx, subjects)
}

// subjects are the person's ID number and the credit codes of the
// enterprises they are the legal representative of.
func (s *Benefits) subjects(ctx context.Context, u haoban.User) ([]string, error) {
	if u.IDNumber == "" {
		return nil, nil
	}
	es, err := s.Store.EnterprisesOf(ctx, u.IDNumber)
	if err != nil {
		return nil, err
	}
	out := []string{u.IDNumber}
	for _, e := range es {
		out = append(out, e.USCC)
	}
	return out, nil
}

// Get reads a case for its beneficiary or for the issuing department's
// staff and the catalogue admin; anyone else is told it does not exist.
func (s *Benefits) Get(ctx context.Context, r Request, id string) (BenefitView, error) {
	b, own, err := s.readable(ctx, r, id)
	if err != nil {
		return BenefitView{}, err
	}
	v := BenefitView{Case: b, Status: b.Status.Name(), CanAnswer: own && b.Status == haoban.BenefitAsked && now(s.Time).Before(b.ConfirmBy)}
	if v.Events, err = s.Store.BenefitEvents(ctx, id); err != nil {
		return v, err
	}
	if !own {
		if v.Objections, err = s.Store.ObjectionsOf(ctx, id); err != nil {
			return v, err
		}
	}
	if b.Delivery == haoban.DeliverPledge {
		v.Pledge = PledgeText(b)
	}
	switch b.Status {
	case haoban.BenefitDeclined, haoban.BenefitExpired, haoban.BenefitStopped, haoban.BenefitUnfunded:
		p, err := s.Store.FindPolicyVersion(ctx, b.Policy, b.Version)
		if err != nil {
			return v, err
		}
		v.Apply = &haoban.PolicyRoute{Text: "如对结果有异议或仍需享受，可按办事指南中的申请渠道提出申请，按一般程序办理。", Link: "/guide"}
		if p.Body.Route.Text != "" {
			v.Apply = &p.Body.Route
		}
	}
	return v, nil
}

// readable finds a case its reader may see, and whether it is their own.
func (s *Benefits) readable(ctx context.Context, r Request, id string) (haoban.BenefitCase, bool, error) {
	missing := haoban.Errorf(haoban.ENOTFOUND, "待享事项不存在")
	b, err := s.Store.FindBenefit(ctx, id)
	if err != nil {
		return b, false, err
	}
	if can(s.Authz, r.User, b.Department, "benefit", "read") {
		return b, false, nil
	}
	if !can(s.Authz, r.User, "*", "benefit", "read_own") {
		return haoban.BenefitCase{}, false, missing
	}
	subjects, err := s.subjects(ctx, r.User)
	if err != nil {
		return haoban.BenefitCase{}, false, err
	}
	if !slices.Contains(subjects, b.Beneficiary) {
		return haoban.BenefitCase{}, false, missing
	}
	return b, true, nil
}

// PledgeText is the 告知承诺 a beneficiary signs: that the facts the
// registries hold are true, and that a benefit obtained on false facts is
// returned.
func PledgeText(b haoban.BenefitCase) string {
	return "本人（本单位）" + b.Name + "承诺：政府部门据以认定本人（本单位）符合「" + b.PolicyName +
		"」享受条件的信息真实、准确、完整；如有隐瞒或不实，自愿退回已领取的资金，并承担相应法律责任。"
}

// Answer is the beneficiary's confirmation or refusal. A policy that asks
// for a 告知承诺 takes the confirmation only with the pledge accepted,
// which is then signed and kept with the case.
func (s *Benefits) Answer(ctx context.Context, r Request, id string, confirm, pledge bool) (haoban.BenefitCase, error) {
	if !can(s.Authz, r.User, "*", "benefit", "answer") {
		return haoban.BenefitCase{}, haoban.Errorf(haoban.EFORBIDDEN, "只有受益人本人或企业法定代表人可以确认领取")
	}
	b, own, err := s.readable(ctx, r, id)
	if err != nil {
		return b, err
	}
	if !own {
		return haoban.BenefitCase{}, haoban.Errorf(haoban.EFORBIDDEN, "只有受益人本人或企业法定代表人可以确认领取")
	}
	at := now(s.Time)
	t := haoban.BenefitTransition{ID: id, From: []haoban.BenefitStatus{haoban.BenefitAsked}, At: at, Key: "answer",
		Actor: r.User.ID, Meta: meta(r, "benefit.answer", id)}
	if b.Status != haoban.BenefitAsked {
		return answered(b, confirm)
	}
	switch {
	case !at.Before(b.ConfirmBy):
		return b, haoban.Errorf(haoban.ECONFLICT, "确认期限已过，不能再确认领取")
	case !confirm:
		t.To, t.Event, t.Set.Reason = haoban.BenefitDeclined, "declined", "受益人放弃领取"
	case b.Delivery == haoban.DeliverPledge && !pledge:
		return b, haoban.FieldErrorf(haoban.EINVALID, "pledge", "请阅读并勾选告知承诺书后再确认领取")
	default:
		t.To, t.Event, t.Set.ConfirmedAt = haoban.BenefitConfirmed, "confirmed", at
		if b.Delivery == haoban.DeliverPledge {
			d, err := s.Pledge.SignPledge(ctx, b, PledgeText(b), r.User.Name, at)
			if err != nil {
				return b, err
			}
			t.Set.PledgeDocument, t.Detail = d.ID, map[string]any{"pledge": d.ID}
		}
	}
	kept, err := s.Store.TransitionBenefit(ctx, t)
	if err != nil {
		return kept, err
	}
	return kept, s.Flow.BenefitChanged(ctx, id)
}

// answered is the answer to a case no longer waiting for one: the same
// answer again is a retry and gets the case; the other answer is refused,
// since the first one stands.
func answered(b haoban.BenefitCase, confirm bool) (haoban.BenefitCase, error) {
	switch {
	case confirm && !b.ConfirmedAt.IsZero(), !confirm && b.Status == haoban.BenefitDeclined:
		return b, nil
	case !b.ConfirmedAt.IsZero():
		return b, haoban.Errorf(haoban.ECONFLICT, "您已确认领取，不能再放弃")
	case b.Status == haoban.BenefitDeclined:
		return b, haoban.Errorf(haoban.ECONFLICT, "您已放弃领取，不能再确认；如有需要，可通过办事指南中的申请渠道申请")
	}
	return b, haoban.Errorf(haoban.ECONFLICT, "该待享当前为「%s」，不需要确认", b.Status.Name())
}

// Object files an objection to a case in publicity. Anyone signed in may
// object; the objector is recorded for the department, never shown to the
// beneficiary.
func (s *Benefits) Object(ctx context.Context, r Request, id, reasons string) (haoban.Objection, error) {
	// The user's own department: a reviewer's role holds in theirs only.
	if !can(s.Authz, r.User, r.User.Department, "benefit", "object") {
		return haoban.Objection{}, haoban.Errorf(haoban.EFORBIDDEN, "请登录后提出异议")
	}
	reasons = strings.TrimSpace(reasons)
	switch n := utf8.RuneCountInString(reasons); {
	case n < 5:
		return haoban.Objection{}, haoban.FieldErrorf(haoban.EINVALID, "reasons", "请写明异议的事实和理由（至少 5 个字）")
	case n > 2000:
		return haoban.Objection{}, haoban.FieldErrorf(haoban.EINVALID, "reasons", "异议理由不能超过 2000 字")
	}
	// A case not in publicity now reads as missing: its ID derives from
	// an ID number, and telling "not in publicity" apart from "no such
	// case" would tell anyone who matched a policy.
	missing := haoban.Errorf(haoban.ENOTFOUND, "公示名单中没有这一项，可能公示已结束")
	b, err := s.Store.FindBenefit(ctx, id)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return haoban.Objection{}, missing
	} else if err != nil {
		return haoban.Objection{}, err
	}
	at := now(s.Time)
	if !inPublicity(b, at) {
		return haoban.Objection{}, missing
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return haoban.Objection{}, err
	}
	due, err := cal.AddWorkingDays(at, haoban.ObjectionDays)
	if err != nil {
		return haoban.Objection{}, err
	}
	o := haoban.Objection{ID: uuid.NewString(), Benefit: b.ID, FiledBy: r.User.ID, Reasons: reasons, FiledAt: at,
		DueAt: calendar.EndOfDay(due), Status: haoban.ObjectionOpen}
	kept, err := s.Store.FileObjection(ctx, o, meta(r, "benefit.objection", id))
	if err != nil {
		return kept, err
	}
	return kept, s.Flow.BenefitChanged(ctx, id)
}

// DecideObjection is the issuing department's decision on an objection:
// upheld stops the benefit with the finding as its reason.
func (s *Benefits) DecideObjection(ctx context.Context, r Request, objection string, upheld bool, finding string) (haoban.Objection, error) {
	o, err := s.Store.FindObjection(ctx, objection)
	if err != nil {
		return o, err
	}
	b, err := s.Store.FindBenefit(ctx, o.Benefit)
	if err != nil {
		return haoban.Objection{}, err
	}
	if !can(s.Authz, r.User, b.Department, "benefit", "decide") {
		return haoban.Objection{}, haoban.Errorf(haoban.EFORBIDDEN, "只有政策发布部门的工作人员可以处理异议")
	}
	if finding = strings.TrimSpace(finding); finding == "" {
		return haoban.Objection{}, haoban.FieldErrorf(haoban.EINVALID, "finding", "请写明核查情况和处理理由")
	}
	kept, _, err := s.Store.DecideObjection(ctx, objection, upheld, finding, meta(r, "benefit.objection_decided", b.ID))
	if err != nil {
		return kept, err
	}
	return kept, s.Flow.BenefitChanged(ctx, b.ID)
}

// Review is the department's decision on a flagged beneficiary's case:
// approved, it goes to publicity; refused, it stops with the reason.
func (s *Benefits) Review(ctx context.Context, r Request, id string, approve bool, reason string) (haoban.BenefitCase, error) {
	b, err := s.Store.FindBenefit(ctx, id)
	if err != nil {
		return b, err
	}
	if !can(s.Authz, r.User, b.Department, "benefit", "decide") {
		return haoban.BenefitCase{}, haoban.Errorf(haoban.EFORBIDDEN, "只有政策发布部门的工作人员可以复核")
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		return b, haoban.FieldErrorf(haoban.EINVALID, "reason", "请写明复核意见")
	}
	at := now(s.Time)
	var t haoban.BenefitTransition
	if approve {
		v, err := s.Store.FindPolicyVersion(ctx, b.Policy, b.Version)
		if err != nil {
			return b, err
		}
		t = publicityTransition(b, v.Body, at, r.User.ID)
		t.From, t.Event, t.Detail = []haoban.BenefitStatus{haoban.BenefitReview}, "review_passed", map[string]any{"reason": reason}
	} else {
		t = haoban.BenefitTransition{ID: id, From: []haoban.BenefitStatus{haoban.BenefitReview}, To: haoban.BenefitStopped,
			At: at, Key: "reviewed", Event: "review_refused", Actor: r.User.ID, Set: haoban.BenefitFields{Reason: "人工复核未通过：" + reason},
			Notice: &haoban.BenefitNotice{Kind: haoban.KindBenefitStopped, Title: "「" + b.PolicyName + "」复核未通过",
				Body: "经人工复核，暂不能发放：" + reason + "。如有异议，可通过办事指南中的申请渠道申请复查。"}}
	}
	t.Actor, t.Meta = r.User.ID, meta(r, "benefit.review", id)
	kept, err := s.Store.TransitionBenefit(ctx, t)
	if err != nil {
		return kept, err
	}
	return kept, s.Flow.BenefitChanged(ctx, id)
}

// meta is the audit context of a person's action on a case.
func meta(r Request, action, id string) haoban.AuditEntry {
	return haoban.AuditEntry{Actor: r.User.ID, Role: r.Role(), Department: r.User.Department, Action: action,
		Target: id, RequestID: r.RequestID, ClientAddr: r.ClientAddr}
}
