package app

import (
	"context"
	"fmt"

	"haoban"
	"haoban/catalogue"
	"haoban/rules"
)

// CatalogueStore gives the review points and link rules a bundle is
// checked against.
type CatalogueStore interface {
	ListRules(ctx context.Context, items []string) ([]rules.Rule, error)
	ListLinkRules(ctx context.Context) ([]haoban.LinkRule, error)
	BundleStore
}

// Catalogue is the operators' use of the catalogue: checking a bundle
// ahead of publishing it (issue 16).
type Catalogue struct {
	Store CatalogueStore
	// Versions keeps the drafts and published versions.
	Versions VersionStore
	Authz    Authorizer
	// Engine compiles the review points; nil skips them.
	Engine *rules.Engine
	Time   haoban.TimeSource
}

// Check lists every problem with a bundle at once, each at its field path
// (EUNPROCESSABLE with details), or answers nil when it may be published.
// Only those Casbin lets check the catalogue may ask, since the answer
// quotes the review points in force.
func (s *Catalogue) Check(ctx context.Context, r Request, b haoban.Bundle) error {
	if !can(s.Authz, r.User, r.User.Department, "catalogue", "check") {
		return haoban.Errorf(haoban.EFORBIDDEN, "只有管理员和目录管理员可以检查目录")
	}
	codes := make([]string, len(b.Items))
	for i, it := range b.Items {
		codes[i] = it.Code
	}
	deps := catalogue.Deps{Engine: s.Engine}
	var err error
	if len(codes) > 0 {
		if deps.Rules, err = s.Store.ListRules(ctx, codes); err != nil {
			return err
		}
	}
	if deps.LinkRules, err = s.Store.ListLinkRules(ctx); err != nil {
		return err
	}
	details := catalogue.Check(b, deps)
	if len(details) == 0 {
		return nil
	}
	return &haoban.Error{Code: haoban.EUNPROCESSABLE, Field: details[0].Field,
		Message: fmt.Sprintf("一件事「%s」有 %d 处问题，发布前请逐一改正", b.Name, len(details)), Details: details}
}
