package api

import (
	"context"

	"haoban"
)

// logoutAPI revokes the token the request was signed in with: a copy of it
// no longer works, on any instance.
func (s *Server) logoutAPI(ctx context.Context, _ *struct{}) (*struct{}, error) {
	c := claimsFrom(ctx)
	return nil, s.Store.RevokeToken(ctx, c.ID, c.UserID, c.ExpiresAt, s.now())
}

// UsersOutput lists the users.
type UsersOutput struct {
	Body struct {
		Users []haoban.User `json:"users"`
	}
}

func (s *Server) listUsers(ctx context.Context, _ *struct{}) (*UsersOutput, error) {
	users, err := s.Store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	out := &UsersOutput{}
	out.Body.Users = users
	return out, nil
}

// DisableUserInput names the user to disable or enable, and why.
type DisableUserInput struct {
	ID   string `path:"id" maxLength:"100" doc:"用户编号"`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"500" doc:"理由，记入审计"`
	}
}

// UserOutput is a user as they stand after a change.
type UserOutput struct {
	Body haoban.User
}

// disableUser stops a user at once: their tokens end on every instance,
// and they cannot sign in until enabled again.
func (s *Server) disableUser(ctx context.Context, in *DisableUserInput) (*UserOutput, error) {
	if in.ID == userFrom(ctx).ID {
		return nil, haoban.Errorf(haoban.ECONFLICT, "不能停用自己的账号")
	}
	u, err := s.Store.SetUserDisabled(ctx, in.ID, true, in.Body.Reason, s.auditEntry(ctx, ""))
	return &UserOutput{Body: u}, err
}

func (s *Server) enableUser(ctx context.Context, in *DisableUserInput) (*UserOutput, error) {
	u, err := s.Store.SetUserDisabled(ctx, in.ID, false, in.Body.Reason, s.auditEntry(ctx, ""))
	return &UserOutput{Body: u}, err
}
