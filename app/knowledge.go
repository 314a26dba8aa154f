package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"haoban"
	seg "haoban/segment" // app has a segment of its own (catalogue_pages_diff.go)
)

// KnowledgeStore keeps the knowledge base (postgres.Store).
type KnowledgeStore interface {
	// SearchKnowledge ranks the entries in force at q.At holding any of
	// words, best first.
	SearchKnowledge(ctx context.Context, q haoban.KnowledgeQuery, words []string) ([]haoban.KnowledgeHit, error)
	// RebuildKnowledge rebuilds the entries built from the published
	// catalogue versions, rules and policy versions.
	RebuildKnowledge(ctx context.Context, now time.Time) error
	FindKnowledge(ctx context.Context, id string) (haoban.KnowledgeRecord, error)
	ListKnowledge(ctx context.Context, f haoban.KnowledgeFilter) ([]haoban.KnowledgeRecord, error)
	KnowledgeHistory(ctx context.Context, id string) ([]haoban.KnowledgeRecord, error)
	SaveKnowledgeQA(ctx context.Context, r haoban.KnowledgeRecord, meta haoban.AuditEntry) (haoban.KnowledgeRecord, error)
	KnowledgePublished(ctx context.Context, kind haoban.KnowledgeKind, ref string, version int) (bool, error)
	KnowledgeSynonyms(ctx context.Context) ([][]string, error)
	SaveKnowledgeSynonyms(ctx context.Context, groups [][]string, meta haoban.AuditEntry) error
}

// Knowledge is the knowledge base (知识库, issue 18): search for anyone
// signed in and for 小申, hand-written questions and answers for the
// departments, synonyms for the catalogue admin.
type Knowledge struct {
	Store KnowledgeStore
	Authz Authorizer
	// Names names the departments an editor may choose; nil offers none.
	Names NameStore
	Time  haoban.TimeSource
}

// Search answers a question from the entries in force at q.At (now when
// zero): the question is cut into words, the words that ask rather than
// name dropped, and each synonym group the question names adds its words.
func (k *Knowledge) Search(ctx context.Context, q haoban.KnowledgeQuery) ([]haoban.KnowledgeHit, error) {
	q.Text = strings.TrimSpace(q.Text)
	if len([]rune(q.Text)) > 200 {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "q", "问题最多 200 个字")
	}
	if q.At.IsZero() {
		q.At = now(k.Time)
	}
	if q.Text == "" {
		return []haoban.KnowledgeHit{}, nil
	}
	groups, err := k.Store.KnowledgeSynonyms(ctx)
	if err != nil {
		return nil, err
	}
	return k.Store.SearchKnowledge(ctx, q, QueryWords(q.Text, groups))
}

// Rebuild rebuilds the built entries from what is published: after a
// catalogue or policy version is published or withdrawn, and at start.
func (k *Knowledge) Rebuild(ctx context.Context) error {
	return k.Store.RebuildKnowledge(ctx, now(k.Time))
}

// Published reports whether the entries of a catalogue version (kind
// bundle, the bundle's code) or a policy version (kind policy, its code)
// are published, for the warning that a version takes effect without them.
func (k *Knowledge) Published(ctx context.Context, kind haoban.KnowledgeKind, ref string, version int) (bool, error) {
	return k.Store.KnowledgePublished(ctx, kind, ref, version)
}

// stopWords ask rather than name: they would match every entry.
var stopWords = map[string]bool{
	"吗": true, "呢": true, "的": true, "了": true, "我": true, "我们": true, "你": true, "您": true, "要": true,
	"想": true, "想要": true, "怎么": true, "怎么办": true, "怎样": true, "如何": true, "什么": true, "哪些": true,
	"哪里": true, "哪": true, "吧": true, "啊": true, "呀": true, "是": true, "在": true, "有": true, "能": true,
	"能不能": true, "可以": true, "可不可以": true, "请问": true, "你好": true, "一下": true, "一个": true, "一家": true,
	"个": true, "家": true, "去": true, "和": true, "与": true, "还": true, "都": true, "就": true, "也": true,
	"需要": true, "需不需要": true, "该": true, "应该": true, "办": true, "办理": true, "么": true, "啥": true,
	"不": true, "没有": true, "给": true, "得": true, "到": true, "我要": true, "我想": true, "我能": true, "能否": true,
	"是否": true, "可否": true,
}

// QueryWords cuts a question into the words a search looks for: the
// segmenter's words without stop words, then the words of each synonym
// group one of whose members the question holds (every word of the member
// found among the question's words), with the members' own words of
// two characters or more. A question of stop words only keeps
// them, so that it still asks something.
func QueryWords(text string, groups [][]string) []string {
	cut := seg.Words(text)
	words := make([]string, 0, len(cut))
	for _, w := range cut {
		if !stopWords[w] {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		words = cut
	}
	have := map[string]bool{}
	for _, w := range words {
		have[w] = true
	}
	out := slices.Clone(words)
	add := func(ws ...string) {
		for _, w := range ws {
			if !have[w] {
				have[w] = true
				out = append(out, w)
			}
		}
	}
	for _, g := range groups {
		if !slices.ContainsFunc(g, func(m string) bool { return holdsAll(words, seg.Words(m)) }) {
			continue
		}
		for _, m := range g {
			add(strings.ToLower(m))
			for _, w := range seg.Words(m) {
				// A member's single characters (开 of 开饭店) would match
				// nearly every entry.
				if len([]rune(w)) > 1 {
					add(w)
				}
			}
		}
	}
	return out
}

// holdsAll reports whether words hold every one of member (not empty).
func holdsAll(words, member []string) bool {
	if len(member) == 0 {
		return false
	}
	for _, m := range member {
		if !slices.Contains(words, m) {
			return false
		}
	}
	return true
}
