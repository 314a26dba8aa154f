package catalogue_test

import (
	"slices"
	"strings"
	"testing"

	"haoban"
	"haoban/catalogue"
	"haoban/demo"
	"haoban/rules"
)

func deps(t *testing.T) catalogue.Deps {
	t.Helper()
	engine, err := rules.New(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return catalogue.Deps{Rules: demo.Rules(), LinkRules: demo.LinkRules(), Engine: engine}
}

func TestDemoBundlesAreClean(t *testing.T) {
	d := deps(t)
	for _, b := range demo.Bundles() {
		if got := catalogue.Check(b, d); len(got) != 0 {
			t.Errorf("%s: %v", b.Code, got)
		}
	}
}

// ruleOn replaces the expression of a demo rule.
func ruleOn(d *catalogue.Deps, item, code, expr string) {
	for i, r := range d.Rules {
		if r.Item == item && r.Code == code {
			d.Rules[i].Expression = expr
		}
	}
}

func TestCheckListsEachProblem(t *testing.T) {
	type want struct{ field, says string }
	cases := []struct {
		name   string
		break_ func(b *haoban.Bundle, d *catalogue.Deps)
		want   []want
	}{
		{"DuplicateItemCode", func(b *haoban.Bundle, _ *catalogue.Deps) { b.Items[2].Code = "food-licence" },
			[]want{{"items[2].code", "重复"}}},
		{"UnknownDependency", func(b *haoban.Bundle, _ *catalogue.Deps) { b.Items[2].DependsOn = []string{"nowhere"} },
			[]want{{"items[2].depends_on[0]", "nowhere"}}},
		{"Cycle", func(b *haoban.Bundle, _ *catalogue.Deps) { b.Items[0].DependsOn = []string{"food-licence"} },
			[]want{{"items[0].depends_on", "营业执照（设立登记） → 食品经营许可证 → 营业执照（设立登记）"}}},
		{"SelfDependency", func(b *haoban.Bundle, _ *catalogue.Deps) { b.Items[3].DependsOn = []string{"signage"} },
			[]want{{"items[3].depends_on", "户外招牌设置 → 户外招牌设置"}}},
		{"PromisedOverLegal", func(b *haoban.Bundle, _ *catalogue.Deps) { b.Items[1].PromisedDays = 21 },
			[]want{{"items[1].promised_days", "超过法定时限 20"}, {"promised_days", "1 + 21 = 22"}}},
		{"PromisedZero", func(b *haoban.Bundle, _ *catalogue.Deps) { b.Items[4].PromisedDays = 0 },
			[]want{{"items[4].promised_days", "大于 0"}}},
		{"ChainOverBundlePromise", func(b *haoban.Bundle, _ *catalogue.Deps) { b.PromisedDays = 6 },
			[]want{{"promised_days", "营业执照（设立登记） → 公众聚集场所投入使用、营业前消防安全检查」的承诺时限合计 1 + 7 = 8"}}},
		{"RuleDoesNotCompile", func(_ *haoban.Bundle, d *catalogue.Deps) { ruleOn(d, "food-licence", "manager-id", `valid_id_number(`) },
			[]want{{"rules[food-licence/manager-id].expression", "无法编译"}}},
		{"RuleNotBool", func(_ *haoban.Bundle, d *catalogue.Deps) { ruleOn(d, "signage", "size", `form["sign.size"] + "m"`) },
			[]want{{"rules[signage/size].expression", "结果应为 bool"}}},
		{"RuleUnknownField", func(_ *haoban.Bundle, d *catalogue.Deps) {
			ruleOn(d, "drainage", "volume", `form["drainage.volum"] > 0.0`)
		}, []want{{"rules[drainage/volume].expression", "drainage.volum"}}},
		{"RuleWrongFieldType", func(_ *haoban.Bundle, d *catalogue.Deps) {
			ruleOn(d, "fire-check", "exits", `form["venue.exits"].startsWith("2")`)
		}, []want{{"rules[fire-check/exits].expression", "「安全出口数量」是数字，表达式却把它当作文本使用"}}},
		{"RuleUnknownMaterial", func(_ *haoban.Bundle, d *catalogue.Deps) {
			ruleOn(d, "signage", "design", `"sign-drawing" in materials && materials["sign-drawing"].present`)
		}, []want{{"rules[signage/design].expression", "sign-drawing"}}},
		{"RuleMaterialOfMatches", func(_ *haoban.Bundle, d *catalogue.Deps) {
			ruleOn(d, "business-licence", "legal-rep-id-scan", `matches("legal_rep.id_number", "rep-id.id_number")`)
		}, []want{{"rules[business-licence/legal-rep-id-scan].expression", "rep-id"}}},
		{"LinkRuleUnknownField", func(_ *haoban.Bundle, d *catalogue.Deps) {
			d.LinkRules[1].Fields["sign.owner"] = haoban.LinkAuto
		}, []want{{"link_rules[signage-permit].fields.sign.owner", "sign.owner"}}},
		{"LinkRuleBadHandling", func(_ *haoban.Bundle, d *catalogue.Deps) {
			d.LinkRules[1].Fields["enterprise.name"] = "sometimes"
		}, []want{{"link_rules[signage-permit].fields.enterprise.name", "auto、review 或 none"}}},
		{"MaterialWithoutCode", func(b *haoban.Bundle, _ *catalogue.Deps) { b.Items[1].Materials[3].Code = "" },
			[]want{{"items[1].materials[3].code", "材料编码"}}},
		{"SeveralAtOnce", func(b *haoban.Bundle, d *catalogue.Deps) {
			b.Items[2].DependsOn = []string{"business-licence", "nowhere"}
			b.Items[3].PromisedDays = 30
			ruleOn(d, "food-licence", "area", `form["premises.size"] >= 20.0`)
		}, []want{{"items[2].depends_on[1]", "nowhere"}, {"items[3].promised_days", "法定时限"},
			{"rules[food-licence/area].expression", "premises.size"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, d := demo.OpenRestaurant(), deps(t)
			tc.break_(&b, &d)
			got := catalogue.Check(b, d)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems, want %d: %v", len(got), len(tc.want), got)
			}
			for _, w := range tc.want {
				if !slices.ContainsFunc(got, func(p haoban.ErrorDetail) bool {
					return p.Field == w.field && strings.Contains(p.Message, w.says)
				}) {
					t.Errorf("no problem at %s saying %q in %v", w.field, w.says, got)
				}
			}
		})
	}
}

func TestCheckEmptyBundle(t *testing.T) {
	got := catalogue.Check(haoban.Bundle{}, deps(t))
	var fields []string
	for _, p := range got {
		fields = append(fields, p.Field)
	}
	if !slices.Equal(fields, []string{"code", "name", "promised_days", "items"}) {
		t.Fatalf("problems of an empty bundle = %v", got)
	}
}

func TestCheckMeta(t *testing.T) {
	b := demo.OpenRestaurant()
	b.For, b.Lead = "everyone", "police"
	b.Items = append([]haoban.Item(nil), b.Items...)
	b.Items[0].Type, b.Items[0].Channel = "permit", "fax"
	b.Items[0].Fields = append([]haoban.Field(nil), b.Items[0].Fields...)
	b.Items[0].Fields[0].Pattern = "[a-"
	b.Items[1].Materials = append([]haoban.Material(nil), b.Items[1].Materials...)
	b.Items[1].Materials[0].Provider, b.Items[1].Materials[0].Template = haoban.ProvidedGenerated, ""
	b.Items[1].Materials[1].Provider = "neighbour"
	b.Items[1].Materials[2].Provider, b.Items[1].Materials[2].Template = haoban.ProvidedGenerated, "经营者：{{enterprise.nmae}}"
	b.Items[2].Department = ""
	got := map[string]bool{}
	for _, d := range catalogue.Check(b, catalogue.Deps{}) {
		got[d.Field] = true
	}
	for _, want := range []string{"for", "lead", "items[0].type", "items[0].channel", "items[0].fields[0].pattern",
		"items[1].materials[0].template", "items[1].materials[1].provider", "items[1].materials[2].template", "items[2].department"} {
		if !got[want] {
			t.Errorf("no problem reported at %s (got %v)", want, got)
		}
	}
}
