package app_test

import (
	"context"
	"strings"
	"sync"
	"time"

	"haoban"
	"haoban/app"
	"haoban/intent"
)

// assistantStore keeps 小申's models and questions in memory.
type assistantStore struct {
	mu        sync.Mutex
	models    []intent.Record
	trainedBy []string // the audited actor of each version
	questions []haoban.AssistantQuestion
}

func (s *assistantStore) ActiveAssistantModel(context.Context) (intent.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.models {
		if m.Active {
			return m, nil
		}
	}
	return intent.Record{}, haoban.Errorf(haoban.ENOTFOUND, "意图模型不存在")
}

func (s *assistantStore) SaveAssistantModel(_ context.Context, m intent.Model, metrics intent.Metrics, on int, meta haoban.AuditEntry) (intent.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.models {
		s.models[i].Active = false
	}
	rec := intent.Record{Version: len(s.models) + 1, Model: m, Metrics: metrics, TrainedOn: on, TrainedAt: meta.At, Active: true}
	s.models = append(s.models, rec)
	s.trainedBy = append(s.trainedBy, meta.Actor)
	return rec, nil
}

func (s *assistantStore) LogAssistantQuestion(_ context.Context, q haoban.AssistantQuestion) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.questions = append(s.questions, q)
	return nil
}

func (s *assistantStore) AssistantStats(_ context.Context, from, to time.Time) (haoban.AssistantStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := haoban.AssistantStats{From: from, To: to}
	for _, q := range s.questions {
		if q.At.Before(from) || !q.At.Before(to) {
			continue
		}
		st.Questions++
		if q.Resolved {
			st.Answered++
		}
		if q.HandedOff {
			st.HandedOff++
		}
	}
	return st, nil
}

// asstKnowledge finds an entry when the question holds one of its keywords.
type asstKnowledge struct {
	entries []asstEntry
	asked   []haoban.KnowledgeQuery
}

type asstEntry struct {
	hit      haoban.KnowledgeHit
	keywords []string
}

func (k *asstKnowledge) Search(_ context.Context, q haoban.KnowledgeQuery) ([]haoban.KnowledgeHit, error) {
	k.asked = append(k.asked, q)
	var out []haoban.KnowledgeHit
	for _, e := range k.entries {
		if len(q.Kinds) > 0 && !asstHasKind(q.Kinds, e.hit.Kind) {
			continue
		}
		for _, w := range e.keywords {
			if strings.Contains(q.Text, w) {
				out = append(out, e.hit)
				break
			}
		}
	}
	return out, nil
}

func asstHasKind(kinds []haoban.KnowledgeKind, k haoban.KnowledgeKind) bool {
	for _, v := range kinds {
		if v == k {
			return true
		}
	}
	return false
}

// asstDemoKnowledge holds bundles, items, a material and a policy entry.
func asstDemoKnowledge() *asstKnowledge {
	entry := func(kind haoban.KnowledgeKind, ref, title, bundle, link string, score float64, keywords ...string) asstEntry {
		return asstEntry{hit: haoban.KnowledgeHit{KnowledgeEntry: haoban.KnowledgeEntry{Kind: kind, Ref: ref, Title: title,
			Bundle: bundle, Link: link}, Score: score, Excerpt: title + "的要点"}, keywords: keywords}
	}
	return &asstKnowledge{entries: []asstEntry{
		entry(haoban.KnowledgeBundle, "open-restaurant", "开办餐饮店", "open-restaurant", "/guide/open-restaurant", 1.2, "餐馆", "饭店"),
		entry(haoban.KnowledgeItem, "open-restaurant/food-licence", "食品经营许可证", "open-restaurant", "/guide/open-restaurant/food-licence", 0.9, "饭店"),
		entry(haoban.KnowledgeBundle, "newborn", "新生儿出生一件事", "newborn", "/guide/newborn", 0.6, "新生儿"),
		entry(haoban.KnowledgeItem, "newborn/hukou", "户口登记", "newborn", "/guide/newborn/hukou", 0.1, "上户口"),
		entry(haoban.KnowledgeItem, "hukou-move/hukou-move", "户口迁移", "hukou-move", "/guide/hukou-move", 0.1, "迁户口"),
		entry(haoban.KnowledgeMaterial, "business-licence/articles", "公司章程", "open-restaurant", "/guide/open-restaurant/business-licence", 1.0, "章程"),
		entry(haoban.KnowledgePolicy, "newborn-childcare-subsidy", "新生儿一次性育儿补贴", "", "/policies/newborn-childcare-subsidy", 0.8, "生育补贴", "育儿补贴"),
	}}
}

// asstPolicies answers a 政策体检 with a fixed report, or refuses.
type asstPolicies struct {
	report app.PolicyCheckReport
	err    error
	asked  []string
}

func (p *asstPolicies) CheckMe(_ context.Context, r app.Request) (app.PolicyCheckReport, error) {
	p.asked = append(p.asked, r.User.ID)
	return p.report, p.err
}

// asstGaps records the gaps opened, once per key as the real tasks do.
type asstGaps struct {
	gaps map[string]haoban.KnowledgeGap
}

func (g *asstGaps) OpenGap(_ context.Context, k haoban.KnowledgeGap) error {
	if g.gaps == nil {
		g.gaps = map[string]haoban.KnowledgeGap{}
	}
	if _, ok := g.gaps[k.Key]; !ok {
		g.gaps[k.Key] = k
	}
	return nil
}
