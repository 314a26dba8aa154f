package rules_test

import (
	"testing"
	"time"

	"haoban"
	"haoban/rules"
)

// Codes the tests rely on; TestFixtures checks them against the root
// package's validators.
const (
	validID   = "11010519491231002X" // born 1949-12-31, the GB 11643 example
	validUSCC = "91350100M000100Y43"
)

// day is midnight of a "2006-01-02" date in Beijing.
func day(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation(time.DateOnly, s, haoban.Beijing)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// newEngine returns an engine whose working days are Monday to Friday, a
// stand-in for the calendar package.
func newEngine(tb testing.TB) *rules.Engine {
	tb.Helper()
	e, err := rules.New(rules.Options{WorkingDays: weekdaysBetween})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// weekdaysBetween counts Mondays to Fridays after from up to and
// including to, as calendar.WorkingDaysBetween would without holidays.
func weekdaysBetween(from, to time.Time) (int, error) {
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			n++
		}
	}
	return n, nil
}

// rule is a blocking rule in force since 2020 with the given expression;
// its code is the expression, so a failure message names it.
func rule(expression string) rules.Rule {
	return rules.Rule{
		ID: "r-" + expression, Item: "food-licence", Code: expression, Expression: expression,
		Message: "不符合要求", Severity: rules.SeverityBlocking,
		EffectiveFrom: time.Date(2020, 1, 1, 0, 0, 0, 0, haoban.Beijing), Version: 1,
	}
}

// restaurant is an application to open a restaurant in Pudong, as the
// demo bundle would receive it, judged on 2026-05-06 (a Wednesday).
func restaurant(tb testing.TB) rules.Input {
	tb.Helper()
	return rules.Input{
		Form: map[string]any{
			"enterprise.name":     "上海好味餐饮有限公司",
			"enterprise.uscc":     validUSCC,
			"enterprise.address":  "上海市浦东新区张杨路500号1层",
			"enterprise.scope":    "餐饮服务；食品销售",
			"person.id_number":    validID,
			"legal_rep.id_number": validID,
			"legal_rep.name":      "李娜",
			"premises.address":    "上海市浦东新区张杨路500号1层",
			"premises.area":       120.0,
			"lease.end":           "2028-04-30",
			"food.categories":     []any{"热食类", "自制饮品"},
			"venue.exits":         2.0,
			"remark":              "",
		},
		Materials: map[string]rules.Material{
			"shareholder-id": {Code: "shareholder-id", Present: true,
				Fields: map[string]string{"id_number": validID, "name": "李娜"}},
			"business_licence_scan": {Code: "business_licence_scan", Present: true,
				Fields: map[string]string{"uscc": " 91350100m000100y43 ", "name": "上海好味餐饮有限公司"}},
			"layout":         {Code: "layout", Present: true},
			"premises-proof": {Code: "premises-proof", Exempted: true},
			"fire-plan":      {Code: "fire-plan"},
		},
		Applicant: map[string]any{"id_number": validID, "name": "李娜", "uscc": validUSCC},
		Sources:   map[string]any{"enterprise.name": "上海好味餐饮有限公司", "enterprise.employees": 12.0},
		Licences: []rules.Licence{
			{Type: "food", Number: "JY13101150000001", Holder: validUSCC, Status: "valid",
				ValidFrom: day(tb, "2021-06-01"), ValidTo: day(tb, "2026-06-01"),
				Fields: map[string]string{"scope": "热食类食品制售；自制饮品制售（餐饮服务）"}},
			{Type: "food", Number: "JY13101150000000", Holder: validUSCC, Status: "superseded",
				ValidFrom: day(tb, "2016-06-01"), ValidTo: day(tb, "2021-06-01"),
				Fields: map[string]string{"scope": "冷食类食品制售"}},
			{Type: "business", Number: validUSCC, Holder: validUSCC, Status: "valid",
				ValidFrom: day(tb, "2021-05-20")},
		},
		Today: day(tb, "2026-05-06").Add(10 * time.Hour),
	}
}

// outcome evaluates one expression as a rule and returns its result.
func outcome(tb testing.TB, e *rules.Engine, expression string, in rules.Input) rules.Result {
	tb.Helper()
	r := rule(expression)
	if err := e.Compile(r); err != nil {
		tb.Fatalf("Compile(%s): %v", expression, err)
	}
	rep := e.Evaluate([]rules.Rule{r}, in)
	if len(rep.Results) != 1 {
		tb.Fatalf("Evaluate(%s): %d results, want 1", expression, len(rep.Results))
	}
	return rep.Results[0]
}

// check is one expression and the outcome it should have; error says
// whether the failure should come from a runtime error rather than false.
type check struct {
	name       string
	expression string
	want       rules.Outcome
	error      bool
}

// runChecks evaluates each check against in as a subtest.
func runChecks(t *testing.T, in rules.Input, checks []check) {
	t.Helper()
	e := newEngine(t)
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			res := outcome(t, e, c.expression, in)
			if res.Outcome != c.want {
				t.Fatalf("%s: outcome %s (error %q), want %s", c.expression, res.Outcome, res.Error, c.want)
			}
			if got := res.Error != ""; got != c.error {
				t.Fatalf("%s: error %q, want error %v", c.expression, res.Error, c.error)
			}
		})
	}
}
