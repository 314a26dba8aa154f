package rules_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"haoban/rules"
)

// restaurantRules are 50 review points of the open-restaurant bundle, of
// the kinds departments write: checks of codes, ages, consistency between
// the form, the scans, the registries and the licences, and conditions on
// areas, lists and dates.
var restaurantRules = []struct {
	item, expression string
	warning          bool
}{
	{"business-licence", `valid_uscc(form["enterprise.uscc"])`, false},
	{"business-licence", `valid_id_number(form["legal_rep.id_number"])`, false},
	{"business-licence", `age_on(form["legal_rep.id_number"], today) >= 18`, false},
	{"business-licence", `matches("legal_rep.id_number", "shareholder-id.id_number")`, false},
	{"business-licence", `matches("legal_rep.name", "shareholder-id.name")`, false},
	{"business-licence", `matches("enterprise.uscc", "business_licence_scan.uscc")`, false},
	{"business-licence", `matches("enterprise.name", "business_licence_scan.name")`, false},
	{"business-licence", `form["enterprise.capital"] > 0.0`, false},
	{"business-licence", `form["enterprise.type"] in ["有限责任公司", "个人独资企业", "个体工商户", "合伙企业"]`, false},
	{"business-licence", `form["enterprise.name"].startsWith("上海")`, false},
	{"business-licence", `in_district(form["enterprise.address"], "310115")`, false},
	{"business-licence", `form["enterprise.scope"].contains("餐饮")`, false},
	{"business-licence", `materials["company-application"].present`, false},
	{"business-licence", `materials["articles"].present || materials["articles"].exempted`, false},
	{"business-licence", `materials["premises-proof"].present || materials["premises-proof"].exempted`, false},
	{"business-licence", `sources["enterprise.name"] == form["enterprise.name"]`, true},
	{"business-licence", `form["legal_rep.phone"].matches("^1[3-9][0-9]{9}$")`, false},
	{"business-licence", `!("enterprise.shareholders" in form) || form["enterprise.shareholders"].size() > 0`, false},
	{"food-licence", `licence_valid("business")`, false},
	{"food-licence", `licence_field("business", "holder") == form["enterprise.uscc"]`, false},
	{"food-licence", `form["premises.area"] >= 20.0`, false},
	{"food-licence", `form["food.categories"].size() > 0`, false},
	{"food-licence", `!("生食类" in form["food.categories"]) || form["premises.area"] >= 50.0`, false},
	{"food-licence", `form["food.categories"].all(c, c in ["热食类", "冷食类", "生食类", "自制饮品"])`, false},
	{"food-licence", `valid_id_number(form["food.safety_manager_id"])`, false},
	{"food-licence", `age_on(form["food.safety_manager_id"], today) >= 18`, false},
	{"food-licence", `form["premises.address"] == form["enterprise.address"]`, true},
	{"food-licence", `in_district(form["premises.address"], "310115")`, false},
	{"food-licence", `date(form["lease.end"]) > today`, false},
	{"food-licence", `working_days_between(today, date(form["lease.end"])) >= 20`, false},
	{"food-licence", `materials["layout"].present`, false},
	{"food-licence", `materials["food-safety-rules"].present`, false},
	{"food-licence", `materials["food-manager-proof"].present || materials["food-manager-proof"].exempted`, false},
	{"food-licence", `!licence_valid("food") || licence_field("food", "scope").contains("餐饮")`, false},
	{"food-licence", `!("food.staff" in form) || form["food.staff"] >= 1.0`, false},
	{"food-licence", `licences.all(l, l.status != "revoked")`, false},
	{"fire-check", `form["venue.exits"] >= 2.0`, false},
	{"fire-check", `form["venue.max_occupancy"] <= form["premises.area"] * 2.0`, false},
	{"fire-check", `form["venue.floors"] >= 1.0`, false},
	{"fire-check", `"灭火器" in form["venue.fire_facilities"]`, false},
	{"fire-check", `form["premises.area"] < 300.0 || "自动喷水灭火系统" in form["venue.fire_facilities"]`, false},
	{"fire-check", `materials["fire-application"].present`, false},
	{"fire-check", `materials["floor-plan"].present`, false},
	{"fire-check", `materials["fire-plan"].present`, false},
	{"signage", `form["sign.size"].matches("^[0-9.]+×[0-9.]+$")`, false},
	{"signage", `!("sign.lighting" in form) || !form["sign.lighting"] || materials["sign-design"].present`, false},
	{"signage", `materials["sign-design"].present`, false},
	{"drainage", `form["drainage.volume"] < 100.0`, false},
	{"drainage", `form["drainage.grease_trap"] == true`, false},
	{"drainage", `sources["enterprise.employees"] >= 1.0`, true},
}

// benchInput is the restaurant application with every field and material
// the 50 rules read.
func benchInput(tb testing.TB) rules.Input {
	in := restaurant(tb)
	for k, v := range map[string]any{
		"enterprise.capital": 50.0, "enterprise.type": "有限责任公司", "legal_rep.phone": "13812345678",
		"enterprise.shareholders": "李娜", "food.safety_manager_id": "310106198506154027",
		"venue.max_occupancy": 60.0, "venue.floors": 1.0, "venue.fire_facilities": []any{"火灾自动报警系统", "灭火器"},
		"sign.size": "4×0.8", "sign.lighting": true, "drainage.volume": 3.5, "drainage.grease_trap": true,
	} {
		in.Form[k] = v
	}
	for _, code := range []string{"company-application", "articles", "food-safety-rules", "food-manager-proof",
		"fire-application", "floor-plan", "fire-plan", "sign-design"} {
		in.Materials[code] = rules.Material{Code: code, Present: true}
	}
	return in
}

// BenchmarkPrereview measures one full pre-review: 50 rules, compiled
// beforehand as the engine's cache would hold them, over one application.
func BenchmarkPrereview(b *testing.B) {
	e := newEngine(b)
	rs := make([]rules.Rule, len(restaurantRules))
	for i, r := range restaurantRules {
		rs[i] = rule(r.expression)
		rs[i].ID, rs[i].Code, rs[i].Item = fmt.Sprintf("rule-%02d", i), fmt.Sprintf("R%02d", i), r.item
		if r.warning {
			rs[i].Severity = rules.SeverityWarning
		}
		if err := e.Compile(rs[i]); err != nil {
			b.Fatalf("%s: %v", r.expression, err)
		}
	}
	in := benchInput(b)
	if rep := e.Evaluate(rs, in); !rep.Passed || rep.Warnings != 0 || len(rep.Results) != len(rs) {
		for _, res := range rep.Results {
			if res.Outcome != rules.OutcomePassed {
				b.Logf("%s %s: %s %s", res.Rule, rs[slices.IndexFunc(rs, func(r rules.Rule) bool { return r.Code == res.Rule })].Expression, res.Outcome, res.Error)
			}
		}
		b.Fatalf("the fixture should pass every rule: blocking %d, warnings %d", rep.Blocking, rep.Warnings)
	}

	durations := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		e.Evaluate(rs, in)
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()

	var total time.Duration
	for _, d := range durations {
		total += d
	}
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2])/1e3, "p50-µs")
	b.ReportMetric(float64(durations[len(durations)*99/100])/1e3, "p99-µs")
	b.ReportMetric(float64(len(rs)*len(durations))/total.Seconds(), "rules/s")
}
