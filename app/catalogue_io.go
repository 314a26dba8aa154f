package app

import (
	"context"
	"encoding/json"
	"fmt"

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
		if canonicalJSON(old) == canonicalJSON(b) {
			return res, nil
		}
		before = canonicalJSON(old)
	case haoban.ErrorCode(err) != haoban.ENOTFOUND:
		return res, err
	}
	meta := r.audit("", now(s.Time))
	meta.Action, meta.Target, meta.Before, meta.After = "bundle_imported", b.Code, before, canonicalJSON(b)
	if err := s.Store.SaveBundle(ctx, b, meta); err != nil {
		return res, err
	}
	res.Changed = true
	return res, nil
}

// canonicalJSON is a bundle's JSON with nulls and empty lists dropped, so
// a file that writes `[]` and a store that reads back nothing compare
// equal. Object keys come out sorted.
func canonicalJSON(b haoban.Bundle) string {
	raw, err := json.Marshal(b)
	if err != nil {
		return fmt.Sprint(b)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	out, _ := json.Marshal(dropEmpty(v))
	return string(out)
}

func dropEmpty(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			e = dropEmpty(e)
			if l, ok := e.([]any); e == nil || (ok && len(l) == 0) {
				delete(t, k)
				continue
			}
			t[k] = e
		}
	case []any:
		for i, e := range t {
			t[i] = dropEmpty(e)
		}
	}
	return v
}
