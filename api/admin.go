package api

import (
	"context"

	"haoban"
	"haoban/app"
	"haoban/logging"
	"haoban/rules"
)

// BundlesOutput lists the bundles one may apply for.
type BundlesOutput struct {
	Body []haoban.Bundle
}

func (s *Server) listBundles(ctx context.Context, _ *struct{}) (*BundlesOutput, error) {
	bundles, err := s.App.Admin.Bundles(ctx)
	return &BundlesOutput{Body: bundles}, err
}

// SourcesOutput is the data-source catalogue.
type SourcesOutput struct {
	Body struct {
		Sources []haoban.SourceInfo `json:"sources"`
	}
}

func (s *Server) listSources(ctx context.Context, _ *struct{}) (*SourcesOutput, error) {
	return sourcesOutput(s.App.Admin.Sources(ctx))
}

func sourcesOutput(list []haoban.SourceInfo, err error) (*SourcesOutput, error) {
	out := &SourcesOutput{}
	out.Body.Sources = list
	return out, err
}

// SaveSourceInput registers a data source or corrects its entry.
type SaveSourceInput struct {
	Code string `path:"code" pattern:"^[a-z_]+$" maxLength:"100" doc:"数据来源编码"`
	Body haoban.SourceInfo
}

func (s *Server) saveSource(ctx context.Context, in *SaveSourceInput) (*SourcesOutput, error) {
	return sourcesOutput(s.App.Admin.SaveSource(ctx, request(ctx), in.Code, in.Body))
}

// RulesOutput lists review points.
type RulesOutput struct {
	Body struct {
		Rules []rules.Rule `json:"rules"`
	}
}

// RulesQuery narrows the list to one item.
type RulesQuery struct {
	Item string `query:"item" maxLength:"100" doc:"只列出该事项的审查要点"`
}

func (s *Server) listRules(ctx context.Context, in *RulesQuery) (*RulesOutput, error) {
	return rulesOutput(s.App.Rules.List(ctx, in.Item))
}

func rulesOutput(list []rules.Rule, err error) (*RulesOutput, error) {
	out := &RulesOutput{}
	out.Body.Rules = list
	return out, err
}

// RuleIDInput names a rule.
type RuleIDInput struct {
	ID string `path:"id" maxLength:"100" doc:"审查要点编号"`
}

func (s *Server) ruleHistory(ctx context.Context, in *RuleIDInput) (*RulesOutput, error) {
	return rulesOutput(s.App.Rules.History(ctx, in.ID))
}

// RuleOutput is one saved version of a rule.
type RuleOutput struct {
	Body rules.Rule
}

// CreateRuleInput adds a review point.
type CreateRuleInput struct {
	Body app.RuleBody
}

func (s *Server) createRule(ctx context.Context, in *CreateRuleInput) (*RuleOutput, error) {
	r, err := s.App.Rules.Create(ctx, request(ctx), in.Body)
	return &RuleOutput{Body: r}, err
}

// UpdateRuleInput saves a new version of a review point.
type UpdateRuleInput struct {
	ID   string `path:"id" maxLength:"100" doc:"审查要点编号"`
	Body app.RuleBody
}

func (s *Server) updateRule(ctx context.Context, in *UpdateRuleInput) (*RuleOutput, error) {
	r, err := s.App.Rules.Update(ctx, request(ctx), in.ID, in.Body)
	return &RuleOutput{Body: r}, err
}

// LinkRulesOutput lists the link rules.
type LinkRulesOutput struct {
	Body struct {
		Rules []haoban.LinkRule `json:"rules"`
	}
}

func (s *Server) listLinkRules(ctx context.Context, _ *struct{}) (*LinkRulesOutput, error) {
	return linkRulesOutput(s.App.Admin.LinkRules(ctx))
}

func linkRulesOutput(list []haoban.LinkRule, err error) (*LinkRulesOutput, error) {
	out := &LinkRulesOutput{}
	out.Body.Rules = list
	return out, err
}

// SaveLinkRuleInput sets a licence type's link rule.
type SaveLinkRuleInput struct {
	Type string `path:"type" maxLength:"100" doc:"证照类型，如 food-licence"`
	Body app.LinkRuleFields
}

func (s *Server) saveLinkRule(ctx context.Context, in *SaveLinkRuleInput) (*LinkRulesOutput, error) {
	return linkRulesOutput(s.App.Admin.SaveLinkRule(ctx, request(ctx), in.Type, in.Body))
}

// CalendarOutput lists the loaded years of the working-day calendar.
type CalendarOutput struct {
	Body app.Calendar
}

func (s *Server) getCalendar(ctx context.Context, _ *struct{}) (*CalendarOutput, error) {
	c, err := s.App.Admin.Calendar(ctx)
	return &CalendarOutput{Body: c}, err
}

// LoadYearInput is one year's holidays and make-up working days.
type LoadYearInput struct {
	Year int `path:"year" minimum:"2000" maximum:"2100"`
	Body app.CalendarNotice
}

func (s *Server) loadCalendarYear(ctx context.Context, in *LoadYearInput) (*CalendarOutput, error) {
	c, err := s.App.Admin.LoadCalendarYear(ctx, request(ctx), in.Year, in.Body)
	return &CalendarOutput{Body: c}, err
}

// UsersOutput lists the users.
type UsersOutput struct {
	Body struct {
		Users []haoban.User `json:"users"`
	}
}

func (s *Server) listUsers(ctx context.Context, _ *struct{}) (*UsersOutput, error) {
	users, err := s.App.Admin.Users(ctx)
	out := &UsersOutput{}
	out.Body.Users = users
	return out, err
}

// DisableUserInput names the user to disable or enable, and why.
type DisableUserInput struct {
	ID   string `path:"id" maxLength:"100" doc:"用户编号"`
	Body app.Reason
}

// UserOutput is a user as they stand after a change.
type UserOutput struct {
	Body haoban.User
}

func (s *Server) disableUser(ctx context.Context, in *DisableUserInput) (*UserOutput, error) {
	u, err := s.App.Admin.DisableUser(ctx, request(ctx), in.ID, in.Body)
	return &UserOutput{Body: u}, err
}

func (s *Server) enableUser(ctx context.Context, in *DisableUserInput) (*UserOutput, error) {
	u, err := s.App.Admin.EnableUser(ctx, request(ctx), in.ID, in.Body)
	return &UserOutput{Body: u}, err
}

// logout revokes the token the request was signed in with: a copy of it no
// longer works, on any instance.
func (s *Server) logout(ctx context.Context, _ *struct{}) (*struct{}, error) {
	return nil, s.App.Sessions.SignOut(ctx, claimsFrom(ctx))
}

// DevUsersOutput lists the demo users one may sign in as in dev mode.
type DevUsersOutput struct {
	Body []haoban.User
}

func (s *Server) devUsers(ctx context.Context, _ *struct{}) (*DevUsersOutput, error) {
	users, err := s.App.Admin.Users(ctx)
	return &DevUsersOutput{Body: users}, err
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
	token, user, err := s.App.Sessions.SignInAs(ctx, logging.ClientAddr(ctx), in.Body.UserID)
	out := &DevLoginOutput{}
	out.Body.Token, out.Body.User = token, user
	return out, err
}
