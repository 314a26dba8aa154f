package postgres_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
)

// TestVersionsInForce walks a bundle through draft, scheduled and in-force
// versions: new reads take the version in force, a case keeps the one it
// was accepted under, and only a version still to come can be withdrawn.
func TestVersionsInForce(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	clock := &haoban.FixedTime{T: time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)}
	s.SetTime(clock)

	v1, err := s.FindBundle(ctx, "newborn")
	if err != nil || v1.Version != 1 {
		t.Fatalf("demo bundle in force = v%d, %v", v1.Version, err)
	}
	if err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	if vs, _ := s.ListVersions(ctx, "newborn"); len(vs) != 1 {
		t.Fatalf("a second demo load made %d versions, want 1", len(vs))
	}
	nc := newCase("00000000-0000-4000-8000-000000000101", "k-v1")
	nc.Bundle = v1
	if _, _, err := s.CreateCase(ctx, nc); err != nil {
		t.Fatal(err)
	}

	b := demo.Newborn()
	b.Name = "新生儿出生一件事（第二版）"
	meta := haoban.AuditEntry{At: clock.T, Actor: "catalogue-admin", Role: haoban.RoleCatalogueAdmin, Action: "catalogue_draft_saved"}
	d, err := s.SaveDraft(ctx, b, meta)
	if err != nil || d.Version != 2 || d.State != haoban.VersionDraft {
		t.Fatalf("draft = %+v, %v", d, err)
	}
	b.PromisedDays = 8
	if d2, err := s.SaveDraft(ctx, b, meta); err != nil || d2.Version != 2 || d2.Body.PromisedDays != 8 {
		t.Fatalf("second save of the draft = %+v, %v", d2, err)
	}
	if cur, _ := s.FindBundle(ctx, "newborn"); cur.Version != 1 {
		t.Fatalf("a draft is in force: v%d", cur.Version)
	}

	d.Body, d.State, d.EffectiveFrom = b, haoban.VersionPublished, clock.T.Add(24*time.Hour)
	d.Body.Version, d.PublishedBy, d.PublishedAt = 2, "catalogue-admin", clock.T
	d.Changes = []haoban.Change{{Path: "name", Before: v1.Name, After: b.Name}}
	meta.Action = "catalogue_published"
	if err := s.PublishVersion(ctx, d, meta); err != nil {
		t.Fatal(err)
	}
	if err := s.PublishVersion(ctx, d, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Fatalf("publishing twice: %v", err)
	}
	if cur, _ := s.FindBundle(ctx, "newborn"); cur.Version != 1 {
		t.Fatalf("a version to come is in force: v%d", cur.Version)
	}

	clock.T = clock.T.Add(25 * time.Hour)
	s.SetTime(clock)
	listed, err := s.ListBundles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, lb := range listed {
		if lb.Code == "newborn" && (lb.Version != 2 || lb.PromisedDays != 8) {
			t.Fatalf("listed newborn = v%d", lb.Version)
		}
	}
	kase, err := s.FindCase(ctx, nc.ID)
	if err != nil || kase.BundleVersion != 1 {
		t.Fatalf("case version = %d, %v", kase.BundleVersion, err)
	}
	old, err := s.FindBundleVersion(ctx, "newborn", kase.BundleVersion)
	if err != nil || old.Name != v1.Name || old.Version != 1 {
		t.Fatalf("the case's version = %+v, %v", old.Name, err)
	}
	if err := s.WithdrawVersion(ctx, "newborn", 2, clock.T, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Fatalf("withdrawing a version in force: %v", err)
	}
	hist, err := s.ListVersions(ctx, "newborn")
	if err != nil || len(hist) != 2 || hist[0].Version != 2 || len(hist[0].Changes) != 1 || hist[0].PublishedBy != "catalogue-admin" {
		t.Fatalf("history = %+v, %v", hist, err)
	}
}

func TestWithdrawBeforeEffect(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	clock := &haoban.FixedTime{T: time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)}
	s.SetTime(clock)
	b := demo.OpenRestaurant()
	b.Name = "开办餐饮店（下月起）"
	meta := haoban.AuditEntry{At: clock.T, Actor: "catalogue-admin", Action: "catalogue_draft_saved"}
	d, err := s.SaveDraft(ctx, b, meta)
	if err != nil {
		t.Fatal(err)
	}
	d.Body, d.State, d.EffectiveFrom, d.PublishedBy, d.PublishedAt = b, haoban.VersionPublished, clock.T.AddDate(0, 1, 0), "catalogue-admin", clock.T
	if err := s.PublishVersion(ctx, d, meta); err != nil {
		t.Fatal(err)
	}
	if err := s.WithdrawVersion(ctx, "open-restaurant", d.Version, clock.T, meta); err != nil {
		t.Fatal(err)
	}
	clock.T = clock.T.AddDate(0, 2, 0)
	s.SetTime(clock)
	cur, err := s.FindBundle(ctx, "open-restaurant")
	if err != nil || cur.Version != 1 || cur.Name != "开办餐饮店" {
		t.Fatalf("after withdrawal, in force = v%d %s, %v", cur.Version, cur.Name, err)
	}
	v, err := s.FindVersion(ctx, "open-restaurant", d.Version)
	if err != nil || v.State != haoban.VersionWithdrawn || v.WithdrawnBy != "catalogue-admin" {
		t.Fatalf("withdrawn version = %+v, %v", v, err)
	}
}

// TestScheduledVersionIsReadTheMomentItTakesEffect: a cached bundle is
// never served past the effective date of a version already published.
func TestScheduledVersionIsReadTheMomentItTakesEffect(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	clock := &haoban.FixedTime{T: time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)}
	s.SetTime(clock)
	b := demo.Newborn()
	b.Name = "新生儿出生一件事（明日起）"
	meta := haoban.AuditEntry{At: clock.T, Actor: "catalogue-admin", Action: "catalogue_published"}
	d, err := s.SaveDraft(ctx, b, meta)
	if err != nil {
		t.Fatal(err)
	}
	d.Body, d.State, d.EffectiveFrom, d.PublishedBy, d.PublishedAt = b, haoban.VersionPublished, clock.T.Add(time.Second), "catalogue-admin", clock.T
	if err := s.PublishVersion(ctx, d, meta); err != nil {
		t.Fatal(err)
	}
	if cur, _ := s.FindBundle(ctx, "newborn"); cur.Version != 1 {
		t.Fatalf("before its date, in force = v%d", cur.Version)
	}
	clock.T = clock.T.Add(time.Second)
	s.SetTime(clock)
	if cur, _ := s.FindBundle(ctx, "newborn"); cur.Version != d.Version || cur.Name != b.Name {
		t.Fatalf("at its date, in force = v%d %s", cur.Version, cur.Name)
	}
}
