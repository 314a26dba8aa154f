package api

import (
	"context"

	"haoban"
)

// SourcesOutput is the data-source catalogue.
type SourcesOutput struct {
	Body struct {
		Sources []haoban.SourceInfo `json:"sources"`
	}
}

func (s *Server) listSources(ctx context.Context, _ *struct{}) (*SourcesOutput, error) {
	list, err := s.Store.ListSources(ctx)
	if err != nil {
		return nil, err
	}
	out := &SourcesOutput{}
	out.Body.Sources = list
	if list == nil {
		out.Body.Sources = []haoban.SourceInfo{}
	}
	return out, nil
}

// SaveSourceInput registers a data source or corrects its entry.
type SaveSourceInput struct {
	Code string `path:"code" pattern:"^[a-z_]+$" doc:"数据来源编码"`
	Body haoban.SourceInfo
}

func (s *Server) saveSource(ctx context.Context, in *SaveSourceInput) (*SourcesOutput, error) {
	if in.Body.Code != in.Code {
		return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.code", "请求体中的编码 %q 与路径中的 %q 不一致", in.Body.Code, in.Code)
	}
	if err := s.Store.UpsertSource(ctx, in.Body, s.auditEntry(ctx, "")); err != nil {
		return nil, err
	}
	return s.listSources(ctx, nil)
}
