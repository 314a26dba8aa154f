package api

import (
	"context"

	"haoban"
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
