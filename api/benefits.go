package api

import (
	"context"
	"strings"
	"time"

	"haoban"
	"haoban/app"
	"haoban/treasury"
)

// The benefit cases of 免申即享 (issue 17): the beneficiary's 我的待享 and
// answer, objections during publicity, the department's decisions, the
// public publicity list and the catalogue admin's corrections.

// BenefitListOutput is the signed-in person's cases and those of the
// enterprises they represent, newest first.
type BenefitListOutput struct {
	Body struct {
		Benefits []haoban.BenefitCase `json:"benefits"`
	}
}

func (s *Server) myBenefits(ctx context.Context, _ *struct{}) (*BenefitListOutput, error) {
	bs, err := s.App.Benefits.Mine(ctx, request(ctx))
	out := &BenefitListOutput{}
	out.Body.Benefits = bs
	if bs == nil {
		out.Body.Benefits = []haoban.BenefitCase{}
	}
	return out, err
}

// BenefitPath names a benefit case.
type BenefitPath struct {
	ID string `path:"id" maxLength:"40"`
}

// BenefitViewOutput is one case as its reader may see it.
type BenefitViewOutput struct{ Body app.BenefitView }

func (s *Server) getBenefit(ctx context.Context, in *BenefitPath) (*BenefitViewOutput, error) {
	v, err := s.App.Benefits.Get(ctx, request(ctx), in.ID)
	return &BenefitViewOutput{Body: v}, err
}

// BenefitOutput is a case as stored after a step.
type BenefitOutput struct{ Body haoban.BenefitCase }

// AnswerBenefitInput is the beneficiary's answer.
type AnswerBenefitInput struct {
	BenefitPath
	Body struct {
		Confirm bool `json:"confirm" doc:"true 确认领取，false 放弃"`
		Pledge  bool `json:"pledge,omitempty" required:"false" doc:"已阅读并同意告知承诺书（政策要求告知承诺时，确认领取须为 true）"`
	}
}

func (s *Server) answerBenefit(ctx context.Context, in *AnswerBenefitInput) (*BenefitOutput, error) {
	b, err := s.App.Benefits.Answer(ctx, request(ctx), in.ID, in.Body.Confirm, in.Body.Pledge)
	return &BenefitOutput{Body: b}, err
}

// ObjectInput is an objection to a case in publicity.
type ObjectInput struct {
	BenefitPath
	Body struct {
		Reasons string `json:"reasons" maxLength:"8000" doc:"异议的事实和理由，5 至 2000 字"`
	}
}

// ObjectionOutput is an objection as recorded.
type ObjectionOutput struct{ Body haoban.Objection }

func (s *Server) objectBenefit(ctx context.Context, in *ObjectInput) (*ObjectionOutput, error) {
	o, err := s.App.Benefits.Object(ctx, request(ctx), in.ID, in.Body.Reasons)
	return &ObjectionOutput{Body: o}, err
}

// DecideObjectionInput is the issuing department's decision on an objection.
type DecideObjectionInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Upheld  bool   `json:"upheld" doc:"true 异议成立（终止发放），false 异议不成立（继续公示）"`
		Finding string `json:"finding" maxLength:"4000" doc:"核查情况和处理理由"`
	}
}

func (s *Server) decideObjection(ctx context.Context, in *DecideObjectionInput) (*ObjectionOutput, error) {
	o, err := s.App.Benefits.DecideObjection(ctx, request(ctx), in.ID, in.Body.Upheld, in.Body.Finding)
	return &ObjectionOutput{Body: o}, err
}

// ReviewBenefitInput is the department's manual review of a flagged case.
type ReviewBenefitInput struct {
	BenefitPath
	Body struct {
		Approve bool   `json:"approve" doc:"true 复核通过（进入公示），false 不予发放"`
		Reason  string `json:"reason" maxLength:"4000" doc:"复核意见"`
	}
}

func (s *Server) reviewBenefit(ctx context.Context, in *ReviewBenefitInput) (*BenefitOutput, error) {
	b, err := s.App.Benefits.Review(ctx, request(ctx), in.ID, in.Body.Approve, in.Body.Reason)
	return &BenefitOutput{Body: b}, err
}

// StaffBenefitsOutput is what waits for the user's department.
type StaffBenefitsOutput struct {
	Body struct {
		Objections []haoban.Objection   `json:"objections"`
		Reviews    []haoban.BenefitCase `json:"reviews"`
	}
}

func (s *Server) staffBenefits(ctx context.Context, _ *struct{}) (*StaffBenefitsOutput, error) {
	obs, rs, err := s.App.BenefitAdmin.Work(ctx, request(ctx))
	out := &StaffBenefitsOutput{}
	out.Body.Objections, out.Body.Reviews = obs, rs
	if obs == nil {
		out.Body.Objections = []haoban.Objection{}
	}
	if rs == nil {
		out.Body.Reviews = []haoban.BenefitCase{}
	}
	return out, err
}

// PublicityInput asks for one page of a policy's publicity list.
type PublicityInput struct {
	Policy string `path:"policy" maxLength:"40"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50"`
	Cursor string `query:"cursor" maxLength:"500" doc:"上一页返回的 next_cursor；空为第一页"`
}

// PublicityOutput is one page of the publicity list, names masked.
type PublicityOutput struct {
	Body struct {
		Policy     string               `json:"policy"`
		Name       string               `json:"name"`
		Entries    []app.PublicityEntry `json:"entries"`
		NextCursor string               `json:"next_cursor"`
	}
}

// publicity is public, like the 办事指南: anyone may read who is being
// granted what, with names masked by the use case.
func (s *Server) publicity(ctx context.Context, in *PublicityInput) (*PublicityOutput, error) {
	name, es, next, err := s.App.BenefitAdmin.Publicity(ctx, in.Policy, haoban.PageRequest{Limit: in.Limit, Cursor: in.Cursor})
	out := &PublicityOutput{}
	out.Body.Policy, out.Body.Name, out.Body.Entries, out.Body.NextCursor = in.Policy, name, es, next
	if es == nil {
		out.Body.Entries = []app.PublicityEntry{}
	}
	return out, err
}

// BenefitDashboardOutput is a policy's figures.
type BenefitDashboardOutput struct{ Body haoban.BenefitDashboard }

func (s *Server) benefitDashboard(ctx context.Context, in *PolicyCodePath) (*BenefitDashboardOutput, error) {
	d, err := s.App.BenefitAdmin.Dashboard(ctx, request(ctx), in.Policy)
	return &BenefitDashboardOutput{Body: d}, err
}

// CorrectBenefitInput is a correction of a case, with its reason.
type CorrectBenefitInput struct {
	BenefitPath
	Body struct {
		Reason string `json:"reason" maxLength:"4000" doc:"原因（记入审计）"`
	}
}

func (s *Server) retryBenefit(ctx context.Context, in *CorrectBenefitInput) (*BenefitOutput, error) {
	b, err := s.App.BenefitAdmin.RetryPayment(ctx, request(ctx), in.ID, in.Body.Reason)
	return &BenefitOutput{Body: b}, err
}

func (s *Server) reverseBenefit(ctx context.Context, in *CorrectBenefitInput) (*BenefitOutput, error) {
	b, err := s.App.BenefitAdmin.Reverse(ctx, request(ctx), in.ID, in.Body.Reason)
	return &BenefitOutput{Body: b}, err
}

// ReconcileInput is the period to reconcile.
type ReconcileInput struct {
	From string `query:"from" required:"true" maxLength:"40" doc:"开始：RFC 3339 时间，或日期 2026-12-01（北京时间当日零时）"`
	To   string `query:"to" required:"true" maxLength:"40" doc:"结束（不含）：RFC 3339 时间，或日期 2026-12-31（含当日全天）"`
}

// Difference is one difference between our paid cases and the treasury's
// ledger; amounts in fen.
type Difference struct {
	Kind   treasury.DifferenceKind `json:"kind"`
	Key    string                  `json:"key"`
	Case   string                  `json:"case,omitempty"`
	Ours   int64                   `json:"ours_fen"`
	Theirs int64                   `json:"theirs_fen"`
	Serial string                  `json:"serial,omitempty"`
}

// ReconcileOutput lists every difference; none means the books agree.
type ReconcileOutput struct {
	Body struct {
		From        time.Time    `json:"from"`
		To          time.Time    `json:"to"`
		Agree       bool         `json:"agree"`
		Differences []Difference `json:"differences"`
	}
}

func (s *Server) reconcileBenefits(ctx context.Context, in *ReconcileInput) (*ReconcileOutput, error) {
	from, err := instant(in.From, "query.from", false)
	if err != nil {
		return nil, err
	}
	to, err := instant(in.To, "query.to", true)
	if err != nil {
		return nil, err
	}
	ds, err := s.App.BenefitAdmin.Reconcile(ctx, request(ctx), from, to)
	if err != nil {
		return nil, err
	}
	out := &ReconcileOutput{}
	out.Body.From, out.Body.To, out.Body.Agree, out.Body.Differences = from, to, len(ds) == 0, make([]Difference, len(ds))
	for i, d := range ds {
		out.Body.Differences[i] = Difference{Kind: d.Kind, Key: d.Key, Case: d.Case, Ours: d.Ours, Theirs: d.Theirs, Serial: d.Serial}
	}
	return out, nil
}

// instant reads an RFC 3339 time or a date in Beijing time: a date ending
// a period covers that whole day.
func instant(v, field string, end bool) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, haoban.Beijing)
	if err != nil {
		return time.Time{}, haoban.FieldErrorf(haoban.EINVALID, field, "时间格式应为 2026-12-01 或 2026-12-01T08:00:00+08:00")
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}
