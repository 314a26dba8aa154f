package api

import (
	"context"

	"haoban"
)

// BundlesOutput lists the bundles one may apply for.
type BundlesOutput struct {
	Body []haoban.Bundle
}

func (s *Server) listBundles(ctx context.Context, _ *struct{}) (*BundlesOutput, error) {
	bundles, err := s.Store.ListBundles(ctx)
	if err != nil {
		return nil, err
	}
	return &BundlesOutput{Body: bundles}, nil
}
