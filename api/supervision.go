package api

import (
	"context"

	"haoban"
	"haoban/app"
)

// BoardInput filters the supervisors' board.
type BoardInput struct {
	State      string `query:"state" enum:"at_risk,overdue,paused,attention,all," doc:"at_risk：剩余不超过 1 个工作日（含超期）；overdue：已超期；paused：暂停计时；attention：需要关注（临期、超期、暂停或剩余不超过 3 个工作日）；all 或空：全部"`
	Department string `query:"department" maxLength:"100" doc:"部门编码；空为全部"`
	Limit      int    `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50"`
	Cursor     string `query:"cursor" maxLength:"500" doc:"上一页返回的 next_cursor"`
}

// BoardOutput lists the tasks the supervisors watch, the least time left first.
type BoardOutput struct {
	Body app.Board
}

func (s *Server) board(ctx context.Context, in *BoardInput) (*BoardOutput, error) {
	b, err := s.App.Supervision.Board(ctx, in.State, in.Department, haoban.PageRequest{Limit: in.Limit, Cursor: in.Cursor})
	return &BoardOutput{Body: b}, err
}

// ExtendInput grants a task its one extension.
type ExtendInput struct {
	ID   string `path:"id" maxLength:"200"`
	Body app.Extension
}

func (s *Server) extend(ctx context.Context, in *ExtendInput) (*TaskOutput, error) {
	t, err := s.App.Supervision.Extend(ctx, request(ctx), in.ID, in.Body)
	return &TaskOutput{Body: t}, err
}

// SuspendInput stops a clock for a legally excluded period.
type SuspendInput struct {
	ID   string `path:"id" maxLength:"200"`
	Body app.Suspension
}

func (s *Server) suspend(ctx context.Context, in *SuspendInput) (*TaskOutput, error) {
	t, err := s.App.Supervision.Suspend(ctx, request(ctx), in.ID, in.Body)
	return &TaskOutput{Body: t}, err
}

func (s *Server) resume(ctx context.Context, in *TaskIDInput) (*TaskOutput, error) {
	t, err := s.App.Supervision.Resume(ctx, request(ctx), in.ID)
	return &TaskOutput{Body: t}, err
}

func (s *Server) remind(ctx context.Context, in *TaskIDInput) (*TaskOutput, error) {
	t, err := s.App.Supervision.Remind(ctx, request(ctx), in.ID)
	return &TaskOutput{Body: t}, err
}

// StatsInput picks the period and department.
type StatsInput struct {
	From       string `query:"from" maxLength:"10" doc:"起始日期（含），如 2026-01-01；默认本月 1 日"`
	To         string `query:"to" maxLength:"10" doc:"截止日期（含）；默认今天"`
	Department string `query:"department" maxLength:"100" doc:"部门编码；空为全部"`
}

// StatsOutput lists the departments' figures.
type StatsOutput struct {
	Body app.DeadlineStats
}

func (s *Server) deadlineStats(ctx context.Context, in *StatsInput) (*StatsOutput, error) {
	st, err := s.App.Supervision.DeadlineStats(ctx, in.From, in.To, in.Department)
	return &StatsOutput{Body: st}, err
}

// PrefillStatsOutput is the prefill ratio per bundle and overall.
type PrefillStatsOutput struct {
	Body app.PrefillFigures
}

func (s *Server) prefillStats(ctx context.Context, _ *struct{}) (*PrefillStatsOutput, error) {
	st, err := s.App.Supervision.PrefillStats(ctx)
	return &PrefillStatsOutput{Body: st}, err
}
