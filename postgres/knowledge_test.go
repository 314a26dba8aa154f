package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
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

// TestKnowledgeFollowsAScheduledVersion: a catalogue version published to
// take effect later has its entries from that date; until then the
// version in force answers, and the gap board sees both published.
func TestKnowledgeFollowsAScheduledVersion(t *testing.T) {
	s := knowledgeStore(t)
	ctx := context.Background()
	k := &app.Knowledge{Store: s}
	b := demo.Newborn()
	b.Name = "新生儿出生一件事（新版）"
	meta := haoban.AuditEntry{At: kbAt, Actor: "catalogue-admin", Role: haoban.RoleCatalogueAdmin, Action: "catalogue_draft_saved"}
	d, err := s.SaveDraft(ctx, b, meta)
	if err != nil {
		t.Fatal(err)
	}
	from := kbAt.Add(48 * time.Hour)
	d.Body, d.State, d.EffectiveFrom = b, haoban.VersionPublished, from
	d.Body.Version, d.PublishedBy, d.PublishedAt = d.Version, "catalogue-admin", kbAt
	meta.Action = "catalogue_published"
	if err := s.PublishVersion(ctx, d, meta); err != nil {
		t.Fatal(err)
	}
	if err := k.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at      time.Time
		name    string
		version int
	}{{kbAt, "新生儿出生一件事", d.Version - 1}, {from, "新生儿出生一件事（新版）", d.Version}} {
		hits, err := k.Search(ctx, haoban.KnowledgeQuery{Text: "新生儿出生一件事", Kinds: []haoban.KnowledgeKind{haoban.KnowledgeBundle}, At: c.at})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].Title != c.name || hits[0].Version != c.version {
			t.Fatalf("at %s: hits %+v, want %s v%d first", c.at, hits, c.name, c.version)
		}
		if len(hits) > 1 && hits[1].Ref == hits[0].Ref {
			t.Errorf("at %s two versions of the bundle are in force", c.at)
		}
		if ok, err := s.KnowledgePublished(ctx, haoban.KnowledgeBundle, "newborn", c.version); err != nil || !ok {
			t.Errorf("KnowledgePublished(newborn@%d) = %v, %v", c.version, ok, err)
		}
	}
}

// TestKnowledgeSearchWithoutAKnownWord: a question none of whose words an
// entry holds is answered from the titles' trigrams alone, without error;
// a title typed with a wrong character is still found first.
func TestKnowledgeSearchWithoutAKnownWord(t *testing.T) {
	s := knowledgeStore(t)
	k := &app.Knowledge{Store: s}
	ctx := context.Background()
	for _, c := range []struct{ question, title string }{{"呜啦啦啦", ""}, {"开办餐饮点", "开办餐饮店"}} {
		hits, err := k.Search(ctx, haoban.KnowledgeQuery{Text: c.question, At: kbAt})
		if err != nil {
			t.Fatalf("%s: %v", c.question, err)
		}
		if c.title != "" && (len(hits) == 0 || hits[0].Title != c.title) {
			t.Errorf("%s: hits %+v, want %s first", c.question, hits, c.title)
		}
	}
}

// TestKnowledgeQAVersionsAndAudit: each save of a hand-written entry is a
// version kept in its history and an audit entry in the chain; a draft is
// not searched, its published version is; a save from a stale version is
// refused; the synonyms' save is audited once however often it is retried.
func TestKnowledgeQAVersionsAndAudit(t *testing.T) {
	s := knowledgeStore(t)
	ctx := context.Background()
	k := &app.Knowledge{Store: s}
	meta := haoban.AuditEntry{At: kbAt, Actor: "editor-samr", Role: haoban.RoleCatalogueEditor, Department: "samr",
		Action: "knowledge_created"}
	r := haoban.KnowledgeRecord{KnowledgeEntry: haoban.KnowledgeEntry{ID: "5b0e2c8e-3f7a-4d2b-9c1e-8a6f4d2b7c31",
		Title: "营业执照可以邮寄吗", Body: "可以选择邮寄送达，也可以到窗口领取。", Department: "samr", EffectiveFrom: kbAt.Add(-time.Hour)},
		Status: haoban.KnowledgeDraft, Author: "editor-samr", UpdatedAt: kbAt}
	v1, err := s.SaveKnowledgeQA(ctx, r, meta)
	if err != nil || v1.Version != 1 {
		t.Fatalf("v1 = %+v, %v", v1, err)
	}
	found := func() bool {
		hits, err := k.Search(ctx, haoban.KnowledgeQuery{Text: "营业执照邮寄", Kinds: []haoban.KnowledgeKind{haoban.KnowledgeQA}, At: kbAt})
		if err != nil {
			t.Fatal(err)
		}
		return len(hits) > 0 && hits[0].ID == r.ID
	}
	if found() {
		t.Fatal("a draft was found")
	}
	v1.Status, meta.Action = haoban.KnowledgePublished, "knowledge_updated"
	v2, err := s.SaveKnowledgeQA(ctx, v1, meta)
	if err != nil || v2.Version != 2 || !found() {
		t.Fatalf("v2 = %+v, %v; found %v", v2, err, found())
	}
	if _, err := s.SaveKnowledgeQA(ctx, v1, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Fatalf("a save from version 1 again: %v, want ECONFLICT", err)
	}
	history, err := s.KnowledgeHistory(ctx, r.ID)
	if err != nil || len(history) != 2 || history[0].Status != haoban.KnowledgePublished || history[1].Status != haoban.KnowledgeDraft {
		t.Fatalf("history %+v, %v", history, err)
	}
	groups := [][]string{{"执照", "营业执照"}, {"邮寄", "快递"}}
	for range 2 {
		if err := s.SaveKnowledgeSynonyms(ctx, groups, haoban.AuditEntry{At: kbAt, Actor: "catalogue-admin",
			Action: "knowledge_synonyms_saved"}); err != nil {
			t.Fatal(err)
		}
	}
	var saves, synonyms int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE target LIKE 'knowledge:' || $1 || '@%'),
			count(*) FILTER (WHERE target = 'knowledge:synonyms') FROM audit`, r.ID).Scan(&saves, &synonyms); err != nil {
		t.Fatal(err)
	}
	if saves != 2 || synonyms != 1 {
		t.Fatalf("audit: %d saves, %d synonym saves; want 2 and 1", saves, synonyms)
	}
	if res, err := s.VerifyAudit(ctx); err != nil || res.BrokenAt != 0 {
		t.Fatalf("audit chain: %+v, %v", res, err)
	}
	if got, _ := s.KnowledgeSynonyms(ctx); len(got) != 2 || got[1][1] != "快递" {
		t.Fatalf("synonyms %q", got)
	}
}
