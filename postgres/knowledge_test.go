package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/postgres"
)

// kbAt is a fixed instant at which the demo catalogue and policies are in
// force, so that no test reads the machine's clock.
var kbAt = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

// knowledgeStore is the demo data with the knowledge base built.
func knowledgeStore(t *testing.T) *postgres.Store {
	t.Helper()
	s := openStore(t)
	if err := s.RebuildKnowledge(context.Background(), kbAt); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestKnowledgeSearchRanksTheDemoCatalogue(t *testing.T) {
	s := knowledgeStore(t)
	k := &app.Knowledge{Store: s}
	ctx := context.Background()
	for _, c := range []struct {
		question string
		kind     haoban.KnowledgeKind
		ref      string
		excerpt  string // a word the excerpt holds
	}{
		{"我要开一家餐馆", haoban.KnowledgeBundle, "open-restaurant", "餐饮"},
		{"开饭店需要办什么", haoban.KnowledgeBundle, "open-restaurant", "餐饮"},
		{"公司章程要原件吗", haoban.KnowledgeMaterial, "business-licence/articles", "原件"},
		{"食品经营许可证要多久", haoban.KnowledgeItem, "open-restaurant/food-licence", "时限"},
		{"能领生育补贴吗", haoban.KnowledgePolicy, "newborn-childcare-subsidy", "补贴"},
	} {
		t.Run(c.question, func(t *testing.T) {
			hits, err := k.Search(ctx, haoban.KnowledgeQuery{Text: c.question, At: kbAt, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 {
				t.Fatal("no hits")
			}
			if hits[0].Kind != c.kind || hits[0].Ref != c.ref {
				var got []string
				for _, h := range hits {
					got = append(got, string(h.Kind)+":"+h.Ref+" "+h.Title)
				}
				t.Fatalf("top hit %s:%s, want %s:%s; hits:\n%s", hits[0].Kind, hits[0].Ref, c.kind, c.ref, strings.Join(got, "\n"))
			}
			if !strings.Contains(hits[0].Excerpt, c.excerpt) {
				t.Errorf("excerpt %q does not hold %q", hits[0].Excerpt, c.excerpt)
			}
		})
	}
}

func TestKnowledgeBuiltEntries(t *testing.T) {
	s := knowledgeStore(t)
	ctx := context.Background()
	t.Run("MaterialSaysWhetherAnOriginalIsNeeded", func(t *testing.T) {
		list, err := s.ListKnowledge(ctx, haoban.KnowledgeFilter{Kind: haoban.KnowledgeMaterial, Text: "公司章程"})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 || !strings.Contains(list[0].Body, "不需要原件") || list[0].Department != "samr" {
			t.Fatalf("公司章程 entries: %+v", list)
		}
	})
	t.Run("EveryKindIsBuilt", func(t *testing.T) {
		for _, kind := range []haoban.KnowledgeKind{haoban.KnowledgeBundle, haoban.KnowledgeItem, haoban.KnowledgeMaterial,
			haoban.KnowledgeRule, haoban.KnowledgePolicy} {
			list, err := s.ListKnowledge(ctx, haoban.KnowledgeFilter{Kind: kind})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) == 0 {
				t.Errorf("no %s entries", kind)
			}
		}
	})
	t.Run("RebuildIsIdempotent", func(t *testing.T) {
		before, err := s.ListKnowledge(ctx, haoban.KnowledgeFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RebuildKnowledge(ctx, kbAt.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		after, err := s.ListKnowledge(ctx, haoban.KnowledgeFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(before) != len(after) || before[0].ID != after[0].ID {
			t.Fatalf("rebuild changed the entries: %d then %d", len(before), len(after))
		}
	})
	t.Run("PublishedForTheVersionInForce", func(t *testing.T) {
		b, err := s.FindBundle(ctx, "open-restaurant")
		if err != nil {
			t.Fatal(err)
		}
		ok, err := s.KnowledgePublished(ctx, haoban.KnowledgeBundle, "open-restaurant", b.Version)
		if err != nil || !ok {
			t.Fatalf("KnowledgePublished(open-restaurant@%d) = %v, %v; want true", b.Version, ok, err)
		}
		ok, err = s.KnowledgePublished(ctx, haoban.KnowledgeBundle, "open-restaurant", b.Version+1)
		if err != nil || ok {
			t.Fatalf("KnowledgePublished(a version not published) = %v, %v; want false", ok, err)
		}
	})
}
