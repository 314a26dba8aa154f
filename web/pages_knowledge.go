package web

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// knowledgePage is what the knowledge base's admin pages show: the list
// (or a search's ranked hits), one entry with its versions and the
// editor's form, or the synonyms.
type knowledgePage struct {
	Query   string
	Kind    string
	Kinds   []knowledgeKindOption
	List    []haoban.KnowledgeRecord
	Hits    []haoban.KnowledgeHit
	Entry   haoban.KnowledgeRecord
	History []haoban.KnowledgeRecord
	// Form is the editor's values, by input name; Departments the owners
	// the editor may choose, by name.
	Form        map[string]string
	Departments []knowledgeKindOption
	Editable    bool
	Invalid     map[string]string
	Synonyms    string
	BodyLines   []string // a read-only entry's body, a paragraph a line
}

type knowledgeKindOption struct{ Code, Name string }

// knowledgeKinds names the kinds of entry for people.
var knowledgeKinds = []knowledgeKindOption{{"bundle", "一件事指南"}, {"item", "事项指南"}, {"material", "申请材料"},
	{"rule", "审查要点"}, {"policy", "免申即享政策"}, {"qa", "问答"}}

func kindName(k haoban.KnowledgeKind) string {
	for _, o := range knowledgeKinds {
		if o.Code == string(k) {
			return o.Name
		}
	}
	return string(k)
}

var knowledgeSaved = map[string]string{"saved": "问答已保存为新版本。", "ended": "问答已停用，历史版本仍保留。",
	"synonyms": "同义词已保存，新的检索立即使用。"}

// knowledgeListPage lists the entries, or with ?q= shows what a search
// finds now, ranked as applicants and 小申 get it.
func (p *Pages) knowledgeListPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := &knowledgePage{Query: strings.TrimSpace(strings.Clone(c.Query("q"))), Kind: strings.Clone(c.Query("kind")),
		Kinds: knowledgeKinds}
	var err error
	if v.Query != "" {
		q := haoban.KnowledgeQuery{Text: v.Query, Limit: 20}
		if v.Kind != "" {
			q.Kinds = []haoban.KnowledgeKind{haoban.KnowledgeKind(v.Kind)}
		}
		if _, err = p.App.Knowledge.List(ctx, request(ctx), haoban.KnowledgeFilter{Limit: 1}); err == nil {
			v.Hits, err = p.App.Knowledge.Search(ctx, q)
		}
	} else {
		v.List, err = p.App.Knowledge.List(ctx, request(ctx), haoban.KnowledgeFilter{Kind: haoban.KnowledgeKind(v.Kind)})
	}
	data := pageData{Title: "知识库", Knowledge: v, Notice: knowledgeSaved[c.Query("done")]}
	if err != nil {
		if !formError(err) {
			return err
		}
		c.Status(httpx.Status(haoban.ErrorCode(err)))
		data.Errors = []haoban.ErrorDetail{{Field: "query.q", Message: haoban.ErrorMessage(err)}}
	}
	return p.render(c, "knowledge", data)
}

// knowledgeEntryPage shows one entry: a built one read-only, a
// hand-written one in the editor with its versions. /admin/knowledge/new
// is the editor empty.
func (p *Pages) knowledgeEntryPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := &knowledgePage{Form: map[string]string{}}
	if id := strings.Clone(c.Params("id")); id != "" {
		e, history, err := p.App.Knowledge.Get(ctx, request(ctx), id)
		if err != nil {
			return err
		}
		v.Entry, v.History, v.Form = e, history, entryForm(e)
	} else if _, err := p.App.Knowledge.List(ctx, request(ctx), haoban.KnowledgeFilter{Limit: 1}); err != nil {
		return err
	}
	return p.showKnowledgeEntry(c, v, knowledgeSaved[c.Query("done")], nil)
}

// showKnowledgeEntry renders the entry page; a refused save marks its
// inputs and lists them in the one summary at the top.
func (p *Pages) showKnowledgeEntry(c *fiber.Ctx, v *knowledgePage, notice string, cause error) error {
	ctx := c.UserContext()
	depts, err := p.App.Knowledge.Writable(ctx, request(ctx))
	if err != nil {
		return err
	}
	for code, name := range depts {
		v.Departments = append(v.Departments, knowledgeKindOption{Code: code, Name: name})
	}
	slices.SortFunc(v.Departments, func(a, b knowledgeKindOption) int { return cmp.Compare(a.Name, b.Name) })
	_, mine := depts[v.Entry.Department]
	v.Editable = v.Entry.ID == "" || (v.Entry.Kind == haoban.KnowledgeQA && mine)
	title := "新建问答"
	if v.Entry.ID != "" {
		title = v.Entry.Title
	}
	v.BodyLines = strings.Split(v.Entry.Body, "\n")
	data := pageData{Title: title, Knowledge: v, Notice: notice, Key: newKey()}
	if cause != nil {
		if !formError(cause) && haoban.ErrorCode(cause) != haoban.EFORBIDDEN && haoban.ErrorCode(cause) != haoban.ECONFLICT {
			return cause
		}
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		v.Invalid = map[string]string{}
		for _, d := range problems(cause) {
			if d.Field == "" {
				data.Error = d.Message
				continue
			}
			v.Invalid[strings.TrimPrefix(d.Field, "body.")] = d.Message
			data.Errors = append(data.Errors, d)
		}
	}
	return p.render(c, "knowledge_entry", data)
}

// entryForm is an entry as the editor's inputs hold it.
func entryForm(e haoban.KnowledgeRecord) map[string]string {
	f := map[string]string{"title": e.Title, "body": e.Body, "department": e.Department, "link": e.Link,
		"version": itoa(e.Version), "effective_from": dateInput(&e.EffectiveFrom), "effective_to": dateInput(e.EffectiveTo)}
	if e.Status == haoban.KnowledgePublished {
		f["publish"] = "on"
	}
	return f
}

func dateInput(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(haoban.Beijing).Format(time.DateOnly)
}

// saveKnowledgeForm creates a question and answer (/admin/knowledge/new)
// or saves the next version of one, through the same use cases as the API.
func (p *Pages) saveKnowledgeForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	form := map[string]string{}
	for _, k := range []string{"title", "body", "department", "link", "version", "effective_from", "effective_to", "publish", "key"} {
		form[k] = strings.Clone(c.FormValue(k))
	}
	in := app.KnowledgeQAInput{Title: form["title"], Body: form["body"], Department: form["department"], Link: form["link"],
		Publish: form["publish"] != "", Version: atoi(form["version"])}
	var bad []haoban.ErrorDetail
	for _, name := range []string{"effective_from", "effective_to"} {
		if form[name] == "" {
			continue
		}
		day, err := time.ParseInLocation(time.DateOnly, form[name], haoban.Beijing)
		if err != nil {
			bad = append(bad, haoban.ErrorDetail{Field: "body." + name, Message: "请按 年-月-日 填写日期"})
			continue
		}
		if name == "effective_from" {
			in.EffectiveFrom = day
		} else {
			in.EffectiveTo = &day
		}
	}
	v := &knowledgePage{Form: form}
	if id != "" {
		cur, history, err := p.App.Knowledge.Get(ctx, request(ctx), id)
		if err != nil {
			return err
		}
		v.Entry, v.History = cur, history
	}
	if len(bad) > 0 {
		return p.showKnowledgeEntry(c, v, "", &haoban.Error{Code: haoban.EINVALID, Field: bad[0].Field,
			Message: bad[0].Message, Details: bad})
	}
	var e haoban.KnowledgeRecord
	var err error
	if id == "" {
		e, err = p.App.Knowledge.CreateQA(ctx, request(ctx), in, form["key"])
	} else {
		e, err = p.App.Knowledge.UpdateQA(ctx, request(ctx), id, in)
	}
	if err != nil {
		return p.showKnowledgeEntry(c, v, "", err)
	}
	return c.Redirect("/admin/knowledge/"+e.ID+"?done=saved", fiber.StatusSeeOther)
}

// endKnowledgeForm stops a question and answer now.
func (p *Pages) endKnowledgeForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	if _, err := p.App.Knowledge.EndQA(ctx, request(ctx), id, atoi(strings.Clone(c.FormValue("version")))); err != nil {
		cur, history, gerr := p.App.Knowledge.Get(ctx, request(ctx), id)
		if gerr != nil {
			return gerr
		}
		return p.showKnowledgeEntry(c, &knowledgePage{Entry: cur, History: history, Form: entryForm(cur)}, "", err)
	}
	return c.Redirect("/admin/knowledge/"+id+"?done=ended", fiber.StatusSeeOther)
}
