package app

import (
	"cmp"
	"context"
	"slices"
	"time"

	"haoban"
)

// CatalogueEditorStore is what the catalogue's editor pages read beside
// the versions: every bundle's versions (drafts of new bundles too), the
// departments, users and data sources by name.
type CatalogueEditorStore interface {
	// ListCatalogueVersions returns the drafts and published versions of
	// every bundle, by bundle and newest first.
	ListCatalogueVersions(ctx context.Context) ([]haoban.CatalogueVersion, error)
	NameStore
	ListSources(ctx context.Context) ([]haoban.SourceInfo, error)
}

// CatalogueEditor is what the catalogue's pages do for its keepers (issue
// 16): list the bundles, turn the editors' forms into drafts, and tell
// versions and their changes in words. It writes through Catalogue, whose
// rules decide who may change what.
type CatalogueEditor struct {
	Catalogue *Catalogue
	Store     CatalogueEditorStore
	Authz     Authorizer
	Time      haoban.TimeSource
}

// CatalogueIndex is every bundle for the catalogue's keepers.
type CatalogueIndex struct {
	Bundles []CatalogueRow
	// CanCreate: the user may start a new bundle (the catalogue admin).
	CanCreate bool
}

// CatalogueRow is one bundle: its newest name and where its versions stand.
type CatalogueRow struct {
	Code, Name  string
	Stage       string
	Departments []string // names, in item order
	Items       int
	InForce     *VersionMark
	Draft       *VersionMark
	Coming      *VersionMark // published, effective later
}

// VersionMark is one version as the list names it.
type VersionMark struct {
	Version int
	From    time.Time // effective from; a draft: created at
	By      string    // who published (a draft: who opened it), by name
}

// Index lists every bundle, with its version in force, its open draft and
// a version still to come.
func (s *CatalogueEditor) Index(ctx context.Context, r Request) (CatalogueIndex, error) {
	if !can(s.Authz, r.User, r.User.Department, "catalogue", "read") {
		return CatalogueIndex{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员和部门目录编辑可以管理目录")
	}
	vs, err := s.Store.ListCatalogueVersions(ctx)
	if err != nil {
		return CatalogueIndex{}, err
	}
	names, err := ReadNames(ctx, s.Store)
	if err != nil {
		return CatalogueIndex{}, err
	}
	at := now(s.Time)
	out := CatalogueIndex{CanCreate: can(s.Authz, r.User, haoban.AnyDepartment, "catalogue", "edit_bundle")}
	for _, group := range byBundle(vs) {
		row := CatalogueRow{Code: group[0].Bundle, Name: group[0].Body.Name, Stage: group[0].Body.Stage, Items: len(group[0].Body.Items)}
		for _, d := range group[0].Body.Departments() {
			row.Departments = append(row.Departments, names.Department(d))
		}
		for _, v := range group { // newest first
			switch {
			case v.State == haoban.VersionDraft:
				row.Draft = &VersionMark{Version: v.Version, From: v.CreatedAt, By: names.User(v.CreatedBy)}
			case v.EffectiveFrom.After(at):
				row.Coming = &VersionMark{Version: v.Version, From: v.EffectiveFrom, By: names.User(v.PublishedBy)}
			case row.InForce == nil || v.EffectiveFrom.After(row.InForce.From): // as the store finds it
				row.InForce = &VersionMark{Version: v.Version, From: v.EffectiveFrom, By: names.User(v.PublishedBy)}
			}
		}
		out.Bundles = append(out.Bundles, row)
	}
	slices.SortFunc(out.Bundles, func(a, b CatalogueRow) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// byBundle groups versions listed by bundle.
func byBundle(vs []haoban.CatalogueVersion) [][]haoban.CatalogueVersion {
	var out [][]haoban.CatalogueVersion
	for _, v := range vs {
		if n := len(out); n > 0 && out[n-1][0].Bundle == v.Bundle {
			out[n-1] = append(out[n-1], v)
			continue
		}
		out = append(out, []haoban.CatalogueVersion{v})
	}
	return out
}

// mayEdit reports whether the user may edit an item of the department.
func (s *CatalogueEditor) mayEdit(u haoban.User, dept string) bool {
	editable := s.Catalogue.Editable(u)
	return editable == nil || slices.Contains(editable, dept)
}

// mayEditBundle reports whether the user may change the bundle itself.
func (s *CatalogueEditor) mayEditBundle(u haoban.User) bool {
	return can(s.Authz, u, haoban.AnyDepartment, "catalogue", "edit_bundle")
}
