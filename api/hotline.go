package api

import (
	"context"
	"time"

	"haoban"
	"haoban/app"
)

// The 12345 hand-off (issue 18): the hotline's account hands a caller's
// question over; a specialist of the item's department connects within the
// connect target; the connect rate is counted from the tickets.

// HotlineSubmitInput is a ticket from 12345.
type HotlineSubmitInput struct {
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200" doc:"12345 重试时使用同一个键，只生成一张工单"`
	Body           app.HotlineTicketInput
}

// HotlineTicketOutput is a ticket; the caller's number is kept whole for
// the hotline and the specialist who calls back.
type HotlineTicketOutput struct{ Body haoban.HotlineTicket }

func (s *Server) submitHotline(ctx context.Context, in *HotlineSubmitInput) (*HotlineTicketOutput, error) {
	t, err := s.App.Hotline.Submit(ctx, request(ctx), in.IdempotencyKey, in.Body)
	return &HotlineTicketOutput{Body: t}, err
}

// HotlinePath names a ticket.
type HotlinePath struct {
	ID string `path:"id" maxLength:"64"`
}

func (s *Server) connectHotline(ctx context.Context, in *HotlinePath) (*HotlineTicketOutput, error) {
	t, err := s.App.Hotline.Connect(ctx, request(ctx), in.ID)
	return &HotlineTicketOutput{Body: t}, err
}

// HotlineDeskOutput is what the specialist has to take, masked.
type HotlineDeskOutput struct {
	Body struct {
		TargetSeconds int                  `json:"target_seconds"`
		Waiting       []app.HotlineWaiting `json:"waiting"`
	}
}

func (s *Server) hotlineDesk(ctx context.Context, _ *struct{}) (*HotlineDeskOutput, error) {
	d, err := s.App.Hotline.Desk(ctx, request(ctx))
	out := &HotlineDeskOutput{}
	out.Body.TargetSeconds, out.Body.Waiting = d.Target, d.Waiting
	if out.Body.Waiting == nil {
		out.Body.Waiting = []app.HotlineWaiting{}
	}
	return out, err
}

// HotlineStatsInput is the period, by received time; the last 30 days by
// default.
type HotlineStatsInput struct {
	From time.Time `query:"from" required:"false" doc:"起始时间（含），RFC 3339"`
	To   time.Time `query:"to" required:"false" doc:"截止时间（不含），RFC 3339"`
}

// HotlineStatsOutput is the connect rate.
type HotlineStatsOutput struct{ Body haoban.HotlineStats }

func (s *Server) hotlineStats(ctx context.Context, in *HotlineStatsInput) (*HotlineStatsOutput, error) {
	st, err := s.App.Hotline.Stats(ctx, request(ctx), in.From, in.To)
	return &HotlineStatsOutput{Body: st}, err
}
