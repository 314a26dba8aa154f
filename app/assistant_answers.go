package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"haoban"
	"haoban/intent"
)

// policyCheckSource is the 政策体检 page, the source of a policy answer
// read from the asker's own check.
var policyCheckSource = Source{Title: "政策体检", Link: "/policies/check"}

// query is a question being answered, with the model that classified it.
type query struct {
	text  string
	at    time.Time
	model intent.Model
}

// search returns the entries of the kinds that answer the question, best
// first. The knowledge base's ranking is adjusted by the labelled
// training questions like the one asked: an entry that answers them gains
// by their similarity. When the knowledge base finds nothing for the
// words asked, it is asked again in the words of the most similar
// training question (开个早餐店 → 开个快餐店), so that a paraphrase it has
// no synonym for still finds the entry. The answer is always an entry the
// knowledge base returned, scoring at least MinScore.
func (s *Assistant) search(ctx context.Context, q query, kinds ...haoban.KnowledgeKind) ([]haoban.KnowledgeHit, error) {
	like := q.model.Similar(q.text, likeShown, likeFloor)
	hits, err := s.Knowledge.Search(ctx, haoban.KnowledgeQuery{Text: q.text, Kinds: kinds, Limit: searchDepth, At: q.at})
	if err != nil {
		return nil, err
	}
	if len(like) > 0 && like[0].Similarity >= rephraseFloor && !slices.ContainsFunc(hits, func(h haoban.KnowledgeHit) bool { return h.Score >= s.minScore() }) {
		if hits, err = s.Knowledge.Search(ctx, haoban.KnowledgeQuery{Text: like[0].Text, Kinds: kinds, Limit: searchDepth, At: q.at}); err != nil {
			return nil, err
		}
	}
	for i := range hits {
		for _, m := range like {
			if slices.Contains(m.Refs, hits[i].Ref) {
				hits[i].Score += likeWeight * m.Similarity
				break // like is most similar first
			}
		}
	}
	slices.SortStableFunc(hits, func(a, b haoban.KnowledgeHit) int { return cmp.Compare(b.Score, a.Score) })
	var out []haoban.KnowledgeHit
	for _, h := range hits {
		if h.Score >= s.minScore() && len(out) < sourcesShown {
			out = append(out, h)
		}
	}
	return out, nil
}

// fromKnowledge answers with the best entry of the kinds; a bundle or an
// item comes with the button that starts a draft of its bundle, for an
// applicant.
func (s *Assistant) fromKnowledge(ctx context.Context, r Request, q query, a *Answer, kinds ...haoban.KnowledgeKind) (bool, error) {
	hits, err := s.search(ctx, q, kinds...)
	if err != nil || len(hits) == 0 {
		return false, err
	}
	top := hits[0]
	a.Kind = string(a.Intent)
	a.Text = fmt.Sprintf("「%s」：%s", top.Title, top.Excerpt)
	a.Sources = sourcesOf(hits)
	if (top.Kind == haoban.KnowledgeBundle || top.Kind == haoban.KnowledgeItem) && top.Bundle != "" &&
		can(s.Authz, r.User, r.User.Department, "draft", "write") {
		a.Start = &StartDraft{Action: "/drafts", Bundle: top.Bundle}
		if top.Kind == haoban.KnowledgeBundle {
			a.Start.Name = top.Title
		}
	}
	return true, nil
}

func sourcesOf(hits []haoban.KnowledgeHit) []Source {
	out := make([]Source, 0, len(hits))
	for _, h := range hits {
		out = append(out, Source{Title: h.Title, Link: h.Link, Kind: h.Kind, Ref: h.Ref})
	}
	return out
}

// policy answers from the policy's entry and the asker's own 政策体检:
// whether they qualify for the policy asked about, or, when the question
// names none, what the check found.
func (s *Assistant) policy(ctx context.Context, r Request, q query, a *Answer) (bool, error) {
	hits, err := s.search(ctx, q, haoban.KnowledgePolicy)
	if err != nil {
		return false, err
	}
	report, checked, err := s.checkMe(ctx, r)
	if err != nil {
		return false, err
	}
	a.Kind = string(intent.Policy)
	a.Sources = sourcesOf(hits)
	switch {
	case len(hits) > 0 && checked:
		a.Text = fmt.Sprintf("「%s」：%s", hits[0].Title, policyVerdict(report, hits[0].Ref))
		a.Sources = append(a.Sources, policyCheckSource)
	case len(hits) > 0:
		a.Text = fmt.Sprintf("「%s」：%s。您是否符合条件，可用办事群众账号登录后在“政策体检”查看。", hits[0].Title, hits[0].Excerpt)
	case checked:
		a.Text = checkSummary(report)
		a.Sources = append(a.Sources, policyCheckSource)
	default:
		return false, nil
	}
	return true, nil
}

// checkMe runs the asker's 政策体检; false when they cannot have one
// (staff, or an account without a verified identity).
func (s *Assistant) checkMe(ctx context.Context, r Request) (PolicyCheckReport, bool, error) {
	if s.Policies == nil {
		return PolicyCheckReport{}, false, nil
	}
	report, err := s.Policies.CheckMe(ctx, r)
	if code := haoban.ErrorCode(err); code == haoban.EFORBIDDEN || code == haoban.ENOTFOUND {
		return PolicyCheckReport{}, false, nil
	}
	return report, err == nil, err
}

// policyVerdict is what the check says of one policy, for each subject it was
// answered for.
func policyVerdict(rep PolicyCheckReport, code string) string {
	var parts []string
	for _, c := range rep.Qualified {
		if c.Policy == code {
			parts = append(parts, fmt.Sprintf("根据政策体检，%s符合条件，金额 %.2f 元，%s。", c.Subject, c.Amount, c.Delivery))
		}
	}
	for _, c := range rep.ApplyFor {
		if c.Policy == code {
			parts = append(parts, fmt.Sprintf("根据政策体检，%s的条件需要申请时核实：%s", c.Subject, c.Apply.Text))
		}
	}
	for _, c := range rep.NotYet {
		if c.Policy == code {
			parts = append(parts, fmt.Sprintf("根据政策体检，%s暂不符合：%s。", c.Subject, strings.Join(c.Failed, "；")))
		}
	}
	if len(parts) == 0 {
		return "这项政策不适用于您（例如只面向企业，而您不是企业的法定代表人）。"
	}
	return strings.Join(parts, "")
}

// checkSummary is what the check found across the policies in force.
func checkSummary(rep PolicyCheckReport) string {
	names := func(cs []haoban.PolicyCheck) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return strings.Join(out, "、")
	}
	switch {
	case len(rep.Qualified) > 0 && len(rep.ApplyFor) > 0:
		return fmt.Sprintf("根据政策体检，您符合 %d 项政策：%s；另有 %d 项需要申请核实：%s。", len(rep.Qualified), names(rep.Qualified), len(rep.ApplyFor), names(rep.ApplyFor))
	case len(rep.Qualified) > 0:
		return fmt.Sprintf("根据政策体检，您符合 %d 项政策：%s。", len(rep.Qualified), names(rep.Qualified))
	case len(rep.ApplyFor) > 0:
		return fmt.Sprintf("根据政策体检，您暂无直接符合的政策；%d 项需要申请核实：%s。", len(rep.ApplyFor), names(rep.ApplyFor))
	}
	return "根据政策体检，您目前暂不符合正在施行的政策，详情可在政策体检中查看每项缺少的条件。"
}

// status tells an applicant where their own newest case stands; it reads
// only cases whose applicant is the asker, so it never shows another's.
// Staff get a pointer to their own pages instead.
func (s *Assistant) status(ctx context.Context, r Request, a *Answer) (bool, error) {
	a.Kind = string(intent.Status)
	if !can(s.Authz, r.User, r.User.Department, "case", "read_own") || r.User.ID == "" {
		a.Text = "办件进度只向申请人本人显示。工作人员请在“待办任务”或“经办办件”中查看办件。"
		return true, nil
	}
	cases, err := s.Cases.ListCases(ctx, haoban.CaseFilter{Applicant: r.User.ID, Limit: 1})
	if err != nil {
		return false, err
	}
	if len(cases) == 0 || cases[0].Applicant != r.User.ID {
		a.Text = "您还没有提交过办件。提交后可以随时问我进度，也可以在“我的办件”查看。"
		a.Sources = []Source{{Title: "我的办件", Link: "/cases"}}
		return true, nil
	}
	c := summaryOf(cases[0], true)
	if c.NextStep == "" {
		c.NextStep = "请在“我的办件”查看详情"
	}
	a.Text = fmt.Sprintf("您最新的办件「%s」（编号 %s，%s 提交）：%s。", c.BundleName, c.ID,
		c.SubmittedAt.In(haoban.Beijing).Format("2006年1月2日"), c.NextStep)
	a.Sources = []Source{{Title: "办件「" + c.BundleName + "」", Link: "/cases/" + c.ID}}
	return true, nil
}
