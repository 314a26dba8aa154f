package api

import (
	"context"
	"time"

	"haoban"
	"haoban/app"
)

// CheckBundleInput is a bundle as an operator would publish it.
type CheckBundleInput struct {
	Body haoban.Bundle
}

// CheckBundleOutput answers a bundle that may be published.
type CheckBundleOutput struct {
	Body struct {
		Problems []haoban.ErrorDetail `json:"problems" doc:"总是为空：有问题时以 422 EUNPROCESSABLE 答复，问题逐条列在 details 中"`
	}
}

func (s *Server) checkBundle(ctx context.Context, in *CheckBundleInput) (*CheckBundleOutput, error) {
	out := &CheckBundleOutput{}
	out.Body.Problems = []haoban.ErrorDetail{}
	return out, s.App.Catalogue.Check(ctx, request(ctx), in.Body)
}

// BundlePath names a bundle.
type BundlePath struct {
	Bundle string `path:"bundle" maxLength:"40" doc:"一件事的编码"`
}

// HistoryOutput is a bundle's versions.
type HistoryOutput struct{ Body app.History }

func (s *Server) catalogueHistory(ctx context.Context, in *BundlePath) (*HistoryOutput, error) {
	h, err := s.App.Catalogue.History(ctx, request(ctx), in.Bundle)
	return &HistoryOutput{Body: h}, err
}

// VersionPath names one version of a bundle.
type VersionPath struct {
	Bundle  string `path:"bundle" maxLength:"40" doc:"一件事的编码"`
	Version int    `path:"version" minimum:"1" doc:"版本号"`
}

// VersionOutput is one version with its changes.
type VersionOutput struct{ Body app.VersionView }

func (s *Server) catalogueVersion(ctx context.Context, in *VersionPath) (*VersionOutput, error) {
	v, err := s.App.Catalogue.Version(ctx, request(ctx), in.Bundle, in.Version)
	return &VersionOutput{Body: v}, err
}

// SaveDraftInput is an edit of a bundle.
type SaveDraftInput struct {
	Bundle string `path:"bundle" maxLength:"40"`
	Body   haoban.Bundle
}

// DraftVersionOutput is the bundle's open draft as saved.
type DraftVersionOutput struct{ Body haoban.CatalogueVersion }

func (s *Server) saveCatalogueDraft(ctx context.Context, in *SaveDraftInput) (*DraftVersionOutput, error) {
	if in.Body.Code != in.Bundle {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "body.code", "正文中的编码与地址中的一件事不一致")
	}
	v, err := s.App.Catalogue.SaveDraft(ctx, request(ctx), in.Body)
	return &DraftVersionOutput{Body: v}, err
}

// PublishInput publishes a draft from a date.
type PublishInput struct {
	Bundle  string `path:"bundle" maxLength:"40"`
	Version int    `path:"version" minimum:"1"`
	Body    struct {
		EffectiveFrom time.Time `json:"effective_from,omitzero" required:"false" doc:"生效时间；省略则立即生效，不能早于现在"`
	}
}

func (s *Server) publishCatalogue(ctx context.Context, in *PublishInput) (*DraftVersionOutput, error) {
	v, err := s.App.Catalogue.Publish(ctx, request(ctx), in.Bundle, in.Version, in.Body.EffectiveFrom)
	return &DraftVersionOutput{Body: v}, err
}

// WithdrawOutput confirms a withdrawal.
type WithdrawOutput struct {
	Body struct {
		Withdrawn bool `json:"withdrawn"`
	}
}

func (s *Server) withdrawCatalogue(ctx context.Context, in *VersionPath) (*WithdrawOutput, error) {
	out := &WithdrawOutput{}
	err := s.App.Catalogue.Withdraw(ctx, request(ctx), in.Bundle, in.Version)
	out.Body.Withdrawn = err == nil
	return out, err
}

// CompareInput names two versions of a bundle.
type CompareInput struct {
	Bundle string `path:"bundle" maxLength:"40"`
	From   int    `query:"from" minimum:"1" required:"true" doc:"较早的版本"`
	To     int    `query:"to" minimum:"1" required:"true" doc:"较新的版本"`
}

// CompareOutput is what changed between them.
type CompareOutput struct {
	Body struct {
		Changes []haoban.Change `json:"changes"`
	}
}

func (s *Server) compareCatalogue(ctx context.Context, in *CompareInput) (*CompareOutput, error) {
	out := &CompareOutput{}
	changes, err := s.App.Catalogue.Compare(ctx, request(ctx), in.Bundle, in.From, in.To)
	out.Body.Changes = append([]haoban.Change{}, changes...)
	return out, err
}
