package postgres

import (
	"fmt"
	"strings"
	"unicode"

	"haoban"
	"haoban/rules"
)

// The words of the built entries: what a person reading the guide would
// ask about, one fact a line, so that a search's excerpt is one line.

// bundleEntries are a bundle's guide, each item's guide and each
// material's entry.
func bundleEntries(b haoban.Bundle, depts map[string]string) []haoban.KnowledgeEntry {
	link := "/guide/" + b.Code
	var lines []string
	if b.Summary != "" {
		lines = append(lines, b.Summary)
	}
	names := make([]string, len(b.Items))
	for i, it := range b.Items {
		names[i] = it.Name
	}
	lines = append(lines, "包含事项："+strings.Join(names, "、"),
		fmt.Sprintf("承诺时限：%d 个工作日办结", b.PromisedDays))
	if b.Stage != "" {
		lines = append(lines, "阶段："+b.Stage)
	}
	if d := depts[b.Lead]; d != "" {
		lines = append(lines, "牵头部门："+d)
	}
	out := []haoban.KnowledgeEntry{{Kind: haoban.KnowledgeBundle, Ref: b.Code, Title: b.Name,
		Body: strings.Join(lines, "\n"), Department: b.Lead, Bundle: b.Code, Link: link}}
	for _, it := range b.Items {
		out = append(out, itemEntry(b, it, depts))
		for _, m := range it.Materials {
			out = append(out, materialEntry(b, it, m))
		}
	}
	return out
}

func itemEntry(b haoban.Bundle, it haoban.Item, depts map[string]string) haoban.KnowledgeEntry {
	lines := []string{fmt.Sprintf("「%s」是「%s」中的事项，由%s办理", it.Name, b.Name, deptName(depts, it.Department))}
	if len(it.Conditions) > 0 {
		lines = append(lines, "受理条件："+strings.Join(it.Conditions, "；"))
	}
	if len(it.Materials) > 0 {
		ms := make([]string, len(it.Materials))
		for i, m := range it.Materials {
			ms[i] = m.Name
		}
		lines = append(lines, "申请材料："+strings.Join(ms, "、"))
	}
	fee := it.Fee
	if fee == "" {
		fee = "不收费"
	}
	lines = append(lines, "收费："+fee)
	limit := fmt.Sprintf("办理时限：承诺 %d 个工作日", it.PromisedDays)
	if it.LegalDays > 0 {
		limit += fmt.Sprintf("，法定 %d 个工作日", it.LegalDays)
	}
	if it.Instant {
		limit += "，符合条件的即报即批（秒批）"
	}
	lines = append(lines, limit)
	if it.LicenceName != "" {
		lines = append(lines, "办结后颁发："+it.LicenceName)
	}
	if it.Where != "" {
		lines = append(lines, "办理地点："+it.Where)
	}
	if it.Channel != "" {
		lines = append(lines, "办理渠道："+it.Channel.Name())
	}
	if len(it.LegalBasis) > 0 {
		lines = append(lines, "设定依据："+strings.Join(it.LegalBasis, "；"))
	}
	return haoban.KnowledgeEntry{Kind: haoban.KnowledgeItem, Ref: b.Code + "/" + it.Code, Title: it.Name,
		Body: strings.Join(lines, "\n"), Department: it.Department, Bundle: b.Code, Item: it.Code,
		Link: "/guide/" + b.Code + "/" + it.Code}
}

func materialEntry(b haoban.Bundle, it haoban.Item, m haoban.Material) haoban.KnowledgeEntry {
	lines := []string{fmt.Sprintf("「%s」是「%s」（%s）的申请材料", m.Name, it.Name, b.Name)}
	switch {
	case m.Provider == haoban.ProvidedByDepartment:
		lines = append(lines, "由部门调取，无需申请人提交")
	case m.Provider == haoban.ProvidedGenerated:
		lines = append(lines, "根据申请表自动生成，无需另行准备")
	case m.Required:
		lines = append(lines, "必须提交")
	default:
		lines = append(lines, "按情况提交，非必需")
	}
	if m.Original {
		lines = append(lines, "需要原件：到窗口时出示原件核验")
	} else {
		lines = append(lines, "不需要原件：提交复印件或扫描件即可")
	}
	if m.Electronic {
		lines = append(lines, "网上办理可提交电子版")
	}
	if m.Count > 1 {
		lines = append(lines, fmt.Sprintf("份数：%d 份", m.Count))
	}
	if len(m.Types) == 1 && m.Types[0] == "application/pdf" {
		lines = append(lines, "上传格式：仅限 PDF")
	}
	if m.Licence != "" || m.Registry != "" {
		lines = append(lines, "已有有效电子证照或登记记录的，免于提交")
	}
	if m.Blank != "" {
		lines = append(lines, "空白表格："+m.Blank)
	}
	if m.Example != "" {
		lines = append(lines, "示范文本："+m.Example)
	}
	return haoban.KnowledgeEntry{Kind: haoban.KnowledgeMaterial, Ref: it.Code + "/" + m.Code, Title: m.Name,
		Body: strings.Join(lines, "\n"), Department: it.Department, Bundle: b.Code, Item: it.Code,
		Link: "/guide/" + b.Code + "/" + it.Code}
}

// ruleEntry is a review point in words: what it checks and how to fix it.
// it is the rule's item as last published (zero when none is).
func ruleEntry(r rules.Rule, it haoban.Item) haoban.KnowledgeEntry {
	title := r.Message
	lines := []string{"审查要点：" + r.Message}
	if it.Name != "" {
		lines = append(lines, "适用事项："+it.Name)
	}
	if r.Hint != "" {
		lines = append(lines, "怎么办："+r.Hint)
	}
	if r.LegalBasis != "" {
		lines = append(lines, "依据："+r.LegalBasis)
	}
	return haoban.KnowledgeEntry{Kind: haoban.KnowledgeRule, Ref: r.ID, Title: title, Body: strings.Join(lines, "\n"),
		Department: it.Department, Item: r.Item}
}

func policyEntry(p haoban.Policy, depts map[string]string) haoban.KnowledgeEntry {
	lines := []string{fmt.Sprintf("「%s」是%s的%s，免申即享：符合条件的由系统从数据中找到，无需申请",
		p.Name, deptName(depts, p.Department), p.Type.Name())}
	if len(p.Conditions) > 0 {
		conds := make([]string, 0, len(p.Conditions))
		for _, c := range p.Conditions {
			if c.Message != "" {
				conds = append(conds, c.Message)
			}
		}
		if len(conds) > 0 {
			lines = append(lines, "享受条件（不符合时的说明）："+strings.Join(conds, "；"))
		}
	}
	if d := p.Delivery.Name(); d != "" {
		lines = append(lines, "兑付方式："+d)
	}
	if len(p.LegalBasis) > 0 {
		lines = append(lines, "政策依据："+strings.Join(p.LegalBasis, "；"))
	}
	if p.Route.Text != "" {
		lines = append(lines, "数据找不到您时："+p.Route.Text)
	}
	lines = append(lines, "可在「政策体检」中查看自己能否享受")
	link := p.Route.Link
	if link == "" {
		link = "/policies/check"
	}
	return haoban.KnowledgeEntry{Kind: haoban.KnowledgePolicy, Ref: p.Code, Title: p.Name, Body: strings.Join(lines, "\n"),
		Department: p.Department, Link: link}
}

func deptName(depts map[string]string, code string) string {
	if n := depts[code]; n != "" {
		return n
	}
	return code
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
