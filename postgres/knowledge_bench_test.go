package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/postgres"
	"haoban/postgres/pgtest"
	"haoban/segment"
)

// benchEntries is how many entries the benchmark searches: the issue's
// target is p99 < 100 ms at 10,000.
const benchEntries = 10_000

// BenchmarkKnowledgeSearch searches 10,000 generated entries with about
// 200 questions people ask, through app.Knowledge (segmenting, synonyms,
// ranking), and in the same run a bare baseline over the same rows: one
// ILIKE scan per question for any of its words. Each iteration asks every
// question once; it reports p50 and p99 of both and their ratio.
//
//	go test ./postgres -run '^$' -bench BenchmarkKnowledgeSearch -benchtime=5x
func BenchmarkKnowledgeSearch(b *testing.B) {
	ctx := context.Background()
	s, err := postgres.Open(ctx, pgtest.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Close)
	if err := segment.Warm(); err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(18, 2026))
	insertBenchEntries(b, s, r, at)
	k := &app.Knowledge{Store: s}
	questions := benchQuestions(r)
	groups, err := s.KnowledgeSynonyms(ctx)
	if err != nil {
		b.Fatal(err)
	}
	baseline := func(q string) error {
		var patterns []string
		for _, w := range app.QueryWords(q, groups) {
			patterns = append(patterns, "%"+w+"%")
		}
		rows, err := s.Pool().Query(ctx, `SELECT id, title FROM knowledge_entries
			WHERE title ILIKE ANY($1) OR body ILIKE ANY($1) LIMIT 10`, patterns)
		if err != nil {
			return err
		}
		rows.Close()
		return rows.Err()
	}
	search := func(q string) error {
		_, err := k.Search(ctx, haoban.KnowledgeQuery{Text: q, At: at, Limit: 10})
		return err
	}
	for _, q := range questions { // warm the caches and the plans
		if err := search(q); err != nil {
			b.Fatal(err)
		}
	}
	var ours, bare []time.Duration
	b.ResetTimer()
	for range b.N {
		for _, q := range questions {
			start := time.Now()
			if err := search(q); err != nil {
				b.Fatal(err)
			}
			ours = append(ours, time.Since(start))
		}
	}
	b.StopTimer()
	for range b.N {
		for _, q := range questions {
			start := time.Now()
			if err := baseline(q); err != nil {
				b.Fatal(err)
			}
			bare = append(bare, time.Since(start))
		}
	}
	p50, p99 := percentile(ours, 50), percentile(ours, 99)
	b50, b99 := percentile(bare, 50), percentile(bare, 99)
	b.ReportMetric(ms(p50), "p50-ms")
	b.ReportMetric(ms(p99), "p99-ms")
	b.ReportMetric(ms(b50), "ilike-p50-ms")
	b.ReportMetric(ms(b99), "ilike-p99-ms")
	b.ReportMetric(ms(p99)/ms(b99), "p99-ratio")
	fmt.Printf("knowledge search, %d entries, %d questions × %d: p50 %.2f ms, p99 %.2f ms; "+
		"ILIKE baseline p50 %.2f ms, p99 %.2f ms; ratio p99 %.2f\n",
		benchEntries, len(questions), b.N, ms(p50), ms(p99), ms(b50), ms(b99), ms(p99)/ms(b99))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func percentile(ds []time.Duration, p int) time.Duration {
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	return sorted[(len(sorted)-1)*p/100]
}

// benchVocabulary is the demo catalogue's words: item and material names,
// conditions, legal bases and places, which generated entries combine.
type benchVocabulary struct {
	items, materials, conditions, bases, places []string
}

func vocabulary() benchVocabulary {
	var v benchVocabulary
	for _, bd := range demo.Bundles() {
		for _, it := range bd.Items {
			v.items = append(v.items, it.Name)
			v.conditions = append(v.conditions, it.Conditions...)
			v.bases = append(v.bases, it.LegalBasis...)
			if it.Where != "" {
				v.places = append(v.places, it.Where)
			}
			for _, m := range it.Materials {
				v.materials = append(v.materials, m.Name)
			}
		}
	}
	return v
}

func pick(r *rand.Rand, from []string) string { return from[r.IntN(len(from))] }

// insertBenchEntries writes the generated entries with one COPY: entries
// of every kind, in force at at, whose titles and bodies combine the
// catalogue's words as the built and hand-written entries do.
func insertBenchEntries(b *testing.B, s *postgres.Store, r *rand.Rand, at time.Time) {
	b.Helper()
	v := vocabulary()
	suffixes := []string{"办理指南", "常见问题", "需要哪些材料", "多久能办好", "收费标准", "在哪里办理", "网上怎么申请",
		"注意事项", "变更怎么办", "补办流程", "办理条件", "证明怎么开"}
	districts := []string{"浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区"}
	kinds := []haoban.KnowledgeKind{haoban.KnowledgeQA, haoban.KnowledgeQA, haoban.KnowledgeItem, haoban.KnowledgeMaterial,
		haoban.KnowledgeRule}
	var rows [][]any
	for i := range benchEntries {
		kind := kinds[r.IntN(len(kinds))]
		var title string
		switch kind {
		case haoban.KnowledgeMaterial:
			title = pick(r, v.materials)
		case haoban.KnowledgeRule:
			title = pick(r, v.conditions)
		default:
			title = pick(r, districts) + pick(r, v.items) + pick(r, suffixes)
		}
		lines := []string{
			fmt.Sprintf("「%s」在%s办理，%s", pick(r, v.items), pick(r, districts), pick(r, v.places)),
			"受理条件：" + pick(r, v.conditions) + "；" + pick(r, v.conditions),
			"申请材料：" + pick(r, v.materials) + "、" + pick(r, v.materials) + "、" + pick(r, v.materials),
			fmt.Sprintf("办理时限：承诺 %d 个工作日，法定 %d 个工作日", 1+r.IntN(10), 10+r.IntN(20)),
			"设定依据：" + pick(r, v.bases),
		}
		body := strings.Join(lines[:2+r.IntN(4)], "\n")
		rows = append(rows, []any{uuid.NewString(), string(kind), fmt.Sprintf("bench-%d", i), "bench", title, body, "samr",
			1, at.AddDate(0, 0, -1-r.IntN(300)), "published", "bench", at, postgres.IndexWords(title + "\n" + body),
			postgres.IndexWords(title)})
	}
	_, err := s.Pool().CopyFrom(context.Background(), pgx.Identifier{"knowledge_entries"},
		[]string{"id", "kind", "ref", "source", "title", "body", "department", "version", "effective_from", "status",
			"author", "updated_at", "words", "title_words"}, pgx.CopyFromRows(rows))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Pool().Exec(context.Background(), `ANALYZE knowledge_entries`); err != nil {
		b.Fatal(err)
	}
	if err := s.RefreshKnowledgeWords(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// benchQuestions are about 200 questions as people type them: the
// catalogue's items and materials in everyday templates.
func benchQuestions(r *rand.Rand) []string {
	v := vocabulary()
	templates := []string{"%s要多久", "%s需要什么材料", "%s要原件吗", "怎么办%s", "%s收费吗", "%s在哪里办", "我想办%s",
		"%s的条件是什么", "请问%s可以网上办吗", "%s"}
	qs := []string{"我要开一家餐馆", "公司章程要原件吗", "食品经营许可证要多久", "能领生育补贴吗"}
	for len(qs) < 200 {
		subject := pick(r, v.items)
		if r.IntN(3) == 0 {
			subject = pick(r, v.materials)
		}
		if i := strings.IndexAny(subject, "（("); i > 0 {
			subject = subject[:i] // people do not type the parenthesis
		}
		qs = append(qs, fmt.Sprintf(pick(r, templates), subject))
	}
	return qs
}
