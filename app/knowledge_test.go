package app_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/rules"
)

// kbStore keeps hand-written entries in memory, as postgres does: each
// save a new version, the stale version refused, the audit kept.
type kbStore struct {
	app.KnowledgeStore
	mu       sync.Mutex
	entries  map[string]haoban.KnowledgeRecord
	history  map[string][]haoban.KnowledgeRecord
	synonyms [][]string
	audit    []haoban.AuditEntry
	asked    []string // the words of the last search
	// rebuilds counts the rebuilds; rebuildErr fails them.
	rebuilds   int
	rebuildErr error
}

func newKBStore() *kbStore {
	return &kbStore{entries: map[string]haoban.KnowledgeRecord{}, history: map[string][]haoban.KnowledgeRecord{},
		synonyms: [][]string{{"开饭店", "开餐馆", "餐饮店", "饭馆"}, {"医保", "医疗保险"}}}
}

func (s *kbStore) SearchKnowledge(_ context.Context, _ haoban.KnowledgeQuery, words []string) ([]haoban.KnowledgeHit, error) {
	s.asked = words
	return nil, nil
}

func (s *kbStore) KnowledgeSynonyms(context.Context) ([][]string, error) { return s.synonyms, nil }

func (s *kbStore) SaveKnowledgeSynonyms(_ context.Context, groups [][]string, meta haoban.AuditEntry) error {
	s.synonyms = groups
	s.audit = append(s.audit, meta)
	return nil
}

func (s *kbStore) FindKnowledge(_ context.Context, id string) (haoban.KnowledgeRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[id]; ok {
		return e, nil
	}
	return haoban.KnowledgeRecord{}, haoban.Errorf(haoban.ENOTFOUND, "知识条目不存在")
}

func (s *kbStore) KnowledgeHistory(_ context.Context, id string) ([]haoban.KnowledgeRecord, error) {
	return s.history[id], nil
}

func (s *kbStore) SaveKnowledgeQA(_ context.Context, r haoban.KnowledgeRecord, meta haoban.AuditEntry) (haoban.KnowledgeRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur := s.entries[r.ID]; cur.Version != r.Version {
		return r, haoban.Errorf(haoban.ECONFLICT, "stale")
	}
	r.Version++
	s.entries[r.ID] = r
	s.history[r.ID] = append([]haoban.KnowledgeRecord{r}, s.history[r.ID]...)
	s.audit = append(s.audit, meta)
	return r, nil
}

var (
	kbNow         = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	kbAdmin       = app.Request{User: haoban.User{ID: "catalogue-admin", Roles: []string{haoban.RoleCatalogueAdmin}, Department: haoban.AnyDepartment}}
	kbEditorSAMR  = app.Request{User: haoban.User{ID: "editor-samr", Roles: []string{haoban.RoleCatalogueEditor}, Department: "samr"}}
	kbEditorFire  = app.Request{User: haoban.User{ID: "editor-fire", Roles: []string{haoban.RoleCatalogueEditor}, Department: "fire"}}
	kbApplicant   = app.Request{User: haoban.User{ID: "li-na", Roles: []string{haoban.RoleApplicant}, Department: haoban.AnyDepartment}}
	kbQuestionFor = func(dept string) app.KnowledgeQAInput {
		return app.KnowledgeQAInput{Title: "个体工商户可以开餐饮店吗", Body: "可以，先办营业执照。", Department: dept, Publish: true}
	}
)

func newKnowledge(t *testing.T) (*app.Knowledge, *kbStore) {
	s := newKBStore()
	return &app.Knowledge{Store: s, Authz: authz(t), Time: haoban.FixedTime{T: kbNow}}, s
}

func TestKnowledgeSearchWords(t *testing.T) {
	k, s := newKnowledge(t)
	if _, err := k.Search(context.Background(), haoban.KnowledgeQuery{Text: "我要开一家饭馆"}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"饭馆", "餐饮店", "餐馆"} {
		if !slices.Contains(s.asked, w) {
			t.Errorf("words %q lack %q", s.asked, w)
		}
	}
	for _, w := range []string{"我", "要", "一家", "医保"} {
		if slices.Contains(s.asked, w) {
			t.Errorf("words %q hold %q", s.asked, w)
		}
	}
	t.Run("ErrTooLong", func(t *testing.T) {
		long := string(make([]rune, 201))
		if _, err := k.Search(context.Background(), haoban.KnowledgeQuery{Text: long + "x"}); haoban.ErrorCode(err) != haoban.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
}

func TestKnowledgeQA(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		k, s := newKnowledge(t)
		e, err := k.CreateQA(ctx, kbEditorSAMR, kbQuestionFor("samr"), "key-1")
		if err != nil {
			t.Fatal(err)
		}
		if e.Version != 1 || e.Status != haoban.KnowledgePublished || !e.EffectiveFrom.Equal(kbNow) || e.Author != "editor-samr" {
			t.Fatalf("created %+v", e)
		}
		again, err := k.CreateQA(ctx, kbEditorSAMR, kbQuestionFor("samr"), "key-1")
		if err != nil || again.ID != e.ID || len(s.entries) != 1 {
			t.Fatalf("retried create: %+v, %v; %d entries", again, err, len(s.entries))
		}
		in := kbQuestionFor("samr")
		in.Body, in.Version = "可以。个体工商户也可以开餐饮店，先办营业执照。", 1
		e, err = k.UpdateQA(ctx, kbAdmin, e.ID, in)
		if err != nil || e.Version != 2 {
			t.Fatalf("update: %+v, %v", e, err)
		}
		_, history, err := k.Get(ctx, kbEditorFire, e.ID)
		if err != nil || len(history) != 2 {
			t.Fatalf("history: %d versions, %v", len(history), err)
		}
		if len(s.audit) != 2 || s.audit[1].Action != "knowledge_updated" || s.audit[1].Actor != "catalogue-admin" {
			t.Fatalf("audit %+v", s.audit)
		}
		ended, err := k.EndQA(ctx, kbEditorSAMR, e.ID, 2)
		if err != nil || ended.EffectiveTo == nil || ended.InForce(kbNow) {
			t.Fatalf("ended: %+v, %v", ended, err)
		}
	})
	t.Run("ErrOtherDepartment", func(t *testing.T) {
		k, s := newKnowledge(t)
		if _, err := k.CreateQA(ctx, kbEditorFire, kbQuestionFor("samr"), ""); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			t.Fatalf("fire's editor creating samr's entry: %v, want EFORBIDDEN", err)
		}
		e, err := k.CreateQA(ctx, kbEditorSAMR, kbQuestionFor("samr"), "")
		if err != nil {
			t.Fatal(err)
		}
		in := kbQuestionFor("fire")
		in.Version = 1
		if _, err := k.UpdateQA(ctx, kbEditorFire, e.ID, in); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			t.Fatalf("fire's editor taking samr's entry: %v, want EFORBIDDEN", err)
		}
		if _, err := k.UpdateQA(ctx, kbEditorSAMR, e.ID, in); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			t.Fatalf("samr's editor giving the entry to fire: %v, want EFORBIDDEN", err)
		}
		if _, err := k.EndQA(ctx, kbEditorFire, e.ID, 1); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			t.Fatalf("fire's editor ending samr's entry: %v, want EFORBIDDEN", err)
		}
		if len(s.audit) != 1 {
			t.Fatalf("refused edits were audited: %+v", s.audit)
		}
	})
	t.Run("ErrApplicant", func(t *testing.T) {
		k, _ := newKnowledge(t)
		if _, err := k.CreateQA(ctx, kbApplicant, kbQuestionFor("samr"), ""); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			t.Fatalf("applicant: %v, want EFORBIDDEN", err)
		}
		if _, err := k.List(ctx, kbApplicant, haoban.KnowledgeFilter{}); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			t.Fatalf("applicant lists: %v, want EFORBIDDEN", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		k, _ := newKnowledge(t)
		before := kbNow.Add(-time.Hour)
		in := app.KnowledgeQAInput{Title: "问", Link: "https://example.com", EffectiveTo: &before}
		_, err := k.CreateQA(ctx, kbAdmin, in, "")
		if haoban.ErrorCode(err) != haoban.EINVALID || len(haoban.ErrorDetails(err)) != 5 {
			t.Fatalf("err = %v with %d details, want EINVALID with 5", err, len(haoban.ErrorDetails(err)))
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		k, _ := newKnowledge(t)
		e, err := k.CreateQA(ctx, kbAdmin, kbQuestionFor("samr"), "")
		if err != nil {
			t.Fatal(err)
		}
		in := kbQuestionFor("samr")
		in.Version = 1
		if _, err := k.UpdateQA(ctx, kbAdmin, e.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := k.UpdateQA(ctx, kbAdmin, e.ID, in); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("second edit of version 1: %v, want ECONFLICT", err)
		}
	})
}

func TestKnowledgeSynonyms(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		k, s := newKnowledge(t)
		got, err := k.SaveSynonyms(ctx, kbAdmin, [][]string{{" 执照 ", "营业执照", ""}, {}})
		if err != nil || len(got) != 1 || got[0][0] != "执照" || len(s.audit) != 1 {
			t.Fatalf("saved %q, %v", got, err)
		}
	})
	t.Run("ErrEditor", func(t *testing.T) {
		k, _ := newKnowledge(t)
		if _, err := k.SaveSynonyms(ctx, kbEditorSAMR, [][]string{{"执照", "营业执照"}}); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			t.Fatalf("editor: %v, want EFORBIDDEN", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		k, _ := newKnowledge(t)
		_, err := k.SaveSynonyms(ctx, kbAdmin, [][]string{{"执照", "营业执照"}, {"执照", "证照"}, {"孤词"}})
		if haoban.ErrorCode(err) != haoban.EINVALID || len(haoban.ErrorDetails(err)) != 3 {
			t.Fatalf("err = %v with %d details, want EINVALID with 3", err, len(haoban.ErrorDetails(err)))
		}
	})
}

func (s *kbStore) RebuildKnowledge(context.Context, time.Time) error {
	s.rebuilds++
	return s.rebuildErr
}

// kbVersions publishes and withdraws catalogue and policy versions,
// refusing when told to.
type kbVersions struct {
	app.VersionStore
	app.PolicyStore
	refuse error
}

func (v kbVersions) PublishVersion(context.Context, haoban.CatalogueVersion, haoban.AuditEntry) error {
	return v.refuse
}
func (v kbVersions) WithdrawVersion(context.Context, string, int, time.Time, haoban.AuditEntry) error {
	return v.refuse
}
func (v kbVersions) PublishPolicy(context.Context, haoban.PolicyVersion, haoban.AuditEntry) error {
	return v.refuse
}
func (v kbVersions) WithdrawPolicy(context.Context, string, int, time.Time, haoban.AuditEntry) error {
	return v.refuse
}

// kbRules saves review rules as they come.
type kbRules struct{ app.RuleStore }

func (kbRules) SaveRule(_ context.Context, r rules.Rule, _ haoban.AuditEntry) (rules.Rule, error) {
	return r, nil
}

func TestKnowledgeKeepsInStepWithPublishing(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		k, s := newKnowledge(t)
		versions, policies := k.KeepVersionsInStep(kbVersions{}), k.KeepPoliciesInStep(kbVersions{})
		_, saved := k.KeepRulesInStep(kbRules{}).SaveRule(ctx, rules.Rule{Message: "场所面积不足"}, haoban.AuditEntry{})
		for _, err := range []error{
			saved,
			versions.PublishVersion(ctx, haoban.CatalogueVersion{Bundle: "newborn", Version: 2}, haoban.AuditEntry{}),
			versions.WithdrawVersion(ctx, "newborn", 2, kbNow, haoban.AuditEntry{}),
			policies.PublishPolicy(ctx, haoban.PolicyVersion{Policy: "startup-subsidy", Version: 2}, haoban.AuditEntry{}),
			policies.WithdrawPolicy(ctx, "startup-subsidy", 2, kbNow, haoban.AuditEntry{}),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		if s.rebuilds != 5 {
			t.Fatalf("%d rebuilds, want 5", s.rebuilds)
		}
	})
	t.Run("ErrRefusedPublishRebuildsNothing", func(t *testing.T) {
		k, s := newKnowledge(t)
		refused := haoban.Errorf(haoban.ECONFLICT, "第 2 版不是草稿")
		err := k.KeepVersionsInStep(kbVersions{refuse: refused}).PublishVersion(ctx, haoban.CatalogueVersion{}, haoban.AuditEntry{})
		if err != refused || s.rebuilds != 0 {
			t.Fatalf("err = %v, %d rebuilds", err, s.rebuilds)
		}
	})
	t.Run("ErrRebuildFails", func(t *testing.T) {
		k, s := newKnowledge(t)
		s.rebuildErr = context.DeadlineExceeded
		err := k.KeepPoliciesInStep(kbVersions{}).PublishPolicy(ctx, haoban.PolicyVersion{Policy: "startup-subsidy", Version: 3}, haoban.AuditEntry{})
		if err == nil || !strings.Contains(err.Error(), "startup-subsidy@3 已发布") {
			t.Fatalf("err = %v, want it to say the version is published", err)
		}
	})
}
