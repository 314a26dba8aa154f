package api

import (
	"context"

	"haoban"
)

// LinkRulesOutput lists the link rules.
type LinkRulesOutput struct {
	Body struct {
		Rules []haoban.LinkRule `json:"rules"`
	}
}

func (s *Server) listLinkRules(ctx context.Context, _ *struct{}) (*LinkRulesOutput, error) {
	list, err := s.Store.ListLinkRules(ctx)
	if err != nil {
		return nil, err
	}
	out := &LinkRulesOutput{}
	out.Body.Rules = list
	if list == nil {
		out.Body.Rules = []haoban.LinkRule{}
	}
	return out, nil
}

// SaveLinkRuleInput sets a licence type's link rule.
type SaveLinkRuleInput struct {
	Type string `path:"type" doc:"证照类型，如 food-licence"`
	Body struct {
		Fields map[string]string `json:"fields" doc:"营业执照的规范字段 → auto（立即换发）、review（部门审查）或 none"`
	}
}

func (s *Server) saveLinkRule(ctx context.Context, in *SaveLinkRuleInput) (*LinkRulesOutput, error) {
	r := haoban.LinkRule{LicenceType: in.Type, Fields: in.Body.Fields}
	if err := s.Store.SaveLinkRule(ctx, r, s.auditEntry(ctx, "")); err != nil {
		return nil, err
	}
	return s.listLinkRules(ctx, nil)
}
