package app

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"haoban"
	"haoban/catalogue"
)

// VersionStore keeps the catalogue's versions (issue 16).
type VersionStore interface {
	ListVersions(ctx context.Context, bundle string) ([]haoban.CatalogueVersion, error)
	FindVersion(ctx context.Context, bundle string, version int) (haoban.CatalogueVersion, error)
	// SaveDraft writes the bundle's one open draft, opening it if needed.
	SaveDraft(ctx context.Context, b haoban.Bundle, meta haoban.AuditEntry) (haoban.CatalogueVersion, error)
	PublishVersion(ctx context.Context, v haoban.CatalogueVersion, meta haoban.AuditEntry) error
	WithdrawVersion(ctx context.Context, bundle string, version int, now time.Time, meta haoban.AuditEntry) error
}

// VersionView is one version as the history shows it.
type VersionView struct {
	haoban.CatalogueVersion
	Status       string `json:"status"` // 草稿, 待生效, 现行, 已被取代, 已撤回
	Withdrawable bool   `json:"withdrawable"`
}

// History is a bundle's versions, newest first, and the one in force.
type History struct {
	Bundle   string        `json:"bundle"`
	Name     string        `json:"name"`
	InForce  int           `json:"in_force"` // 0: none yet
	Draft    int           `json:"draft"`    // 0: no open draft
	Versions []VersionView `json:"versions"`
}

// History lists a bundle's versions for those who edit the catalogue.
func (s *Catalogue) History(ctx context.Context, r Request, bundle string) (History, error) {
	if !can(s.Authz, r.User, r.User.Department, "catalogue", "read") {
		return History{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员和部门目录编辑可以查看目录版本")
	}
	vs, err := s.Versions.ListVersions(ctx, bundle)
	if err != nil {
		return History{}, err
	} else if len(vs) == 0 {
		return History{}, haoban.FieldErrorf(haoban.ENOTFOUND, "bundle", "没有这个一件事")
	}
	h := History{Bundle: bundle, Name: vs[0].Body.Name}
	if cur, err := s.Store.FindBundle(ctx, bundle); err == nil {
		h.InForce = cur.Version
	} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return History{}, err
	}
	at := now(s.Time)
	for _, v := range vs {
		if v.State == haoban.VersionDraft {
			h.Draft = v.Version
		}
		h.Versions = append(h.Versions, VersionView{CatalogueVersion: v, Status: v.Status(at, h.InForce),
			Withdrawable: v.Withdrawable(at)})
	}
	return h, nil
}

// Version returns one version, with what it changes against the version
// before it (a draft: against the version in force).
func (s *Catalogue) Version(ctx context.Context, r Request, bundle string, version int) (VersionView, error) {
	if !can(s.Authz, r.User, r.User.Department, "catalogue", "read") {
		return VersionView{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员和部门目录编辑可以查看目录版本")
	}
	v, err := s.Versions.FindVersion(ctx, bundle, version)
	if err != nil {
		return VersionView{}, err
	}
	inForce := 0
	cur, err := s.Store.FindBundle(ctx, bundle)
	if err == nil {
		inForce = cur.Version
	} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return VersionView{}, err
	}
	if v.State == haoban.VersionDraft {
		v.Changes = catalogue.Diff(cur, v.Body)
	}
	at := now(s.Time)
	return VersionView{CatalogueVersion: v, Status: v.Status(at, inForce), Withdrawable: v.Withdrawable(at)}, nil
}

// SaveDraft stores an edit of a bundle as its open draft. The catalogue
// admin may change anything; a department's catalogue editor only the
// items of their department, which the edit's diff against the draft (or
// the version in force) tells. A draft may still have problems: they are
// listed at publishing.
func (s *Catalogue) SaveDraft(ctx context.Context, r Request, b haoban.Bundle) (haoban.CatalogueVersion, error) {
	if !can(s.Authz, r.User, r.User.Department, "catalogue", "edit") {
		return haoban.CatalogueVersion{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员和部门目录编辑可以修改目录")
	}
	if !codePattern.MatchString(b.Code) {
		return haoban.CatalogueVersion{}, haoban.FieldErrorf(haoban.EINVALID, "body.code",
			"一件事的编码只能用小写字母、数字和连字符，2 到 40 个字符")
	}
	base, err := s.draftBase(ctx, b.Code)
	if err != nil {
		return haoban.CatalogueVersion{}, err
	}
	changes := catalogue.Diff(base, b)
	if len(changes) == 0 && base.Code != "" {
		if d, err := s.openDraft(ctx, b.Code); err != nil || d.Version != 0 {
			return d, err
		}
	}
	if err := s.mayChange(r.User, base, b, changes); err != nil {
		return haoban.CatalogueVersion{}, err
	}
	meta := r.audit("", now(s.Time))
	meta.Action, meta.Before, meta.After = "catalogue_draft_saved", summary(len(changes), "changes"), summary(changes, "changes")
	return s.Versions.SaveDraft(ctx, b, meta)
}

// draftBase is what an edit is compared with: the open draft, else the
// version in force, else nothing (a new bundle).
func (s *Catalogue) draftBase(ctx context.Context, code string) (haoban.Bundle, error) {
	d, err := s.openDraft(ctx, code)
	if err != nil || d.Version != 0 {
		return d.Body, err
	}
	cur, err := s.Store.FindBundle(ctx, code)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return haoban.Bundle{}, nil
	}
	return cur, err
}

// openDraft is the bundle's open draft (Version 0: none).
func (s *Catalogue) openDraft(ctx context.Context, code string) (haoban.CatalogueVersion, error) {
	vs, err := s.Versions.ListVersions(ctx, code)
	if err != nil {
		return haoban.CatalogueVersion{}, err
	}
	for _, v := range vs {
		if v.State == haoban.VersionDraft {
			return v, nil
		}
	}
	return haoban.CatalogueVersion{}, nil
}

// mayChange checks each change against the editor's departments: a change
// inside an item needs edit rights in the item's department before and
// after the change; any other change needs the catalogue admin's.
func (s *Catalogue) mayChange(u haoban.User, base, b haoban.Bundle, changes []haoban.Change) error {
	checked := map[string]bool{}
	for _, c := range changes {
		code := catalogue.ItemOf(c.Path)
		if code == "" {
			if !can(s.Authz, u, haoban.AnyDepartment, "catalogue", "edit_bundle") {
				return haoban.FieldErrorf(haoban.EFORBIDDEN, "body."+c.Path, "只有目录管理员可以修改一件事本身（%s）", c.Path)
			}
			continue
		}
		if checked[code] {
			continue
		}
		checked[code] = true
		for _, bb := range []haoban.Bundle{base, b} {
			it, ok := bb.Item(code)
			if ok && !can(s.Authz, u, it.Department, "catalogue", "edit") {
				return haoban.FieldErrorf(haoban.EFORBIDDEN, "body.items["+code+"]",
					"事项「%s」属于其他部门，只能由该部门的目录编辑或目录管理员修改", it.Name)
			}
		}
	}
	return nil
}

// Publish checks a draft as Check does and makes it effective from a date
// (now when zero; never in the past), with its diff against the version in
// force, audited. Cases already accepted keep their version to the end.
func (s *Catalogue) Publish(ctx context.Context, r Request, bundle string, version int, effective time.Time) (haoban.CatalogueVersion, error) {
	if !can(s.Authz, r.User, haoban.AnyDepartment, "catalogue", "publish") {
		return haoban.CatalogueVersion{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以发布目录")
	}
	at := now(s.Time)
	v, err := s.Versions.FindVersion(ctx, bundle, version)
	if err == nil && v.State == haoban.VersionPublished && v.PublishedBy == r.User.ID &&
		(effective.IsZero() || effective.Equal(v.EffectiveFrom)) {
		return v, nil // a retried publish: done already
	}
	if effective.IsZero() {
		effective = at
	} else if effective.Before(at.Add(-time.Minute)) {
		return haoban.CatalogueVersion{}, haoban.FieldErrorf(haoban.EINVALID, "body.effective_from", "生效时间不能早于现在")
	}
	if err != nil {
		return v, err
	} else if v.State != haoban.VersionDraft {
		return v, haoban.Errorf(haoban.ECONFLICT, "第 %d 版不是草稿，不能再发布", version)
	}
	if err := s.Check(ctx, r, v.Body); err != nil {
		return v, err
	}
	cur, err := s.Store.FindBundle(ctx, bundle)
	if err != nil && haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return v, err
	}
	v.Body.Version = version
	v.State, v.EffectiveFrom, v.Changes = haoban.VersionPublished, effective, catalogue.Diff(cur, v.Body)
	v.PublishedBy, v.PublishedAt = r.User.ID, at
	meta := r.audit("", at)
	meta.Action, meta.Target = "catalogue_published", fmt.Sprintf("%s@%d", bundle, version)
	meta.Before = summary(cur.Version, "in_force")
	meta.After = summary(map[string]any{"version": version, "effective_from": effective, "changes": len(v.Changes)}, "published")
	if err := s.Versions.PublishVersion(ctx, v, meta); err != nil {
		return v, err
	}
	return v, nil
}

// Withdraw withdraws a published version before it takes effect, audited.
func (s *Catalogue) Withdraw(ctx context.Context, r Request, bundle string, version int) error {
	if !can(s.Authz, r.User, haoban.AnyDepartment, "catalogue", "withdraw") {
		return haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以撤回目录版本")
	}
	at := now(s.Time)
	v, err := s.Versions.FindVersion(ctx, bundle, version)
	if err != nil {
		return err
	} else if !v.Withdrawable(at) {
		return haoban.Errorf(haoban.ECONFLICT, "第 %d 版%s，不能撤回：只有待生效的版本可以撤回", version, v.Status(at, 0))
	}
	meta := r.audit("", at)
	meta.Action, meta.Target = "catalogue_withdrawn", fmt.Sprintf("%s@%d", bundle, version)
	meta.Before, meta.After = summary(v.EffectiveFrom, "effective_from"), summary("withdrawn", "state")
	return s.Versions.WithdrawVersion(ctx, bundle, version, at, meta)
}

// Compare lists the changes from one version of a bundle to another.
func (s *Catalogue) Compare(ctx context.Context, r Request, bundle string, from, to int) ([]haoban.Change, error) {
	if !can(s.Authz, r.User, r.User.Department, "catalogue", "read") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员和部门目录编辑可以查看目录版本")
	}
	var bodies []haoban.Bundle
	for _, n := range []int{from, to} {
		v, err := s.Versions.FindVersion(ctx, bundle, n)
		if err != nil {
			return nil, err
		}
		bodies = append(bodies, v.Body)
	}
	return catalogue.Diff(bodies[0], bodies[1]), nil
}

// Editable reports which departments' items the user may edit: nil for
// all (the catalogue admin).
func (s *Catalogue) Editable(u haoban.User) []string {
	if can(s.Authz, u, haoban.AnyDepartment, "catalogue", "edit_bundle") {
		return nil
	}
	if can(s.Authz, u, u.Department, "catalogue", "edit") {
		return []string{u.Department}
	}
	return []string{}
}

// codePattern is what a bundle's code may be: it appears in URLs.
var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,39}$`)

// summary is an audit entry's JSON summary {key: v}.
func summary(v any, key string) string {
	raw, err := json.Marshal(map[string]any{key: v})
	if err != nil {
		return "{}"
	}
	return string(raw)
}
