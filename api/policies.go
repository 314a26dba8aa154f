package api

import (
	"context"
	"time"

	"haoban"
	"haoban/app"
)

// PolicyListOutput is every version of every policy.
type PolicyListOutput struct{ Body []haoban.PolicyVersion }

func (s *Server) listPolicies(ctx context.Context, _ *struct{}) (*PolicyListOutput, error) {
	vs, err := s.App.Policies.List(ctx, request(ctx))
	return &PolicyListOutput{Body: vs}, err
}

// PolicyVersionPath names one version of a policy.
type PolicyVersionPath struct {
	Policy  string `path:"policy" maxLength:"40"`
	Version int    `path:"version" minimum:"1"`
}

// PolicyViewOutput is one version with its data needs.
type PolicyViewOutput struct{ Body app.PolicyView }

func (s *Server) getPolicy(ctx context.Context, in *PolicyVersionPath) (*PolicyViewOutput, error) {
	v, err := s.App.Policies.Get(ctx, request(ctx), in.Policy, in.Version)
	return &PolicyViewOutput{Body: v}, err
}

// SavePolicyInput is an edit of a policy.
type SavePolicyInput struct {
	Policy string `path:"policy" maxLength:"40"`
	Body   haoban.Policy
}

// PolicyVersionOutput is a policy version as stored.
type PolicyVersionOutput struct{ Body haoban.PolicyVersion }

func (s *Server) savePolicyDraft(ctx context.Context, in *SavePolicyInput) (*PolicyVersionOutput, error) {
	if in.Body.Code != in.Policy {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "body.code", "正文中的编码与地址中的政策不一致")
	}
	v, err := s.App.Policies.SaveDraft(ctx, request(ctx), in.Body)
	return &PolicyVersionOutput{Body: v}, err
}

// PublishPolicyInput publishes a draft from a date.
type PublishPolicyInput struct {
	Policy  string `path:"policy" maxLength:"40"`
	Version int    `path:"version" minimum:"1"`
	Body    struct {
		EffectiveFrom time.Time `json:"effective_from,omitzero" required:"false" doc:"生效时间；省略则立即生效，不能早于今天"`
	}
}

func (s *Server) publishPolicy(ctx context.Context, in *PublishPolicyInput) (*PolicyVersionOutput, error) {
	v, err := s.App.Policies.Publish(ctx, request(ctx), in.Policy, in.Version, in.Body.EffectiveFrom)
	return &PolicyVersionOutput{Body: v}, err
}

// PolicyCheckOutput is the signed-in person's self-check.
type PolicyCheckOutput struct{ Body app.PolicyCheckReport }

func (s *Server) policyCheck(ctx context.Context, _ *struct{}) (*PolicyCheckOutput, error) {
	rep, err := s.App.Policies.CheckMe(ctx, request(ctx))
	return &PolicyCheckOutput{Body: rep}, err
}

func (s *Server) withdrawPolicy(ctx context.Context, in *PolicyVersionPath) (*WithdrawOutput, error) {
	out := &WithdrawOutput{}
	err := s.App.Policies.Withdraw(ctx, request(ctx), in.Policy, in.Version)
	out.Body.Withdrawn = err == nil
	return out, err
}

// ComparePolicyInput names two versions of a policy.
type ComparePolicyInput struct {
	Policy string `path:"policy" maxLength:"40"`
	From   int    `query:"from" minimum:"1" required:"true" doc:"较早的版本"`
	To     int    `query:"to" minimum:"1" required:"true" doc:"较新的版本"`
}

// ComparePolicyOutput is what changed between them, in words.
type ComparePolicyOutput struct{ Body app.PolicyComparison }

func (s *Server) comparePolicy(ctx context.Context, in *ComparePolicyInput) (*ComparePolicyOutput, error) {
	cmp, err := s.App.PolicyAdmin.Compare(ctx, request(ctx), in.Policy, in.From, in.To)
	return &ComparePolicyOutput{Body: cmp}, err
}
