package app_test

import (
	"context"
	"slices"
	"time"

	"haoban"
	"haoban/app"
)

// versioned keeps catalogue versions in memory over the fake store, with
// the version in force read as the store reads it.
type versioned struct {
	*store
	now  time.Time
	list map[string][]haoban.CatalogueVersion // oldest first
}

func newVersioned(s *store) *versioned {
	v := &versioned{store: s, now: clock.T, list: map[string][]haoban.CatalogueVersion{}}
	for code, b := range s.bundles {
		b.Version = 1
		v.list[code] = []haoban.CatalogueVersion{{Bundle: code, Version: 1, State: haoban.VersionPublished, Body: b,
			CreatedBy: "system", PublishedBy: "system"}}
	}
	return v
}

func (v *versioned) FindBundle(_ context.Context, code string) (haoban.Bundle, error) {
	var best *haoban.CatalogueVersion
	for i, c := range v.list[code] {
		if c.State == haoban.VersionPublished && !c.EffectiveFrom.After(v.now) &&
			(best == nil || !c.EffectiveFrom.Before(best.EffectiveFrom)) {
			best = &v.list[code][i]
		}
	}
	if best == nil {
		return haoban.Bundle{}, errNotFound
	}
	return best.Body, nil
}

func (v *versioned) FindBundleVersion(ctx context.Context, code string, version int) (haoban.Bundle, error) {
	c, err := v.FindVersion(ctx, code, version)
	return c.Body, err
}

func (v *versioned) ListVersions(_ context.Context, code string) ([]haoban.CatalogueVersion, error) {
	out := slices.Clone(v.list[code])
	slices.Reverse(out)
	return out, nil
}

func (v *versioned) FindVersion(_ context.Context, code string, version int) (haoban.CatalogueVersion, error) {
	for _, c := range v.list[code] {
		if c.Version == version {
			return c, nil
		}
	}
	return haoban.CatalogueVersion{}, errNotFound
}

func (v *versioned) SaveDraft(_ context.Context, b haoban.Bundle, meta haoban.AuditEntry) (haoban.CatalogueVersion, error) {
	v.audits = append(v.audits, meta)
	list := v.list[b.Code]
	for i, c := range list {
		if c.State == haoban.VersionDraft {
			b.Version = c.Version
			list[i].Body = b
			return list[i], nil
		}
	}
	b.Version = len(list) + 1
	d := haoban.CatalogueVersion{Bundle: b.Code, Version: b.Version, State: haoban.VersionDraft, Body: b, CreatedBy: meta.Actor}
	v.list[b.Code] = append(list, d)
	return d, nil
}

func (v *versioned) PublishVersion(_ context.Context, p haoban.CatalogueVersion, meta haoban.AuditEntry) error {
	for i, c := range v.list[p.Bundle] {
		if c.Version == p.Version && c.State == haoban.VersionDraft {
			v.list[p.Bundle][i] = p
			v.audits = append(v.audits, meta)
			return nil
		}
	}
	return haoban.Errorf(haoban.ECONFLICT, "不是草稿")
}

func (v *versioned) WithdrawVersion(_ context.Context, code string, version int, now time.Time, meta haoban.AuditEntry) error {
	for i, c := range v.list[code] {
		if c.Version == version && c.Withdrawable(now) {
			v.list[code][i].State = haoban.VersionWithdrawn
			v.audits = append(v.audits, meta)
			return nil
		}
	}
	return haoban.Errorf(haoban.ECONFLICT, "不能撤回")
}

var _ app.VersionStore = (*versioned)(nil)

// FindBundleVersion of the plain fake store has one version of each bundle.
func (s *store) FindBundleVersion(ctx context.Context, code string, _ int) (haoban.Bundle, error) {
	return s.FindBundle(ctx, code)
}
