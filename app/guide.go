package app

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"haoban"
	"haoban/prefill"
)

// GuideStore is what the 办事指南 reads: the catalogue in force, its index,
// and, for a signed-in applicant, the registries that may exempt them
// from a material.
type GuideStore interface {
	FindBundle(ctx context.Context, code string) (haoban.Bundle, error)
	FindDepartment(ctx context.Context, code string) (haoban.Department, error)
	ListSources(ctx context.Context) ([]haoban.SourceInfo, error)
	GuideList(ctx context.Context, now time.Time) ([]haoban.GuideEntry, error)
	SearchGuide(ctx context.Context, terms []string, now time.Time, limit int) ([]haoban.GuideHit, error)
	prefill.Registries
}

// Guide is the public 办事指南: what each bundle and item asks for, how
// long it takes, who decides it, and for a signed-in applicant which
// materials they need not submit.
type Guide struct {
	Store    GuideStore
	Reviewer Reviewer // the licences an applicant holds
	Time     haoban.TimeSource
}

// GuideIndex is the guide's front page: the bundles in force for persons
// and for enterprises, each by life event or business stage.
type GuideIndex struct {
	Groups []GuideGroup `json:"groups"`
}

// GuideGroup is the bundles for one audience.
type GuideGroup struct {
	For    haoban.Audience `json:"for"`
	Name   string          `json:"name"` // 个人办事, 法人办事
	Stages []GuideStage    `json:"stages"`
}

// GuideStage is a life event or business stage and its bundles.
type GuideStage struct {
	Name    string              `json:"name"`
	Bundles []haoban.GuideEntry `json:"bundles"`
}

// stageOrder puts life events and business stages in the order a life or
// a business meets them; a stage ranks by the first word it contains, and
// stages containing none follow in name order.
var stageOrder = map[haoban.Audience][]string{
	haoban.ForPersons: {"出生", "入学", "教育", "就业", "社保", "社会保障", "残疾", "婚", "住房", "不动产", "退役", "退休", "身后"},
	haoban.ForEnterprises: {"开办", "设立", "准入", "员工", "用工", "录用", "就业", "经营", "运输", "变更", "注销", "破产",
		"退出"},
}

func stageRank(who haoban.Audience, stage string) int {
	for i, w := range stageOrder[who] {
		if strings.Contains(stage, w) {
			return i
		}
	}
	return len(stageOrder[who])
}

// Index lists the bundles in force by audience and stage. A bundle that
// names no audience is filed for persons, and one with no stage under 其他.
func (s *Guide) Index(ctx context.Context) (GuideIndex, error) {
	list, err := s.Store.GuideList(ctx, now(s.Time))
	if err != nil {
		return GuideIndex{}, err
	}
	groups := []GuideGroup{{For: haoban.ForPersons, Name: "个人办事"}, {For: haoban.ForEnterprises, Name: "法人办事"}}
	for _, e := range list {
		g := &groups[0]
		if e.For == haoban.ForEnterprises {
			g = &groups[1]
		}
		stage := e.Stage
		if stage == "" {
			stage = "其他"
		}
		i := slices.IndexFunc(g.Stages, func(st GuideStage) bool { return st.Name == stage })
		if i < 0 {
			g.Stages, i = append(g.Stages, GuideStage{Name: stage}), len(g.Stages)
		}
		g.Stages[i].Bundles = append(g.Stages[i].Bundles, e)
	}
	out := GuideIndex{}
	for _, g := range groups {
		if len(g.Stages) == 0 {
			continue
		}
		slices.SortStableFunc(g.Stages, func(a, b GuideStage) int {
			if ra, rb := stageRank(g.For, a.Name), stageRank(g.For, b.Name); ra != rb {
				return ra - rb
			}
			return strings.Compare(a.Name, b.Name)
		})
		out.Groups = append(out.Groups, g)
	}
	return out, nil
}

// GuideResults answer a search of the guide.
type GuideResults struct {
	Query string            `json:"query"`
	Hits  []haoban.GuideHit `json:"hits"`
}

// Search limits: a query is a few words, and a page of hits is enough to
// pick from.
const (
	maxGuideQuery = 50 // characters
	maxGuideTerms = 5
	maxGuideHits  = 50
)

// Search finds the bundles and items in force whose names, summaries,
// conditions or material names hold every word of q.
func (s *Guide) Search(ctx context.Context, q string) (GuideResults, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return GuideResults{}, haoban.FieldErrorf(haoban.EINVALID, "query.q", "请输入要查找的事项名称或关键词")
	}
	if utf8.RuneCountInString(q) > maxGuideQuery {
		return GuideResults{Query: q}, haoban.FieldErrorf(haoban.EINVALID, "query.q", "关键词太长，请不超过 %d 个字", maxGuideQuery)
	}
	terms := strings.Fields(q)
	if len(terms) > maxGuideTerms {
		terms = terms[:maxGuideTerms]
	}
	hits, err := s.Store.SearchGuide(ctx, terms, now(s.Time), maxGuideHits)
	if hits == nil {
		hits = []haoban.GuideHit{}
	}
	return GuideResults{Query: q, Hits: hits}, err
}
