package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/postgres"
)

// guideStore is the demo catalogue with the guide indexed.
func guideStore(t *testing.T) *postgres.Store {
	t.Helper()
	s := openStore(t)
	if err := s.ReindexGuide(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGuideTrigramsOnChinese measures what the search relies on rather
// than assuming it: that this cluster's ctype makes trigrams of CJK
// characters, and that the index answers a LIKE of three of them.
func TestGuideTrigramsOnChinese(t *testing.T) {
	s := guideStore(t)
	ctx := context.Background()
	var n int
	var sim float64
	if err := s.Pool().QueryRow(ctx, `SELECT array_length(show_trgm('开办餐饮店'), 1), similarity('开办餐饮店', '开办餐饮')`).
		Scan(&n, &sim); err != nil {
		t.Fatal(err)
	}
	if n != 6 || sim <= 0 {
		t.Fatalf("show_trgm('开办餐饮店') has %d trigrams, similarity %.2f: this ctype treats CJK as non-word; "+
			"initialise the cluster with a UTF-8 locale (C.UTF-8)", n, sim)
	}
	tx, err := s.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, `EXPLAIN SELECT item FROM guide_entries WHERE search LIKE '%餐饮店%'`)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "guide_entries_search") {
		t.Fatalf("the trigram index does not answer a Chinese LIKE:\n%s", strings.Join(plan, "\n"))
	}
}

// stargaze is a bundle whose words no demo bundle uses, so that what a
// search finds is known whatever the demo catalogue holds.
func stargaze() haoban.Bundle {
	return haoban.Bundle{Code: "stargaze", Name: "天文馆夜间观测一件事", PromisedDays: 10, Summary: "夜间观测与灯光控制一次办",
		Items: []haoban.Item{
			{Code: "observe-permit", Name: "夜间观测场地使用许可", Department: "samr", PromisedDays: 3, LegalDays: 20,
				Conditions: []string{"观测场地周边无强光干扰"},
				Materials:  []haoban.Material{{Code: "obs-plan", Name: "夜间观测活动方案"}, {Code: "light-pledge", Name: "灯光控制承诺书"}}},
			{Code: "light-check", Name: "灯光控制核查", Department: "greening", DependsOn: []string{"observe-permit"},
				PromisedDays: 5, LegalDays: 20, Materials: []haoban.Material{{Code: "light-plan", Name: "ZX9 灯光控制方案"}}},
		}}
}

func TestSearchGuide(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if err := s.UpsertBundle(ctx, stargaze()); err != nil {
		t.Fatal(err)
	}
	if err := s.ReindexGuide(ctx); err != nil {
		t.Fatal(err)
	}
	search := func(t *testing.T, terms ...string) []haoban.GuideHit {
		t.Helper()
		hits, err := s.SearchGuide(ctx, terms, searchDay, 50)
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}
	t.Run("NameBeforeMaterial", func(t *testing.T) {
		hits := search(t, "灯光控制")
		if len(hits) != 3 || hits[0].Item != "light-check" || hits[0].Matched != "名称" {
			t.Fatalf("灯光控制: %+v, want the item of that name first", hits)
		}
		for _, h := range hits[1:] {
			if h.Score >= hits[0].Score {
				t.Fatalf("%s/%s ranks with the name match: %+v", h.Bundle, h.Item, hits)
			}
		}
	})
	t.Run("MaterialName", func(t *testing.T) {
		hits := search(t, "承诺书", "灯光")
		if len(hits) != 1 || hits[0].Item != "observe-permit" || hits[0].Matched != "材料" || hits[0].Excerpt != "灯光控制承诺书" {
			t.Fatalf("承诺书 灯光: %+v, want the permit by its material", hits)
		}
		if hits[0].BundleName != "天文馆夜间观测一件事" || hits[0].PromisedDays != 3 {
			t.Fatalf("hit %+v lacks its bundle or days", hits[0])
		}
	})
	t.Run("Condition", func(t *testing.T) {
		if hits := search(t, "强光干扰"); len(hits) != 1 || hits[0].Matched != "受理条件" {
			t.Fatalf("强光干扰: %+v", hits)
		}
	})
	t.Run("EveryTerm", func(t *testing.T) {
		if hits := search(t, "天文馆", "灯光"); len(hits) != 1 || hits[0].Item != "" || hits[0].Matched != "名称" {
			t.Fatalf("天文馆 灯光: %+v, want the bundle, by its name and summary", hits)
		}
		if hits := search(t, "天文馆", "餐饮"); len(hits) != 0 {
			t.Fatalf("天文馆 餐饮: %+v: terms are not all required", hits)
		}
	})
	t.Run("LikeCharactersAreText", func(t *testing.T) {
		if hits := search(t, "%"); len(hits) != 0 {
			t.Fatalf("%% matched %d entries", len(hits))
		}
	})
	t.Run("LatinAnyCase", func(t *testing.T) {
		if hits := search(t, "zx9"); len(hits) != 1 || hits[0].Item != "light-check" {
			t.Fatalf("zx9: %+v", hits)
		}
	})
}

// TestGuideKeepsTheVersionInForce: the list and the search read the
// version in force at the time asked, never a later or withdrawn one.
func TestGuideKeepsTheVersionInForce(t *testing.T) {
	s := guideStore(t)
	ctx := context.Background()
	clock := &haoban.FixedTime{T: time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)}
	s.SetTime(clock)
	b := stargaze()
	if err := s.UpsertBundle(ctx, b); err != nil {
		t.Fatal(err)
	}
	b.Name = "天文馆夜间观测一件事（新版）"
	meta := haoban.AuditEntry{At: clock.T, Actor: "catalogue-admin", Role: haoban.RoleCatalogueAdmin, Action: "catalogue_published"}
	publish := func(b haoban.Bundle, from time.Time) int {
		d, err := s.SaveDraft(ctx, b, meta)
		if err != nil {
			t.Fatal(err)
		}
		d.Body, d.State, d.EffectiveFrom, d.PublishedBy, d.PublishedAt = b, haoban.VersionPublished, from, "catalogue-admin", clock.T
		d.Body.Version = d.Version
		if err := s.PublishVersion(ctx, d, meta); err != nil {
			t.Fatal(err)
		}
		if err := s.ReindexGuide(ctx); err != nil {
			t.Fatal(err)
		}
		return d.Version
	}
	names := func(at time.Time) string {
		t.Helper()
		list, err := s.GuideList(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range list {
			out = append(out, e.Name)
		}
		return strings.Join(out, ",")
	}
	tomorrow := clock.T.Add(24 * time.Hour)
	publish(b, tomorrow)
	if got := names(clock.T); !strings.Contains(got, "天文馆夜间观测一件事") || strings.Contains(got, "新版") {
		t.Fatalf("today the guide lists %s, want the version in force", got)
	}
	if got := names(tomorrow); !strings.Contains(got, "新版") || strings.Count(got, "天文馆") != 1 {
		t.Fatalf("tomorrow the guide lists %s, want only the new version", got)
	}
	if hits, _ := s.SearchGuide(ctx, []string{"新版"}, clock.T, 50); len(hits) != 0 {
		t.Fatalf("search finds a version not yet in force: %+v", hits)
	}
	b.Name = "天文馆夜间观测一件事（撤回版）"
	v := publish(b, tomorrow.Add(time.Hour))
	if err := s.WithdrawVersion(ctx, "stargaze", v, clock.T, meta); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.SearchGuide(ctx, []string{"撤回版"}, tomorrow.Add(2*time.Hour), 50); len(hits) != 0 {
		t.Fatalf("search finds a withdrawn version: %+v", hits)
	}
}

// searchDay is when the guide is read: every bundle here is in force from
// its first version on.
var searchDay = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
