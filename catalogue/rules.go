package catalogue

import (
	"fmt"
	"slices"

	"haoban"
)

// checkRules compiles and cost-checks each review point of the bundle's
// items, and holds what its expression names against the bundle's one
// form and one set of materials: a point of one item may read another
// item's field (the food licence reads the business scope), never a field
// nobody is asked for.
func (p *problems) checkRules(b haoban.Bundle, deps Deps) {
	fields := map[string]haoban.Field{}
	for _, f := range b.Fields() {
		fields[f.Key] = f
	}
	materials := map[string]bool{}
	for _, m := range b.Materials() {
		materials[m.Code] = true
	}
	if deps.Engine == nil {
		return
	}
	for _, r := range deps.Rules {
		if index(b, r.Item) < 0 {
			continue
		}
		at := fmt.Sprintf("rules[%s/%s].", r.Item, r.Code)
		if err := deps.Engine.Compile(r); err != nil {
			details := haoban.ErrorDetails(err)
			if len(details) == 0 {
				details = []haoban.ErrorDetail{{Field: "expression", Message: haoban.ErrorMessage(err)}}
			}
			for _, d := range details {
				p.add(at+d.Field, "%s", d.Message)
			}
			continue
		}
		refs, err := deps.Engine.References(r.Expression)
		if err != nil {
			p.add(at+"expression", "%s", err.Error())
			continue
		}
		var reported []string
		for _, u := range refs.Fields {
			f, ok := fields[u.Key]
			switch {
			case slices.Contains(reported, u.Key):
			case !ok:
				p.add(at+"expression", "表达式引用的字段 %s 不在一件事的表单中", u.Key)
				reported = append(reported, u.Key)
			case u.As != "" && kindOf(f.Type) != "" && u.As != kindOf(f.Type):
				p.add(at+"expression", "字段「%s」是%s，表达式却把它当作%s使用", f.Label, kindNames[kindOf(f.Type)], kindNames[u.As])
				reported = append(reported, u.Key)
			}
		}
		for _, m := range refs.Materials {
			if !materials[m] && !slices.Contains(reported, "materials/"+m) {
				p.add(at+"expression", "表达式引用的材料 %s 不在一件事的材料清单中", m)
				reported = append(reported, "materials/"+m)
			}
		}
	}
}

// checkLinkRules checks the link rules of the licence types the bundle
// issues: each is well formed, and each field it embeds is one the
// bundle's form asks for, or a change could never reach the licence.
func (p *problems) checkLinkRules(b haoban.Bundle, links []haoban.LinkRule) {
	fields := map[string]bool{}
	for _, f := range b.Fields() {
		fields[f.Key] = true
	}
	for _, l := range links {
		if !slices.ContainsFunc(b.Items, func(it haoban.Item) bool { return it.Licence != "" && it.Licence == l.LicenceType }) {
			continue
		}
		at := fmt.Sprintf("link_rules[%s].", l.LicenceType)
		for _, d := range haoban.ErrorDetails(l.Validate()) {
			p.add(at+d.Field, "%s", d.Message)
		}
		keys := make([]string, 0, len(l.Fields))
		for k := range l.Fields {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !fields[k] {
				p.add(at+"fields."+k, "联动规则引用的字段 %s 不在一件事的表单中", k)
			}
		}
	}
}
