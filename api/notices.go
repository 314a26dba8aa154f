package api

import (
	"context"

	"haoban"
	"haoban/app"
)

// DeadLettersInput asks for one page of the dead letters.
type DeadLettersInput struct {
	app.DeadLetterQuery
}

// DeadLettersOutput is one page of the notices that could not be
// delivered, newest first, with next_cursor ("" on the last page) and the
// total.
type DeadLettersOutput struct {
	Body app.DeadLetterList
}

func (s *Server) deadLetters(ctx context.Context, in *DeadLettersInput) (*DeadLettersOutput, error) {
	list, err := s.App.Notices.DeadLetters(ctx, request(ctx), in.DeadLetterQuery)
	return &DeadLettersOutput{Body: list}, err
}

// ResendInput names the dead letter to send again.
type ResendInput struct {
	ID int64 `path:"id" minimum:"1" doc:"通知编号"`
}

// ResendOutput says the notice is queued again.
type ResendOutput struct {
	Body app.Resent
}

func (s *Server) resendNotice(ctx context.Context, in *ResendInput) (*ResendOutput, error) {
	r, err := s.App.Notices.Resend(ctx, request(ctx), in.ID)
	return &ResendOutput{Body: r}, err
}

// CaseNoticesOutput lists a case's notices to its applicant with their
// delivery state.
type CaseNoticesOutput struct {
	Body struct {
		Notices []app.NoticeView `json:"notices"`
	}
}

func (s *Server) caseNotices(ctx context.Context, in *CaseIDInput) (*CaseNoticesOutput, error) {
	list, err := s.App.Notices.CaseNotices(ctx, request(ctx), in.ID)
	out := &CaseNoticesOutput{}
	out.Body.Notices = list
	return out, err
}

// ContactsOutput is where the caller is reached outside the app.
type ContactsOutput struct {
	Body app.Contacts
}

func (s *Server) getContacts(ctx context.Context, _ *struct{}) (*ContactsOutput, error) {
	c, err := s.App.Notices.Contacts(ctx, request(ctx))
	return &ContactsOutput{Body: c}, err
}

// SetContactsInput replaces the caller's addresses; an empty one is removed.
type SetContactsInput struct {
	Body app.Contacts
}

func (s *Server) setContacts(ctx context.Context, in *SetContactsInput) (*ContactsOutput, error) {
	c, err := s.App.Notices.SetContacts(ctx, request(ctx), in.Body)
	return &ContactsOutput{Body: c}, err
}

// PreferencesOutput is the caller's choice of channels per kind.
type PreferencesOutput struct {
	Body app.Preferences
}

func (s *Server) getPreferences(ctx context.Context, _ *struct{}) (*PreferencesOutput, error) {
	p, err := s.App.Notices.Preferences(ctx, request(ctx))
	return &PreferencesOutput{Body: p}, err
}

// SetPreferencesInput replaces the caller's choices: off lists, per kind,
// the channels switched off; anything not listed is on.
type SetPreferencesInput struct {
	Body haoban.NoticePrefs
}

func (s *Server) setPreferences(ctx context.Context, in *SetPreferencesInput) (*PreferencesOutput, error) {
	p, err := s.App.Notices.SetPreferences(ctx, request(ctx), in.Body)
	return &PreferencesOutput{Body: p}, err
}
