package app

import (
	"context"

	"haoban"
)

// BundleStore keeps the bundles an import replaces.
type BundleStore interface {
	ListBundles(ctx context.Context) ([]haoban.Bundle, error)
	FindBundle(ctx context.Context, code string) (haoban.Bundle, error)
	// SaveBundle replaces a bundle and appends meta to the audit trail in
	// the same transaction.
	SaveBundle(ctx context.Context, b haoban.Bundle, meta haoban.AuditEntry) error
}

// ImportResult says what importing one bundle did.
type ImportResult struct {
	Code string `json:"code"`
	// Changed is false when the stored bundle was already the same:
	// nothing was written, so importing a file twice is harmless.
	Changed bool `json:"changed"`
}

// Export is every bundle, as `haoban catalogue export` writes them to
// files one may review in git (issue 16).
func (s *Catalogue) Export(ctx context.Context) ([]haoban.Bundle, error) {
	return s.Store.ListBundles(ctx)
}

// Import checks a bundle as Check does and, when it passes and differs
// from the stored one, replaces it, audited. Running cases carry their
// bundle in the workflow input, so replacing one never changes them.
func (s *Catalogue) Import(ctx context.Context, r Request, b haoban.Bundle) (ImportResult, error) {
	if !can(s.Authz, r.User, haoban.AnyDepartment, "catalogue", "import") {
		return ImportResult{}, haoban.Errorf(haoban.EFORBIDDEN, "只有管理员可以导入目录")
	}
	if err := s.Check(ctx, r, b); err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{Code: b.Code}
	before := "{}"
	old, err := s.Store.FindBundle(ctx, b.Code)
	switch {
	case err == nil:
		b.Version = old.Version
		if old.Canonical() == b.Canonical() {
			return res, nil
		}
		before = old.Canonical()
	case haoban.ErrorCode(err) != haoban.ENOTFOUND:
		return res, err
	}
	meta := r.audit("", now(s.Time))
	meta.Action, meta.Target, meta.Before, meta.After = "bundle_imported", b.Code, before, b.Canonical()
	if err := s.Store.SaveBundle(ctx, b, meta); err != nil {
		return res, err
	}
	res.Changed = true
	return res, nil
}
