package api

import (
	"context"
	"time"

	"haoban"
	"haoban/app"
)

// Leaders' help (领导干部帮办, "我陪群众走流程", issue 18).

// RecordLeaderSessionInput is a session a leader records for themselves.
type RecordLeaderSessionInput struct {
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200" doc:"重试时使用同一个键，只记录一次"`
	Body           struct {
		Leader        string    `json:"leader,omitempty" required:"false" maxLength:"80" doc:"记录人：只能是本人，不填即本人"`
		ApplicantName string    `json:"applicant_name" maxLength:"200" doc:"陪同的办事群众或企业"`
		CaseID        string    `json:"case_id,omitempty" required:"false" maxLength:"40" doc:"办件编号（可选）"`
		Item          string    `json:"item" maxLength:"80" doc:"本部门的事项编码"`
		StartedAt     time.Time `json:"started_at" doc:"开始时间"`
		EndedAt       time.Time `json:"ended_at" doc:"结束时间（须已结束）"`
		Notes         string    `json:"notes,omitempty" required:"false" maxLength:"8000" doc:"发现的堵点和改进建议"`
	}
}

// LeaderSessionOutput is a session as recorded.
type LeaderSessionOutput struct{ Body haoban.LeaderSession }

func (s *Server) recordLeaderSession(ctx context.Context, in *RecordLeaderSessionInput) (*LeaderSessionOutput, error) {
	b := in.Body
	ls, err := s.App.Leaders.Record(ctx, request(ctx), haoban.LeaderSession{Key: in.IdempotencyKey, Leader: b.Leader, ApplicantName: b.ApplicantName,
		CaseID: b.CaseID, Item: b.Item, StartedAt: b.StartedAt, EndedAt: b.EndedAt, Notes: b.Notes})
	return &LeaderSessionOutput{Body: ls}, err
}

// LeaderReportOutput is each leader's sessions this year and the coverage
// of their department's high-frequency items.
type LeaderReportOutput struct{ Body app.LeaderReport }

func (s *Server) leaderReport(ctx context.Context, _ *struct{}) (*LeaderReportOutput, error) {
	r, err := s.App.Leaders.Report(ctx, request(ctx))
	return &LeaderReportOutput{Body: r}, err
}
