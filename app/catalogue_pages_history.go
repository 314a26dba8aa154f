package app

import (
	"context"
	"time"

	"haoban"
	"haoban/catalogue"
)

// HistoryPage is a bundle's versions as its history page shows them.
type HistoryPage struct {
	Bundle, Name   string
	InForce, Draft int
	// CanPublish: the user may publish and withdraw (the catalogue admin).
	CanPublish bool
	Versions   []HistoryEntry
}

// HistoryEntry is one version with its changes in words.
type HistoryEntry struct {
	Version       int
	State         haoban.VersionState
	Status        string // 草稿, 待生效, 现行, 已被取代, 已撤回
	EffectiveFrom time.Time
	CreatedBy     string // names
	PublishedBy   string
	WithdrawnBy   string
	CreatedAt     time.Time
	PublishedAt   time.Time
	Withdrawable  bool
	Changes       []ChangeLine
}

// HistoryPage lists a bundle's versions, newest first, each with what it
// changed in words: a published version against the version in force when
// it was published, the draft against the version in force now.
func (s *CatalogueEditor) HistoryPage(ctx context.Context, r Request, bundle string) (HistoryPage, error) {
	h, err := s.Catalogue.History(ctx, r, bundle)
	if err != nil {
		return HistoryPage{}, err
	}
	names, err := ReadNames(ctx, s.Store)
	if err != nil {
		return HistoryPage{}, err
	}
	words, err := s.vocabulary(ctx)
	if err != nil {
		return HistoryPage{}, err
	}
	p := HistoryPage{Bundle: h.Bundle, Name: h.Name, InForce: h.InForce, Draft: h.Draft,
		CanPublish: can(s.Authz, r.User, haoban.AnyDepartment, "catalogue", "publish")}
	var inForce haoban.Bundle
	for _, v := range h.Versions {
		if v.Version == h.InForce {
			inForce = v.Body
		}
	}
	for i, v := range h.Versions {
		e := HistoryEntry{Version: v.Version, State: v.State, Status: v.Status, EffectiveFrom: v.EffectiveFrom,
			CreatedBy: names.User(v.CreatedBy), CreatedAt: v.CreatedAt, Withdrawable: v.Withdrawable}
		if v.PublishedBy != "" {
			e.PublishedBy, e.PublishedAt = names.User(v.PublishedBy), v.PublishedAt
		}
		if v.WithdrawnBy != "" {
			e.WithdrawnBy = names.User(v.WithdrawnBy)
		}
		if v.State == haoban.VersionDraft {
			e.Changes = DescribeChanges(inForce, v.Body, catalogue.Diff(inForce, v.Body), words)
		} else {
			e.Changes = DescribeChanges(publishedBefore(h.Versions[i+1:]), v.Body, v.Changes, words)
		}
		p.Versions = append(p.Versions, e)
	}
	return p, nil
}

// publishedBefore is the newest published version among older ones, whose
// names tell what a version removed.
func publishedBefore(older []VersionView) haoban.Bundle {
	for _, v := range older {
		if v.State == haoban.VersionPublished {
			return v.Body
		}
	}
	return haoban.Bundle{}
}

// vocabulary names departments, data sources and the licence types.
func (s *CatalogueEditor) vocabulary(ctx context.Context) (Vocabulary, error) {
	v := Vocabulary{Sources: map[string]string{}, Licences: map[string]string{}}
	var err error
	if v.Departments, err = s.Store.DepartmentNames(ctx); err != nil {
		return v, err
	}
	sources, err := s.sources(ctx)
	if err != nil {
		return v, err
	}
	for _, c := range sources {
		v.Sources[c.Value] = c.Name
	}
	licences, err := s.licences(ctx)
	for _, c := range licences {
		v.Licences[c.Value] = c.Name
	}
	return v, err
}

// ComparePage is what changed from one version to another, in words.
type ComparePage struct {
	Bundle, Name string
	From, To     int
	Versions     []int // every version, newest first, to pick from
	Changes      []ChangeLine
}

// Compare tells the changes between two versions of a bundle in words.
func (s *CatalogueEditor) Compare(ctx context.Context, r Request, bundle string, from, to int) (ComparePage, error) {
	h, err := s.Catalogue.History(ctx, r, bundle)
	if err != nil {
		return ComparePage{}, err
	}
	p := ComparePage{Bundle: bundle, Name: h.Name, From: from, To: to}
	bodies := map[int]haoban.Bundle{}
	for _, v := range h.Versions {
		p.Versions = append(p.Versions, v.Version)
		bodies[v.Version] = v.Body
	}
	changes, err := s.Catalogue.Compare(ctx, r, bundle, from, to)
	if err != nil {
		return p, err
	}
	words, err := s.vocabulary(ctx)
	p.Changes = DescribeChanges(bodies[from], bodies[to], changes, words)
	return p, err
}

// Publish publishes a draft as Catalogue.Publish does; when the check
// refuses it, each problem comes back placed in the editor as well.
func (s *CatalogueEditor) Publish(ctx context.Context, r Request, bundle string, version int, effective time.Time) (haoban.CatalogueVersion, []EditorProblem, error) {
	v, err := s.Catalogue.Publish(ctx, r, bundle, version, effective)
	if haoban.ErrorCode(err) != haoban.EUNPROCESSABLE {
		return v, nil, err
	}
	var placed []EditorProblem
	for _, d := range haoban.ErrorDetails(err) {
		item, anchor := EditorPlace(v.Body, d.Field)
		placed = append(placed, EditorProblem{Item: item, Anchor: anchor, Message: d.Message})
	}
	return v, placed, err
}
