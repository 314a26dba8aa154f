// Package catalogue checks a bundle (一件事) before it is published, listing
// every problem at once, each with the path of the field it is about, so
// that an operator fixes them in one pass rather than one per attempt.
package catalogue

import (
	"fmt"
	"slices"

	"haoban"
	"haoban/rules"
)

// Deps is what a bundle is checked against beside itself: the review
// points and link rules in force (from the store in production, from demo
// in tests) and the engine that compiles the points.
type Deps struct {
	Rules     []rules.Rule // rules of items outside the bundle are ignored
	LinkRules []haoban.LinkRule
	Engine    *rules.Engine
}

// problems collects the details of one check.
type problems []haoban.ErrorDetail

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, haoban.ErrorDetail{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check lists every problem with the bundle, or none. Paths are English
// (items[2].depends_on[0], rules[food-licence/manager-id].expression);
// messages are Chinese and name items by name.
func Check(b haoban.Bundle, deps Deps) []haoban.ErrorDetail {
	var p problems
	if b.Code == "" {
		p.add("code", "请填写一件事编码")
	}
	if b.Name == "" {
		p.add("name", "请填写一件事名称")
	}
	if b.PromisedDays <= 0 {
		p.add("promised_days", "一件事的承诺时限应大于 0 个工作日")
	}
	if len(b.Items) == 0 {
		p.add("items", "一件事至少包含一个事项")
	}
	p.checkItems(b)
	p.checkMeta(b)
	graphOK := p.checkGraph(b)
	if graphOK && b.PromisedDays > 0 {
		p.checkChains(b)
	}
	p.checkRules(b, deps)
	p.checkLinkRules(b, deps.LinkRules)
	return p
}

// checkItems checks each item on its own: code, limits, fields, materials.
func (p *problems) checkItems(b haoban.Bundle) {
	first := map[string]int{}
	for i, it := range b.Items {
		at := fmt.Sprintf("items[%d]", i)
		switch j, dup := first[it.Code]; {
		case it.Code == "":
			p.add(at+".code", "请填写事项编码")
		case dup:
			p.add(at+".code", "事项编码与第 %d 个事项「%s」重复", j+1, b.Items[j].Name)
		default:
			first[it.Code] = i
		}
		if it.Name == "" {
			p.add(at+".name", "请填写事项名称")
		}
		if it.PromisedDays <= 0 {
			p.add(at+".promised_days", "「%s」的承诺时限应大于 0 个工作日", it.Name)
		} else if it.PromisedDays > it.LegalDays {
			p.add(at+".promised_days", "「%s」的承诺时限 %d 个工作日超过法定时限 %d 个工作日", it.Name, it.PromisedDays, it.LegalDays)
		}
		for k, r := range it.Reminders {
			if _, _, err := haoban.ParseReminder(r); err != nil {
				p.add(fmt.Sprintf("%s.reminders[%d]", at, k), "提醒时点无法识别：%s", r)
			}
		}
		p.checkFields(at, it)
		p.checkMaterials(at, it)
	}
}

func (p *problems) checkFields(at string, it haoban.Item) {
	seen := map[string]bool{}
	for k, f := range it.Fields {
		fat := fmt.Sprintf("%s.fields[%d]", at, k)
		if f.Key == "" {
			p.add(fat+".key", "请填写字段的规范名")
		} else if seen[f.Key] {
			p.add(fat+".key", "「%s」的表单中字段「%s」出现了两次", it.Name, f.Label)
		}
		seen[f.Key] = true
		if kindOf(f.Type) == "" {
			p.add(fat+".type", "字段「%s」的类型无法识别：%s", f.Label, f.Type)
		}
		if (f.Type == haoban.FieldChoice || f.Type == haoban.FieldChoices) && len(f.Options) == 0 {
			p.add(fat+".options", "选择型字段「%s」没有选项", f.Label)
		}
	}
}

func (p *problems) checkMaterials(at string, it haoban.Item) {
	seen := map[string]bool{}
	for k, m := range it.Materials {
		mat := fmt.Sprintf("%s.materials[%d]", at, k)
		if m.Code == "" {
			p.add(mat+".code", "请填写材料编码")
		} else if seen[m.Code] {
			p.add(mat+".code", "「%s」的材料「%s」出现了两次", it.Name, m.Name)
		}
		seen[m.Code] = true
		if m.Name == "" {
			p.add(mat+".name", "请填写材料名称")
		}
	}
}

// kindOf is how an expression may use a value of a field type ("" for a
// type the form does not know).
func kindOf(t haoban.FieldType) string {
	switch t {
	case haoban.FieldNumber:
		return rules.KindNumber
	case haoban.FieldBool:
		return rules.KindBool
	case haoban.FieldChoices:
		return rules.KindList
	case haoban.FieldText, haoban.FieldDate, haoban.FieldChoice, haoban.FieldIDNumber, haoban.FieldUSCC,
		haoban.FieldPhone, haoban.FieldAddress:
		return rules.KindString
	}
	return ""
}

// kindNames are the kinds as an operator reads them.
var kindNames = map[string]string{rules.KindString: "文本", rules.KindNumber: "数字", rules.KindBool: "是/否", rules.KindList: "多选列表"}

// names joins the names of the items with the codes given.
func names(b haoban.Bundle, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c
		if it, ok := b.Item(c); ok && it.Name != "" {
			out[i] = it.Name
		}
	}
	return out
}

// index is the position of the item with the code, or -1.
func index(b haoban.Bundle, code string) int {
	return slices.IndexFunc(b.Items, func(it haoban.Item) bool { return it.Code == code })
}
