package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// SearchGuide finds the bundles and items in force at now whose name,
// summary, conditions or material names hold every term, at most limit of
// them: those whose name holds them all first, then by trigram similarity
// of the name to the whole query. Terms are matched as plain text, any
// case; the trigram index answers terms of three characters or more.
func (s *Store) SearchGuide(ctx context.Context, terms []string, now time.Time, limit int) ([]haoban.GuideHit, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	args := []any{now, strings.Join(terms, " "), limit}
	var inText, inName []string
	lowered := make([]string, len(terms))
	for i, t := range terms {
		t = strings.ToLower(t)
		lowered[i] = t
		args = append(args, "%"+likeEscaper.Replace(t)+"%")
		n := "$" + strconv.Itoa(len(args))
		inText, inName = append(inText, "g.search LIKE "+n), append(inName, "lower(g.name) LIKE "+n)
	}
	rows, err := s.pool.Query(ctx, inForceVersions+` SELECT `+guideColumns+`, g.conditions, g.materials,
			(CASE WHEN `+strings.Join(inName, " AND ")+` THEN 1 ELSE 0 END) + similarity(g.name, $2) AS score
		FROM guide_entries g JOIN in_force f ON f.bundle = g.bundle AND f.version = g.version
		WHERE `+strings.Join(inText, " AND ")+`
		ORDER BY score DESC, g.bundle_name, g.position LIMIT $3`, args...)
	if err != nil {
		return nil, fmt.Errorf("search guide: %w", err)
	}
	hits, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.GuideHit, error) {
		var h haoban.GuideHit
		var conditions, materials string
		err := scanGuideEntry(r, &h.GuideEntry, &conditions, &materials, &h.Score)
		h.Matched, h.Excerpt = matched(lowered, h.Name, h.Summary, conditions, materials)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("scan guide hits: %w", err)
	}
	return hits, nil
}

// likeEscaper makes a term match itself in LIKE, '\' being LIKE's escape.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// matched says which part of an entry holds the first term, and the line
// of it that does: a hit on a material names the material.
func matched(terms []string, name, summary, conditions, materials string) (string, string) {
	parts := []struct{ label, text string }{{"名称", name}, {"简介", summary}, {"受理条件", conditions}, {"材料", materials}}
	for _, p := range parts {
		for _, line := range strings.Split(p.text, "\n") {
			if line != "" && strings.Contains(strings.ToLower(line), terms[0]) {
				return p.label, line
			}
		}
	}
	// The terms were found only across parts: the name stands for them.
	return "名称", name
}
