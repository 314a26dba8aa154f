package postgres_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
)

// TestListCatalogueVersions: the catalogue's pages see a bundle that has
// only a draft yet, and no withdrawn version.
func TestListCatalogueVersions(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	clock := &haoban.FixedTime{T: time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)}
	s.SetTime(clock)
	meta := haoban.AuditEntry{At: clock.T, Actor: "catalogue-admin", Role: haoban.RoleCatalogueAdmin, Action: "catalogue_draft_saved"}
	fresh := haoban.Bundle{Code: "bundle-1", Name: "开办烘焙工作室", PromisedDays: 10}
	if _, err := s.SaveDraft(ctx, fresh, meta); err != nil {
		t.Fatal(err)
	}
	b := demo.Newborn()
	b.Name = "新生儿出生一件事（第二版）"
	d, err := s.SaveDraft(ctx, b, meta)
	if err != nil {
		t.Fatal(err)
	}
	d.State, d.EffectiveFrom, d.PublishedBy, d.PublishedAt = haoban.VersionPublished, clock.T.Add(time.Hour), "catalogue-admin", clock.T
	if err := s.PublishVersion(ctx, d, meta); err != nil {
		t.Fatal(err)
	}
	if err := s.WithdrawVersion(ctx, "newborn", d.Version, clock.T, meta); err != nil {
		t.Fatal(err)
	}

	vs, err := s.ListCatalogueVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, names := map[string][]haoban.VersionState{}, map[string]string{}
	for i, v := range vs {
		got[v.Bundle], names[v.Bundle] = append(got[v.Bundle], v.State), v.Body.Name
		if i > 0 && (vs[i-1].Bundle > v.Bundle || vs[i-1].Bundle == v.Bundle && vs[i-1].Version < v.Version) {
			t.Fatalf("not by bundle, newest first: %s/%d after %s/%d", v.Bundle, v.Version, vs[i-1].Bundle, vs[i-1].Version)
		}
	}
	if len(got["bundle-1"]) != 1 || got["bundle-1"][0] != haoban.VersionDraft || names["bundle-1"] != fresh.Name {
		t.Errorf("the new bundle's draft: %v", got["bundle-1"])
	}
	if len(got["newborn"]) != 1 || got["newborn"][0] != haoban.VersionPublished {
		t.Errorf("newborn's versions (the withdrawn one left out): %v", got["newborn"])
	}
	if len(got) != len(demo.Bundles())+1 {
		t.Errorf("%d bundles listed, want %d", len(got), len(demo.Bundles())+1)
	}
}
