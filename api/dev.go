package api

import (
	"context"

	"haoban"
)

// DevUsersOutput lists the demo users one may sign in as in dev mode.
type DevUsersOutput struct {
	Body []haoban.User
}

func (s *Server) devUsers(ctx context.Context, _ *struct{}) (*DevUsersOutput, error) {
	users, err := s.Store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	return &DevUsersOutput{Body: users}, nil
}

// DevLoginInput names the demo user to sign in as.
type DevLoginInput struct {
	Body struct {
		UserID string `json:"user_id" minLength:"1" maxLength:"100" doc:"演示用户的 id，见 GET /api/v1/dev/users"`
	}
}

// DevLoginOutput carries the bearer token.
type DevLoginOutput struct {
	Body struct {
		Token string      `json:"token"`
		User  haoban.User `json:"user"`
	}
}

func (s *Server) devLogin(ctx context.Context, in *DevLoginInput) (*DevLoginOutput, error) {
	token, user, err := s.signInAs(ctx, in.Body.UserID)
	if err != nil {
		return nil, err
	}
	out := &DevLoginOutput{}
	out.Body.Token, out.Body.User = token, user
	return out, nil
}
