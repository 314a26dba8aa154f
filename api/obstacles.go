package api

import (
	"context"

	"haoban"
	"haoban/app"
	"haoban/logging"
)

// 办不成事 (issue 19): a person reports what they could not get done; the
// department accepts within 1 working day and resolves, or answers with
// reasons, within 5. A signed-in person files and follows their own
// reports; a person not signed in files through the public, rate-limited
// route and follows the report by its secret token.

// FileObstacleInput is a report filed by a signed-in person.
type FileObstacleInput struct{ Body app.ObstacleReport }

// FiledObstacle is a report as filed. Link is its secret link: the only
// way an anonymous person reaches it again.
type FiledObstacle struct {
	app.ObstacleView
	Token string `json:"token" doc:"查看进展的凭据（匿名提交时请妥善保存）"`
	Link  string `json:"link"`
}

// FiledObstacleOutput is the report just filed.
type FiledObstacleOutput struct{ Body FiledObstacle }

func (s *Server) fileObstacle(ctx context.Context, in *FileObstacleInput) (*FiledObstacleOutput, error) {
	return s.filed(ctx, request(ctx), in.Body)
}

// publicRequest is an anonymous person's request: no user, the client's
// address for the rate limit.
func publicRequest(ctx context.Context) app.Request {
	return app.Request{RequestID: logging.RequestID(ctx), ClientAddr: logging.ClientAddr(ctx)}
}

func (s *Server) filePublicObstacle(ctx context.Context, in *FileObstacleInput) (*FiledObstacleOutput, error) {
	return s.filed(ctx, publicRequest(ctx), in.Body)
}

func (s *Server) filed(ctx context.Context, r app.Request, in app.ObstacleReport) (*FiledObstacleOutput, error) {
	o, err := s.App.Obstacles.File(ctx, r, in)
	if err != nil {
		return nil, err
	}
	v, err := s.App.Obstacles.Get(ctx, r, o.ID, o.Token)
	if err != nil {
		return nil, err
	}
	return &FiledObstacleOutput{Body: FiledObstacle{ObstacleView: v, Token: o.Token,
		Link: "/obstacles/" + o.ID + "?t=" + o.Token}}, nil
}

// ObstacleInput names a report; Token is its secret, for the public routes.
type ObstacleInput struct {
	ID    string `path:"id" maxLength:"40"`
	Token string `query:"token" maxLength:"64" doc:"提交时给出的凭据"`
}

// ObstacleOutput is a report with every step and its clocks.
type ObstacleOutput struct{ Body app.ObstacleView }

func (s *Server) getObstacle(ctx context.Context, in *ObstacleInput) (*ObstacleOutput, error) {
	v, err := s.App.Obstacles.Get(ctx, request(ctx), in.ID, "")
	return &ObstacleOutput{Body: v}, err
}

func (s *Server) getPublicObstacle(ctx context.Context, in *ObstacleInput) (*ObstacleOutput, error) {
	v, err := s.App.Obstacles.Get(ctx, publicRequest(ctx), in.ID, in.Token)
	return &ObstacleOutput{Body: v}, err
}

// MyObstaclesOutput is the person's reports, newest first.
type MyObstaclesOutput struct {
	Body struct {
		Obstacles []app.ObstacleView `json:"obstacles"`
	}
}

func (s *Server) myObstacles(ctx context.Context, _ *struct{}) (*MyObstaclesOutput, error) {
	out := &MyObstaclesOutput{}
	l, err := s.App.Obstacles.Mine(ctx, request(ctx))
	out.Body.Obstacles = l
	return out, err
}

// ReopenObstacleInput reopens an answered report, once, saying why.
type ReopenObstacleInput struct {
	ID    string `path:"id" maxLength:"40"`
	Token string `query:"token" maxLength:"64" doc:"提交时给出的凭据（匿名提交时）"`
	Body  struct {
		Reason string `json:"reason" maxLength:"4000" doc:"哪里不满意"`
	}
}

// ObstacleStored is a report as stored.
type ObstacleStored struct{ Body haoban.Obstacle }

func (s *Server) reopenObstacle(ctx context.Context, in *ReopenObstacleInput) (*ObstacleStored, error) {
	o, err := s.App.Obstacles.Reopen(ctx, request(ctx), in.ID, "", in.Body.Reason)
	return &ObstacleStored{Body: o}, err
}

func (s *Server) reopenPublicObstacle(ctx context.Context, in *ReopenObstacleInput) (*ObstacleStored, error) {
	o, err := s.App.Obstacles.Reopen(ctx, publicRequest(ctx), in.ID, in.Token, in.Body.Reason)
	return &ObstacleStored{Body: o}, err
}

// DepartmentObstaclesInput asks for a department's reports.
type DepartmentObstaclesInput struct {
	Department string `query:"department" maxLength:"40" doc:"部门编码；不填为本部门（督办、管理员：全部部门）"`
}

// DepartmentObstaclesOutput is a department's open reports grouped by
// item, and those answered in the last 30 days.
type DepartmentObstaclesOutput struct{ Body app.ObstacleList }

func (s *Server) departmentObstacles(ctx context.Context, in *DepartmentObstaclesInput) (*DepartmentObstaclesOutput, error) {
	l, err := s.App.Obstacles.List(ctx, request(ctx), in.Department)
	return &DepartmentObstaclesOutput{Body: l}, err
}

func (s *Server) acceptObstacle(ctx context.Context, in *ObstacleInput) (*ObstacleStored, error) {
	o, err := s.App.Obstacles.Accept(ctx, request(ctx), in.ID)
	return &ObstacleStored{Body: o}, err
}

// ResolveObstacleInput resolves a report, or answers it with reasons.
type ResolveObstacleInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body app.ObstacleResolution
}

func (s *Server) resolveObstacle(ctx context.Context, in *ResolveObstacleInput) (*ObstacleStored, error) {
	o, err := s.App.Obstacles.Resolve(ctx, request(ctx), in.ID, in.Body)
	return &ObstacleStored{Body: o}, err
}
