package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// The knowledge base (issue 18): search over the segmented words of every
// entry in force, and the reads its editors and the gap board need.

const knowledgeColumns = `e.id::text, e.kind, e.ref, e.title, e.body, e.department, e.bundle, e.item, e.link, e.version,
	e.effective_from, e.effective_to, e.status, e.author, e.updated_at`

func scanKnowledge(row pgx.CollectableRow) (haoban.KnowledgeRecord, error) {
	var r haoban.KnowledgeRecord
	err := row.Scan(&r.ID, &r.Kind, &r.Ref, &r.Title, &r.Body, &r.Department, &r.Bundle, &r.Item, &r.Link, &r.Version,
		&r.EffectiveFrom, &r.EffectiveTo, &r.Status, &r.Author, &r.UpdatedAt)
	return r, err
}

// searchKnowledge ranks the published entries in force at $4 that hold
// any of the selective words ($1, a tsquery) or, failing them, whose title
// is like the question ($3): by the full-text rank over all the words ($2, a tsquery
// of ORs), plus the title's trigram similarity to the question, plus 0.3
// for each of the words ($5) in the title. Kinds ($6) narrow it when not
// empty.
const searchKnowledge = `WITH q AS MATERIALIZED (SELECT to_tsquery('simple', $1) AS match, to_tsquery('simple', $2) AS words),
-- Each way of finding a candidate uses its own index: OR-ed in one WHERE,
-- the planner scans every title's trigrams instead.
-- At most 500 by words, which the selective words keep to a few dozen
-- but for a question of common words only; by trigrams only when no word
-- finds any ($8), since a question's trigrams are many and rarely match.
c AS ((SELECT e.id FROM knowledge_entries e, q WHERE e.tsv @@ q.match LIMIT 500)
	UNION SELECT e.id FROM knowledge_entries e WHERE $8 AND e.title % $3)
SELECT ` + knowledgeColumns + `,
	ts_rank(e.tsv, q.words, 1) + similarity(e.title, $3)
		+ 0.3 * (SELECT count(*) FROM unnest(tsvector_to_array(e.title_tsv)) t WHERE t = ANY($5)) AS score
FROM c JOIN knowledge_entries e ON e.id = c.id, q
WHERE e.status = 'published' AND e.effective_from <= $4 AND (e.effective_to IS NULL OR e.effective_to > $4)
	AND (cardinality($6::text[]) = 0 OR e.kind = ANY($6))
ORDER BY score DESC, e.kind, e.title
LIMIT $7`

// commonShare is the share of entries above which a word is too common
// to find candidates by (条件, 材料, 申请): it still counts in the rank.
const commonShare = 100

// SearchKnowledge finds the entries in force at q.At for the question's
// words (already segmented, stop words dropped, synonyms added), best
// first, each with the body's line that holds the most of the words.
func (s *Store) SearchKnowledge(ctx context.Context, q haoban.KnowledgeQuery, words []string) ([]haoban.KnowledgeHit, error) {
	var terms []string
	seen := map[string]bool{}
	for _, w := range words {
		if w = tsWord(strings.ToLower(w)); w != "" && !seen[w] {
			seen[w] = true
			terms = append(terms, w)
		}
	}
	text := strings.TrimSpace(q.Text)
	if len(terms) == 0 && len([]rune(text)) < 3 {
		return []haoban.KnowledgeHit{}, nil // nothing a word or a trigram could match
	}
	match, err := s.selectiveQuery(ctx, terms)
	if err != nil {
		return nil, err
	}
	tsq := "" // an empty tsquery: matches nothing, leaving the trigrams
	if len(terms) > 0 {
		tsq = "'" + strings.Join(terms, "' | '") + "'"
	}
	limit := q.Limit
	if limit <= 0 || limit > 50 {
		limit = 10
	}
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	rows, err := s.pool.Query(ctx, searchKnowledge, match, tsq, text, q.At, terms, kinds, limit, match == "")
	if err != nil {
		return nil, fmt.Errorf("search knowledge: %w", err)
	}
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (haoban.KnowledgeHit, error) {
		var h haoban.KnowledgeHit
		var status haoban.KnowledgeStatus
		var author string
		var updated time.Time
		err := row.Scan(&h.ID, &h.Kind, &h.Ref, &h.Title, &h.Body, &h.Department, &h.Bundle, &h.Item, &h.Link, &h.Version,
			&h.EffectiveFrom, &h.EffectiveTo, &status, &author, &updated, &h.Score)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("scan knowledge hits: %w", err)
	}
	for i := range hits {
		hits[i].Excerpt = bestLine(hits[i].Title, hits[i].Body, terms)
	}
	return hits, nil
}

// selectiveQuery is the tsquery that finds the candidates: any of the
// words that at most 1/commonShare of the entries hold (and at least 50
// of them, so that a small knowledge base keeps every word); when every
// word is common, the entries holding all of them.
func (s *Store) selectiveQuery(ctx context.Context, terms []string) (string, error) {
	if len(terms) == 0 {
		return "", nil
	}
	rows, err := s.pool.Query(ctx, `SELECT word, entries FROM knowledge_words WHERE word = ANY($1) OR word = ''`, terms)
	if err != nil {
		return "", fmt.Errorf("count knowledge words: %w", err)
	}
	counts := map[string]int{}
	var word string
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&word, &n}, func() error {
		counts[word] = n
		return nil
	}); err != nil {
		return "", fmt.Errorf("scan knowledge words: %w", err)
	}
	limit := max(50, counts[""]/commonShare)
	var selective, common []string
	for _, t := range terms {
		switch n, ok := counts[t]; {
		case !ok: // no entry holds it
		case n <= limit:
			selective = append(selective, t)
		default:
			common = append(common, t)
		}
	}
	switch {
	case len(selective) > 0:
		return "'" + strings.Join(selective, "' | '") + "'", nil
	case len(common) > 0:
		return "'" + strings.Join(common, "' & '") + "'", nil
	}
	return "", nil
}

// bestLine is the line of body that answers most of the words: a word
// the title already holds counts little, since the hit shows the title
// anyway; another counts by its length, so that one long word beats two
// characters. The first line when none holds any.
func bestLine(title, body string, words []string) string {
	lines := strings.Split(body, "\n")
	title = strings.ToLower(title)
	best, bestScore := lines[0], 0
	for _, l := range lines {
		lower, score := strings.ToLower(l), 0
		for _, w := range words {
			switch {
			case !strings.Contains(lower, w):
			case strings.Contains(title, w):
				score++
			default:
				score += 10 * len([]rune(w))
			}
		}
		if score > bestScore {
			best, bestScore = l, score
		}
	}
	return best
}

// FindKnowledge returns one entry, whatever its status.
func (s *Store) FindKnowledge(ctx context.Context, id string) (haoban.KnowledgeRecord, error) {
	if !isUUID(id) {
		return haoban.KnowledgeRecord{}, haoban.Errorf(haoban.ENOTFOUND, "知识条目不存在")
	}
	rows, err := s.pool.Query(ctx, `SELECT `+knowledgeColumns+` FROM knowledge_entries e WHERE e.id = $1`, id)
	if err != nil {
		return haoban.KnowledgeRecord{}, fmt.Errorf("find knowledge %s: %w", id, err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, scanKnowledge)
	return r, translate(err, "知识条目")
}

// ListKnowledge lists entries for the editors, hand-written ones first,
// then by kind and title: every version of a built entry's source, drafts
// included.
func (s *Store) ListKnowledge(ctx context.Context, f haoban.KnowledgeFilter) ([]haoban.KnowledgeRecord, error) {
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	rows, err := s.pool.Query(ctx, `SELECT `+knowledgeColumns+` FROM knowledge_entries e
		WHERE ($1 = '' OR e.kind = $1) AND ($2 = '' OR e.department = $2)
			AND ($3 = '' OR e.title ILIKE '%' || $3 || '%' OR e.body ILIKE '%' || $3 || '%')
		ORDER BY e.kind = 'qa' DESC, e.kind, e.title, e.version DESC LIMIT $4`,
		string(f.Kind), f.Department, likeEscape(strings.TrimSpace(f.Text)), limit)
	if err != nil {
		return nil, fmt.Errorf("list knowledge: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanKnowledge)
	if err != nil {
		return nil, fmt.Errorf("scan knowledge: %w", err)
	}
	return list, nil
}

// KnowledgePublished reports whether an entry of (kind, ref) at that
// version is published: for a catalogue version, kind bundle and the
// bundle's code; for a policy version, kind policy and the policy's code.
// The gap board warns of a version about to take effect without it.
func (s *Store) KnowledgePublished(ctx context.Context, kind haoban.KnowledgeKind, ref string, version int) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM knowledge_entries
		WHERE kind = $1 AND ref = $2 AND version = $3 AND status = 'published')`, kind, ref, version).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("knowledge published %s/%s@%d: %w", kind, ref, version, err)
	}
	return ok, nil
}

// likeEscape makes text match literally inside LIKE.
func likeEscape(text string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(text)
}
