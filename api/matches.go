package api

import (
	"context"

	"haoban"
)

// PolicyCodePath names a policy.
type PolicyCodePath struct {
	Policy string `path:"policy" maxLength:"40"`
}

// PolicyRunOutput is a matching run as recorded.
type PolicyRunOutput struct{ Body haoban.PolicyRun }

// StartMatchInput names the policy; RecordOnly keeps the matches for an
// admin to look at before anyone is told.
type StartMatchInput struct {
	PolicyCodePath
	RecordOnly bool `query:"record_only" doc:"只记录匹配结果、暂不推送：受益对象在下一次推送的匹配中收到通知"`
}

func (s *Server) startMatch(ctx context.Context, in *StartMatchInput) (*PolicyRunOutput, error) {
	run, err := s.App.Matches.Start(ctx, request(ctx), in.Policy, !in.RecordOnly)
	return &PolicyRunOutput{Body: run}, err
}

// PolicyRunPath names a matching run of a policy.
type PolicyRunPath struct {
	Policy string `path:"policy" maxLength:"40"`
	Run    string `path:"run" maxLength:"40"`
}

func (s *Server) policyRun(ctx context.Context, in *PolicyRunPath) (*PolicyRunOutput, error) {
	run, err := s.App.Matches.Run(ctx, request(ctx), in.Run)
	if err == nil && run.Policy != in.Policy {
		err = haoban.Errorf(haoban.ENOTFOUND, "匹配批次不存在")
	}
	return &PolicyRunOutput{Body: run}, err
}

// PolicyMatchesInput asks for one page of a policy's matches.
type PolicyMatchesInput struct {
	Policy string `path:"policy" maxLength:"40"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50"`
	Cursor string `query:"cursor" maxLength:"500" doc:"上一页返回的 next_cursor；空为第一页"`
}

// PolicyMatchesOutput is one page of matches, by period and beneficiary,
// with next_cursor ("" on the last page).
type PolicyMatchesOutput struct {
	Body struct {
		Matches    []haoban.PolicyMatch `json:"matches"`
		NextCursor string               `json:"next_cursor"`
	}
}

func (s *Server) policyMatches(ctx context.Context, in *PolicyMatchesInput) (*PolicyMatchesOutput, error) {
	ms, next, err := s.App.Matches.List(ctx, request(ctx), in.Policy, haoban.PageRequest{Limit: in.Limit, Cursor: in.Cursor})
	out := &PolicyMatchesOutput{}
	out.Body.Matches, out.Body.NextCursor = ms, next
	if out.Body.Matches == nil {
		out.Body.Matches = []haoban.PolicyMatch{}
	}
	return out, err
}
