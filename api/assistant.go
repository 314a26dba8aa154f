package api

import (
	"context"

	"haoban"
	"haoban/app"
	"haoban/intent"
)

// 小申 (issue 18): anyone signed in asks; the answer names its sources,
// or offers a person when 小申 is not sure.

// AskInput is a question to 小申.
type AskInput struct {
	Body app.AskInput
}

// AskOutput is 小申's answer.
type AskOutput struct {
	Body app.Answer
}

func (s *Server) askAssistant(ctx context.Context, in *AskInput) (*AskOutput, error) {
	if s.App.Assistant == nil {
		return nil, haoban.Errorf(haoban.EUNAVAILABLE, "小申暂未开通")
	}
	a, err := s.App.Assistant.Ask(ctx, request(ctx), in.Body)
	return &AskOutput{Body: a}, err
}

// AssistantModelOutput is the intent model's version trained.
type AssistantModelOutput struct {
	Body intent.Record
}

func (s *Server) retrainAssistant(ctx context.Context, _ *struct{}) (*AssistantModelOutput, error) {
	if s.App.Assistant == nil {
		return nil, haoban.Errorf(haoban.EUNAVAILABLE, "小申暂未开通")
	}
	rec, err := s.App.Assistant.Retrain(ctx, request(ctx))
	// The weights and prototypes are thousands of numbers nobody reads:
	// the version and its metrics say what was trained.
	rec.Model.Weights, rec.Model.Prototypes = nil, nil
	return &AssistantModelOutput{Body: rec}, err
}

// AssistantStatsInput is the period of 小申's figures.
type AssistantStatsInput struct {
	From string `query:"from" maxLength:"10" doc:"起始日期（含），如 2026-01-01；默认本月 1 日"`
	To   string `query:"to" maxLength:"10" doc:"截止日期（含）；默认今天"`
}

// AssistantStatsOutput are 小申's figures.
type AssistantStatsOutput struct {
	Body haoban.AssistantStats
}

func (s *Server) assistantStats(ctx context.Context, in *AssistantStatsInput) (*AssistantStatsOutput, error) {
	if s.App.Assistant == nil {
		return nil, haoban.Errorf(haoban.EUNAVAILABLE, "小申暂未开通")
	}
	st, err := s.App.Assistant.StatsOfDays(ctx, request(ctx), in.From, in.To)
	return &AssistantStatsOutput{Body: st}, err
}
