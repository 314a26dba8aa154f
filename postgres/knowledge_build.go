package postgres

import (
	"context"
	"crypto/md5"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/rules"
	"haoban/segment"
)

// The knowledge base's built entries are derived from the published
// catalogue versions, the review rules and the published policy versions.
// RebuildKnowledge replaces them all at once: at a few hundred entries a
// whole rebuild costs tens of milliseconds, and it can never leave an entry
// of a withdrawn or superseded version behind.

// published is one published version of a catalogue bundle or a policy,
// in force from `from` until the next one's start (to; nil: open-ended).
type published[T any] struct {
	body    T
	version int
	from    time.Time
	to      *time.Time
}

// RebuildKnowledge rebuilds every built entry from what is published now,
// versions to come included (each entry takes its version's effective
// date). Hand-written entries are untouched. Idempotent: entry IDs follow
// from (kind, ref, version).
func (s *Store) RebuildKnowledge(ctx context.Context, now time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// One rebuild at a time; searches read the old rows meanwhile.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('haoban-knowledge-rebuild'))`); err != nil {
			return fmt.Errorf("lock knowledge: %w", err)
		}
		entries, err := builtEntries(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM knowledge_entries WHERE source <> ''`); err != nil {
			return fmt.Errorf("clear built knowledge: %w", err)
		}
		batch := &pgx.Batch{}
		for _, e := range entries {
			queueEntry(batch, e.entry, e.source, "system", now)
		}
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return fmt.Errorf("write built knowledge: %w", err)
		}
		return countKnowledgeWords(ctx, tx)
	})
}

// countKnowledgeWords recounts how many published entries hold each word,
// for the search to tell selective words from common ones. ts_stat reads
// every vector: about 100 ms at 10,000 entries, paid by writes only.
func countKnowledgeWords(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('haoban-knowledge-words'))`); err != nil {
		return fmt.Errorf("lock knowledge words: %w", err)
	}
	_, err := tx.Exec(ctx, `DELETE FROM knowledge_words;
		INSERT INTO knowledge_words (word, entries)
			SELECT word, ndoc FROM ts_stat('SELECT tsv FROM knowledge_entries WHERE status = ''published''')
			UNION ALL SELECT '', count(*) FROM knowledge_entries WHERE status = 'published'`)
	if err != nil {
		return fmt.Errorf("count knowledge words: %w", err)
	}
	return nil
}

// RefreshKnowledgeWords recounts the words after entries were written
// around the store (the benchmark's COPY).
func (s *Store) RefreshKnowledgeWords(ctx context.Context) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return countKnowledgeWords(ctx, tx) })
}

type builtEntry struct {
	entry  haoban.KnowledgeEntry
	source string
}

// builtEntries reads the sources and turns them into entries, one per
// (kind, ref, version): an item shared by two bundles gives its materials
// once.
func builtEntries(ctx context.Context, tx pgx.Tx) ([]builtEntry, error) {
	depts, err := departmentNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	bundles, err := publishedBundles(ctx, tx)
	if err != nil {
		return nil, err
	}
	policies, err := publishedPolicies(ctx, tx)
	if err != nil {
		return nil, err
	}
	var out []builtEntry
	seen := map[string]bool{}
	add := func(source string, e haoban.KnowledgeEntry) {
		key := fmt.Sprintf("%s|%s|%d", e.Kind, e.Ref, e.Version)
		if !seen[key] {
			seen[key] = true
			e.ID = entryID(key)
			out = append(out, builtEntry{entry: e, source: source})
		}
	}
	items := map[string]haoban.Item{} // the newest published version of each item, for its rules
	for _, v := range bundles {
		for _, e := range bundleEntries(v.body, depts) {
			e.Version, e.EffectiveFrom, e.EffectiveTo = v.version, v.from, v.to
			add("catalogue:"+v.body.Code, e)
		}
		for _, it := range v.body.Items {
			items[it.Code] = it
		}
	}
	for _, p := range policies {
		e := policyEntry(p.body, depts)
		e.Version, e.EffectiveFrom, e.EffectiveTo = p.version, p.from, p.to
		if !p.body.To.IsZero() && (e.EffectiveTo == nil || p.body.To.Before(*e.EffectiveTo)) && p.body.To.After(p.from) {
			end := p.body.To
			e.EffectiveTo = &end
		}
		add("policy", e)
	}
	rs, err := ruleVersions(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		e := ruleEntry(r, items[r.Item])
		e.Version, e.EffectiveFrom = r.Version, r.EffectiveFrom
		if !r.EffectiveTo.IsZero() {
			if !r.EffectiveTo.After(r.EffectiveFrom) {
				continue // never in force
			}
			to := r.EffectiveTo
			e.EffectiveTo = &to
		}
		add("rule", e)
	}
	return out, nil
}

// entryID is a built entry's stable ID: the same source gives the same ID
// on every rebuild, so links to it keep working.
func entryID(key string) string {
	h := md5.Sum([]byte("haoban-knowledge:" + key))
	h[6] = h[6]&0x0f | 0x30 // a name-based (version 3) UUID
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func departmentNames(ctx context.Context, tx pgx.Tx) (map[string]string, error) {
	rows, err := tx.Query(ctx, `SELECT code, name FROM departments`)
	if err != nil {
		return nil, fmt.Errorf("read departments: %w", err)
	}
	names := map[string]string{}
	var code, name string
	_, err = pgx.ForEachRow(rows, []any{&code, &name}, func() error {
		names[code] = name
		return nil
	})
	return names, err
}

// publishedBundles is every published catalogue version with the window
// in which it is in force.
func publishedBundles(ctx context.Context, tx pgx.Tx) ([]published[haoban.Bundle], error) {
	// The first versions are in force since '-infinity', which time.Time cannot hold.
	rows, err := tx.Query(ctx, `SELECT bundle, version, body, GREATEST(effective_from, '0001-01-01 00:00:00+00')
		FROM catalogue_versions WHERE state = 'published' ORDER BY bundle, effective_from, version`)
	if err != nil {
		return nil, fmt.Errorf("read published versions: %w", err)
	}
	var out []published[haoban.Bundle]
	var code string
	var p published[haoban.Bundle]
	_, err = pgx.ForEachRow(rows, []any{&code, &p.version, &p.body, &p.from}, func() error {
		p.body.Code, p.body.Version = code, p.version
		out = append(out, p)
		p = published[haoban.Bundle]{} // JSON keeps what a body leaves out
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan published versions: %w", err)
	}
	return windows(out, func(b haoban.Bundle) string { return b.Code }), nil
}

// publishedPolicies is every published policy version with its window.
func publishedPolicies(ctx context.Context, tx pgx.Tx) ([]published[haoban.Policy], error) {
	rows, err := tx.Query(ctx, `SELECT policy, version, body, GREATEST(effective_from, '0001-01-01 00:00:00+00')
		FROM policy_versions WHERE state = 'published' ORDER BY policy, effective_from, version`)
	if err != nil {
		return nil, fmt.Errorf("read published policies: %w", err)
	}
	var out []published[haoban.Policy]
	var code string
	var p published[haoban.Policy]
	_, err = pgx.ForEachRow(rows, []any{&code, &p.version, &p.body, &p.from}, func() error {
		p.body.Code = code
		out = append(out, p)
		p = published[haoban.Policy]{}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan published policies: %w", err)
	}
	return windows(out, func(p haoban.Policy) string { return p.Code }), nil
}

// windows ends each version where the next version of the same source
// begins, as the catalogue's in-force rule reads them (the latest start,
// then the highest version); a version superseded before it began is
// dropped. vs is ordered by source, start, version.
func windows[T any](vs []published[T], code func(T) string) []published[T] {
	var out []published[T]
	for i, v := range vs {
		if i+1 < len(vs) && code(vs[i+1].body) == code(v.body) {
			next := vs[i+1].from
			if !next.After(v.from) {
				continue
			}
			v.to = &next
		}
		out = append(out, v)
	}
	return out
}

// ruleVersions is the newest version of every review rule.
func ruleVersions(ctx context.Context, tx pgx.Tx) ([]rules.Rule, error) {
	rows, err := tx.Query(ctx, `SELECT `+ruleColumns+` FROM rules r
		JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.version ORDER BY r.item, r.code`)
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	rs, err := pgx.CollectRows(rows, scanRule)
	if err != nil {
		return nil, fmt.Errorf("scan rules: %w", err)
	}
	return rs, nil
}

// queueEntry writes an entry with its segmented words.
func queueEntry(batch *pgx.Batch, e haoban.KnowledgeEntry, source, author string, at time.Time) {
	batch.Queue(`INSERT INTO knowledge_entries (id, kind, ref, source, title, body, department, bundle, item, link,
			version, effective_from, effective_to, status, author, updated_at, words, title_words)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'published', $14, $15, $16, $17)`,
		e.ID, e.Kind, e.Ref, source, e.Title, e.Body, e.Department, e.Bundle, e.Item, e.Link,
		e.Version, e.EffectiveFrom, e.EffectiveTo, author, at, indexWords(e.Title+"\n"+e.Body), indexWords(e.Title))
}

// indexWords is text as the index keeps it: the segmenter's words, each
// once, joined by spaces.
func indexWords(text string) string {
	words := segment.Words(text)
	seen := make(map[string]bool, len(words))
	kept := words[:0]
	for _, w := range words {
		w = tsWord(w)
		if w != "" && !seen[w] {
			seen[w] = true
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// tsWord keeps a word's letters and digits, which is all the 'simple'
// parser and to_tsquery take as one token.
func tsWord(w string) string {
	return strings.Map(func(r rune) rune {
		if isLetterOrDigit(r) {
			return r
		}
		return -1
	}, w)
}
