package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"haoban"
)

// KnowledgeQAInput is a hand-written question and answer as its editor
// writes it. Version is the version the edit started from (0: a new
// entry); Publish makes it searchable, otherwise it is kept as a draft.
type KnowledgeQAInput struct {
	Title         string     `json:"title" maxLength:"100"`
	Body          string     `json:"body" maxLength:"4000"`
	Department    string     `json:"department" maxLength:"40"`
	Bundle        string     `json:"bundle,omitempty" required:"false" maxLength:"40"`
	Item          string     `json:"item,omitempty" required:"false" maxLength:"60"`
	Link          string     `json:"link,omitempty" required:"false" maxLength:"300"`
	EffectiveFrom time.Time  `json:"effective_from,omitzero" required:"false" doc:"生效时间；省略则立即生效"`
	EffectiveTo   *time.Time `json:"effective_to,omitempty" required:"false" doc:"失效时间；省略则长期有效"`
	Publish       bool       `json:"publish" required:"false" doc:"true：发布；false：保存为草稿"`
	Version       int        `json:"version,omitempty" required:"false" doc:"修改所基于的版本；新建时省略"`
}

// List lists entries for the knowledge base's editors.
func (k *Knowledge) List(ctx context.Context, r Request, f haoban.KnowledgeFilter) ([]haoban.KnowledgeRecord, error) {
	if !can(k.Authz, r.User, r.User.Department, "knowledge", "read") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员和部门目录编辑可以管理知识库")
	}
	return k.Store.ListKnowledge(ctx, f)
}

// Get returns one entry for its editors, with every version of a
// hand-written one (newest first; none for a built entry).
func (k *Knowledge) Get(ctx context.Context, r Request, id string) (haoban.KnowledgeRecord, []haoban.KnowledgeRecord, error) {
	if !can(k.Authz, r.User, r.User.Department, "knowledge", "read") {
		return haoban.KnowledgeRecord{}, nil, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员和部门目录编辑可以管理知识库")
	}
	e, err := k.Store.FindKnowledge(ctx, id)
	if err != nil || e.Kind != haoban.KnowledgeQA {
		return e, nil, err
	}
	history, err := k.Store.KnowledgeHistory(ctx, id)
	return e, history, err
}

// CreateQA writes a new hand-written entry owned by in.Department, which
// the editor must be allowed to write. A retry with the same idempotency
// key returns the entry the first call made.
func (k *Knowledge) CreateQA(ctx context.Context, r Request, in KnowledgeQAInput, key string) (haoban.KnowledgeRecord, error) {
	id := uuid.NewString()
	if key != "" {
		id = uuid.NewSHA1(uuid.NameSpaceURL, []byte("haoban:knowledge:"+r.User.ID+":"+key)).String()
		if done, err := k.Store.FindKnowledge(ctx, id); err == nil {
			return done, nil
		} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
			return haoban.KnowledgeRecord{}, err
		}
	}
	in.Version = 0
	return k.saveQA(ctx, r, id, in, "knowledge_created")
}

// UpdateQA writes the next version of a hand-written entry. The editor
// must be allowed to write its department, and the new one when it moves.
func (k *Knowledge) UpdateQA(ctx context.Context, r Request, id string, in KnowledgeQAInput) (haoban.KnowledgeRecord, error) {
	cur, err := k.Store.FindKnowledge(ctx, id)
	if err != nil {
		return cur, err
	} else if cur.Kind != haoban.KnowledgeQA {
		return cur, haoban.Errorf(haoban.ECONFLICT, "这条知识由目录或政策生成，请修改其来源后重新发布")
	}
	if !can(k.Authz, r.User, cur.Department, "knowledge", "write") {
		return cur, haoban.Errorf(haoban.EFORBIDDEN, "这条问答属于其他部门，只能由该部门的目录编辑或目录管理员修改")
	}
	if in.Version == 0 {
		return cur, haoban.FieldErrorf(haoban.EINVALID, "body.version", "请说明修改所基于的版本")
	}
	return k.saveQA(ctx, r, id, in, "knowledge_updated")
}

// EndQA ends a hand-written entry now, as a new version: it leaves the
// search but keeps its history.
func (k *Knowledge) EndQA(ctx context.Context, r Request, id string, version int) (haoban.KnowledgeRecord, error) {
	cur, err := k.Store.FindKnowledge(ctx, id)
	if err != nil {
		return cur, err
	}
	at := now(k.Time)
	in := KnowledgeQAInput{Title: cur.Title, Body: cur.Body, Department: cur.Department, Bundle: cur.Bundle, Item: cur.Item,
		Link: cur.Link, EffectiveFrom: cur.EffectiveFrom, EffectiveTo: &at, Publish: cur.Status == haoban.KnowledgePublished,
		Version: version}
	if !at.After(cur.EffectiveFrom) {
		in.EffectiveFrom = at.Add(-time.Second) // a draft or an entry to come ends before it began
	}
	if cur.Kind != haoban.KnowledgeQA {
		return cur, haoban.Errorf(haoban.ECONFLICT, "这条知识由目录或政策生成，随其来源的版本失效")
	} else if !can(k.Authz, r.User, cur.Department, "knowledge", "write") {
		return cur, haoban.Errorf(haoban.EFORBIDDEN, "这条问答属于其他部门，只能由该部门的目录编辑或目录管理员修改")
	}
	return k.saveQA(ctx, r, id, in, "knowledge_ended")
}

// saveQA checks an entry and writes it as version in.Version+1, audited.
func (k *Knowledge) saveQA(ctx context.Context, r Request, id string, in KnowledgeQAInput, action string) (haoban.KnowledgeRecord, error) {
	at := now(k.Time)
	in.Title, in.Body, in.Department = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body), strings.TrimSpace(in.Department)
	if in.EffectiveFrom.IsZero() {
		in.EffectiveFrom = at
	}
	if err := in.check(); err != nil {
		return haoban.KnowledgeRecord{}, err
	}
	if !can(k.Authz, r.User, in.Department, "knowledge", "write") {
		return haoban.KnowledgeRecord{}, haoban.FieldErrorf(haoban.EFORBIDDEN, "body.department",
			"只能编写本部门的问答；其他部门的问答由该部门的目录编辑或目录管理员编写")
	}
	rec := haoban.KnowledgeRecord{KnowledgeEntry: haoban.KnowledgeEntry{ID: id, Kind: haoban.KnowledgeQA, Ref: id,
		Title: in.Title, Body: in.Body, Department: in.Department, Bundle: in.Bundle, Item: in.Item, Link: in.Link,
		Version: in.Version, EffectiveFrom: in.EffectiveFrom, EffectiveTo: in.EffectiveTo},
		Status: haoban.KnowledgeDraft, Author: r.User.ID, UpdatedAt: at}
	if in.Publish {
		rec.Status = haoban.KnowledgePublished
	}
	meta := r.audit("", at)
	meta.Action = action
	meta.After = summary(map[string]any{"title": rec.Title, "department": rec.Department, "status": rec.Status,
		"effective_from": rec.EffectiveFrom, "effective_to": rec.EffectiveTo}, "knowledge")
	return k.Store.SaveKnowledgeQA(ctx, rec, meta)
}

// check lists every problem of the input at once.
func (in KnowledgeQAInput) check() error {
	var ds []haoban.ErrorDetail
	add := func(field, msg string) { ds = append(ds, haoban.ErrorDetail{Field: field, Message: msg}) }
	if n := len([]rune(in.Title)); n < 2 || n > 100 {
		add("body.title", "问题要写 2 到 100 个字")
	}
	if n := len([]rune(in.Body)); n == 0 || n > 4000 {
		add("body.body", "回答不能为空，最多 4000 个字")
	}
	if in.Department == "" {
		add("body.department", "请选择负责这条问答的部门")
	}
	if in.Link != "" && !strings.HasPrefix(in.Link, "/") {
		add("body.link", "链接只能指向本站的页面，以 / 开头")
	}
	if in.EffectiveTo != nil && !in.EffectiveTo.After(in.EffectiveFrom) {
		add("body.effective_to", "失效时间要晚于生效时间")
	}
	if len(ds) == 0 {
		return nil
	}
	return invalid("问答", ds)
}

// Synonyms returns the groups of synonyms, for anyone who may read the
// knowledge base.
func (k *Knowledge) Synonyms(ctx context.Context, r Request) ([][]string, error) {
	if !can(k.Authz, r.User, r.User.Department, "knowledge", "read") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员和部门目录编辑可以管理知识库")
	}
	return k.Store.KnowledgeSynonyms(ctx)
}

// SaveSynonyms replaces the groups of synonyms: the catalogue admin's.
// Blank words are dropped, a word may belong to one group only, and a
// group needs two words.
func (k *Knowledge) SaveSynonyms(ctx context.Context, r Request, groups [][]string) ([][]string, error) {
	if !can(k.Authz, r.User, haoban.AnyDepartment, "synonym", "write") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以修改同义词")
	}
	var ds []haoban.ErrorDetail
	owner := map[string]int{}
	clean := make([][]string, 0, len(groups))
	for i, g := range groups {
		var words []string
		for _, w := range g {
			w = strings.TrimSpace(w)
			if w == "" {
				continue
			}
			if j, ok := owner[w]; ok {
				ds = append(ds, haoban.ErrorDetail{Field: fmt.Sprintf("body.groups.%d", i),
					Message: fmt.Sprintf("「%s」已在第 %d 组中，一个词只能属于一组", w, j+1)})
				continue
			}
			owner[w] = i
			words = append(words, w)
		}
		switch {
		case len(words) == 1:
			ds = append(ds, haoban.ErrorDetail{Field: fmt.Sprintf("body.groups.%d", i), Message: "每组同义词至少要有两个词"})
		case len(words) > 1:
			clean = append(clean, words)
		}
	}
	if len(ds) > 0 {
		return nil, invalid("同义词", ds)
	}
	meta := r.audit("", now(k.Time))
	meta.Action = "knowledge_synonyms_saved"
	if err := k.Store.SaveKnowledgeSynonyms(ctx, clean, meta); err != nil {
		return nil, err
	}
	return clean, nil
}

// invalid is every problem of an input at once, the first one its field.
func invalid(what string, ds []haoban.ErrorDetail) error {
	return &haoban.Error{Code: haoban.EINVALID, Field: ds[0].Field,
		Message: fmt.Sprintf("%s有 %d 处需要修改，尚未保存", what, len(ds)), Details: ds}
}

// Writable names the departments whose questions and answers the user
// may write, by code, for the editor's choice of owner.
func (k *Knowledge) Writable(ctx context.Context, r Request) (map[string]string, error) {
	if k.Names == nil {
		return map[string]string{}, nil
	}
	names, err := k.Names.DepartmentNames(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for code, name := range names {
		if can(k.Authz, r.User, code, "knowledge", "write") {
			out[code] = name
		}
	}
	return out, nil
}
