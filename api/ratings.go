package api

import (
	"context"
	"time"

	"haoban"
	"haoban/app"
)

// 好差评 (issue 19): people rate, departments close the loop of bad
// ratings and appeal, supervisors decide the appeals.

// GiveRatingInput rates a completed case, an item's decision or a help
// conversation; given again within 7 days it changes the rating.
type GiveRatingInput struct{ Body app.RatingInput }

// RatingOutput is a rating as stored.
type RatingOutput struct{ Body haoban.Rating }

func (s *Server) giveRating(ctx context.Context, in *GiveRatingInput) (*RatingOutput, error) {
	rt, err := s.App.Ratings.Give(ctx, request(ctx), in.Body)
	return &RatingOutput{Body: rt}, err
}

// RatingIDInput names a rating.
type RatingIDInput struct {
	ID string `path:"id" maxLength:"40"`
}

// MyRatingOutput is the person's own rating with its rectification.
type MyRatingOutput struct{ Body app.RatingView }

func (s *Server) myRating(ctx context.Context, in *RatingIDInput) (*MyRatingOutput, error) {
	v, err := s.App.Ratings.Mine(ctx, request(ctx), in.ID)
	return &MyRatingOutput{Body: v}, err
}

// AnswerRatingInput is the person's answer once the department fixed.
type AnswerRatingInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body app.Satisfaction
}

// RectificationOutput is a rectification as stored.
type RectificationOutput struct{ Body haoban.Rectification }

func (s *Server) answerRating(ctx context.Context, in *AnswerRatingInput) (*RectificationOutput, error) {
	rc, err := s.App.Ratings.Answer(ctx, request(ctx), in.ID, in.Body)
	return &RectificationOutput{Body: rc}, err
}

// DepartmentRatingsOutput is a department's ratings and rectifications.
type DepartmentRatingsOutput struct{ Body app.RatingList }

func (s *Server) departmentRatings(ctx context.Context, _ *struct{}) (*DepartmentRatingsOutput, error) {
	l, err := s.App.Ratings.List(ctx, request(ctx))
	return &DepartmentRatingsOutput{Body: l}, err
}

// RectificationViewOutput is a rectification with its clock.
type RectificationViewOutput struct{ Body app.RectificationView }

func (s *Server) getRectification(ctx context.Context, in *RatingIDInput) (*RectificationViewOutput, error) {
	v, err := s.App.Ratings.Rectification(ctx, request(ctx), in.ID)
	return &RectificationViewOutput{Body: v}, err
}

// CallBackInput records a rectification's call-back (核实).
type CallBackInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body app.CallBack
}

func (s *Server) callBack(ctx context.Context, in *CallBackInput) (*RectificationOutput, error) {
	rc, err := s.App.Ratings.RecordCallBack(ctx, request(ctx), in.ID, in.Body)
	return &RectificationOutput{Body: rc}, err
}

// FixInput records what a department changed.
type FixInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body app.Fix
}

func (s *Server) fixRectification(ctx context.Context, in *FixInput) (*RectificationOutput, error) {
	rc, err := s.App.Ratings.RecordFix(ctx, request(ctx), in.ID, in.Body)
	return &RectificationOutput{Body: rc}, err
}

// FileAppealInput contests a rating of the department.
type FileAppealInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body app.AppealInput
}

// AppealOutput is an appeal as stored.
type AppealOutput struct{ Body haoban.Appeal }

func (s *Server) fileAppeal(ctx context.Context, in *FileAppealInput) (*AppealOutput, error) {
	a, err := s.App.Ratings.FileAppeal(ctx, request(ctx), in.ID, in.Body)
	return &AppealOutput{Body: a}, err
}

// AppealsOutput lists the appeals the reader may see.
type AppealsOutput struct{ Body app.AppealList }

func (s *Server) listAppeals(ctx context.Context, _ *struct{}) (*AppealsOutput, error) {
	l, err := s.App.Ratings.Appeals(ctx, request(ctx))
	return &AppealsOutput{Body: l}, err
}

// DecideAppealInput upholds or rejects an appeal.
type DecideAppealInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body app.AppealDecision
}

func (s *Server) decideAppeal(ctx context.Context, in *DecideAppealInput) (*AppealOutput, error) {
	a, err := s.App.Ratings.DecideAppeal(ctx, request(ctx), in.ID, in.Body)
	return &AppealOutput{Body: a}, err
}

// RatingFiguresInput is the period and scope of 好差评's figures.
type RatingFiguresInput struct {
	From       time.Time `query:"from" doc:"统计期开始（含）"`
	To         time.Time `query:"to" doc:"统计期结束（不含）"`
	Department string    `query:"department" maxLength:"40" doc:"部门编码；不填为全市"`
	Item       string    `query:"item" maxLength:"40" doc:"事项编码；不填为全部事项"`
}

// RatingFiguresOutput is 好差评's figures.
type RatingFiguresOutput struct{ Body haoban.RatingFigures }

func (s *Server) ratingFigures(ctx context.Context, in *RatingFiguresInput) (*RatingFiguresOutput, error) {
	f, err := s.App.Ratings.Figures(ctx, haoban.FigureQuery{From: in.From, To: in.To, Department: in.Department, Item: in.Item})
	return &RatingFiguresOutput{Body: f}, err
}
