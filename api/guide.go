package api

import (
	"context"

	"haoban/app"
	"haoban/logging"
)

// The 办事指南 is public: anyone may read what a service asks before
// signing in. A signed-in applicant may send their token to learn which
// materials they need not submit.

// GuideIndexOutput is the guide's front page.
type GuideIndexOutput struct {
	Body app.GuideIndex
}

func (s *Server) guideIndex(ctx context.Context, _ *struct{}) (*GuideIndexOutput, error) {
	idx, err := s.App.Guide.Index(ctx)
	return &GuideIndexOutput{Body: idx}, err
}

// GuideSearchInput is a search of the guide.
type GuideSearchInput struct {
	Q string `query:"q" maxLength:"200" doc:"关键词，以空格分隔的多个词须同时出现（中文三个字以上更准确）"`
}

// GuideSearchOutput answers a search.
type GuideSearchOutput struct {
	Body app.GuideResults
}

func (s *Server) guideSearch(ctx context.Context, in *GuideSearchInput) (*GuideSearchOutput, error) {
	res, err := s.App.Guide.Search(ctx, in.Q)
	return &GuideSearchOutput{Body: res}, err
}

// GuidePageInput names a bundle, and optionally an item of it.
type GuidePageInput struct {
	Bundle        string `path:"bundle" maxLength:"100" doc:"一件事的编码"`
	Item          string `query:"item" maxLength:"100" doc:"可选：只看其中一个事项"`
	Authorization string `header:"Authorization" doc:"可选：申请人的 Bearer 令牌，逐项说明其可免于提交的材料"`
}

// GuidePageOutput is the guide of a bundle or item.
type GuidePageOutput struct {
	Body app.GuidePage
}

func (s *Server) guidePage(ctx context.Context, in *GuidePageInput) (*GuidePageOutput, error) {
	r := app.Request{RequestID: logging.RequestID(ctx), ClientAddr: logging.ClientAddr(ctx)}
	if in.Authorization != "" {
		// A token that does not hold reads the public guide, as verify does.
		if u, _, err := s.App.Sessions.Authenticate(ctx, logging.ClientAddr(ctx), in.Authorization); err == nil {
			r.User = u
		}
	}
	p, err := s.App.Guide.Page(ctx, r, in.Bundle, in.Item)
	return &GuidePageOutput{Body: p}, err
}
