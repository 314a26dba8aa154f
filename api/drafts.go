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

// SubmitDraftInput submits a draft; the body is optional.
type SubmitDraftInput struct {
	ID   string `path:"id" maxLength:"100" doc:"申请草稿编号"`
	Body *app.SubmitOptions
}

// submitDraft checks the whole application at once and turns it into a
// case; submitting again returns the same case. With an open case of the
// same bundle and subject it answers 409 naming that case, unless the body
// confirms a second one.
func (s *Server) submitDraft(ctx context.Context, in *SubmitDraftInput) (*CreateCaseOutput, error) {
	var opt app.SubmitOptions
	if in.Body != nil {
		opt = *in.Body
	}
	return caseCreated(s.App.Drafts.Submit(ctx, request(ctx), in.ID, opt))
}

// DraftsInput asks for one page of the applicant's open drafts.
type DraftsInput struct {
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50"`
	Cursor string `query:"cursor" maxLength:"500" doc:"上一页返回的 next_cursor"`
}

// DraftsOutput is one page of open drafts, the most recently changed
// first, with next_cursor ("" on the last page) and the total.
type DraftsOutput struct {
	Body app.DraftList
}

func (s *Server) listDrafts(ctx context.Context, in *DraftsInput) (*DraftsOutput, error) {
	list, err := s.App.Drafts.List(ctx, request(ctx), haoban.PageRequest{Limit: in.Limit, Cursor: in.Cursor})
	return &DraftsOutput{Body: list}, err
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

// DraftMaterialInput names an upload of a draft.
type DraftMaterialInput struct {
	ID       string `path:"id" maxLength:"100" doc:"申请草稿编号"`
	Material string `path:"material" maxLength:"100" doc:"材料编号（上传时返回的 id）"`
}

// NoContent answers an action with nothing to return.
type NoContent struct{}

func (s *Server) removeDraftMaterial(ctx context.Context, in *DraftMaterialInput) (*NoContent, error) {
	return &NoContent{}, s.App.Materials.RemoveFromDraft(ctx, request(ctx), in.ID, in.Material)
}
