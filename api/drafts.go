package api

import (
	"context"

	"haoban"
	"haoban/app"
	"haoban/prereview"
)

// CreateDraftInput starts a draft for a bundle.
type CreateDraftInput struct {
	Body app.NewDraft
}

func (s *Server) createDraft(ctx context.Context, in *CreateDraftInput) (*DraftOutput, error) {
	d, err := s.App.Drafts.Create(ctx, request(ctx), in.Body)
	return &DraftOutput{Body: d}, err
}

// DraftIDInput names a draft.
type DraftIDInput struct {
	ID string `path:"id" maxLength:"100" doc:"申请草稿编号"`
}

func (s *Server) getDraft(ctx context.Context, in *DraftIDInput) (*DraftOutput, error) {
	d, err := s.App.Drafts.Get(ctx, request(ctx), in.ID)
	return &DraftOutput{Body: d}, err
}

// PatchDraftInput autosaves part of a draft's form; null removes a value.
type PatchDraftInput struct {
	ID   string `path:"id" maxLength:"100" doc:"申请草稿编号"`
	Body app.DraftChanges
}

func (s *Server) patchDraft(ctx context.Context, in *PatchDraftInput) (*DraftOutput, error) {
	d, err := s.App.Drafts.Patch(ctx, request(ctx), in.ID, in.Body)
	return &DraftOutput{Body: d}, err
}

// PrereviewOutput is a draft's pre-review report.
type PrereviewOutput struct {
	Body prereview.Report
}

func (s *Server) prereviewDraft(ctx context.Context, in *DraftIDInput) (*PrereviewOutput, error) {
	rep, err := s.App.Drafts.Prereview(ctx, request(ctx), in.ID)
	return &PrereviewOutput{Body: rep}, err
}

// submitDraft checks the whole application at once and turns it into a
// case; submitting again returns the same case.
func (s *Server) submitDraft(ctx context.Context, in *DraftIDInput) (*CreateCaseOutput, error) {
	return caseCreated(s.App.Drafts.Submit(ctx, request(ctx), in.ID))
}

// BundleCodeInput names a bundle.
type BundleCodeInput struct {
	Code string `path:"code" maxLength:"100" doc:"一件事的编码"`
}

// FormOutput is the one form of a bundle, prefilled for the signed-in applicant.
type FormOutput struct {
	Body app.BundleForm
}

func (s *Server) bundleForm(ctx context.Context, in *BundleCodeInput) (*FormOutput, error) {
	f, err := s.App.Drafts.Form(ctx, request(ctx), in.Code)
	return &FormOutput{Body: f}, err
}

// AddressQuery searches the standard address library.
type AddressQuery struct {
	Q string `query:"q" required:"true" maxLength:"200" doc:"地址中的若干字，至少 2 个字"`
}

// AddressesOutput lists matching addresses, the closest first.
type AddressesOutput struct {
	Body struct {
		Addresses []haoban.Address `json:"addresses"`
	}
}

func (s *Server) addresses(ctx context.Context, in *AddressQuery) (*AddressesOutput, error) {
	list, err := app.Addresses(ctx, s.App.Addresses, in.Q)
	out := &AddressesOutput{}
	out.Body.Addresses = list
	return out, err
}
