package rules_test

import (
	"strings"
	"testing"

	"haoban"
	"haoban/rules"
)

func TestCompile(t *testing.T) {
	e := newEngine(t)
	tests := []struct {
		name       string
		expression string
		message    string // part of the refusal, "" when the rule compiles
	}{
		{"OK", `valid_uscc(form["enterprise.uscc"]) && form["premises.area"] >= 50.0`, ""},
		// One pass over a form list costs at most its 500 elements.
		{"OKComprehension", `form["food.categories"].all(c, c in ["热食类", "冷食类", "生食类", "自制饮品"])`, ""},
		{"OKLicences", `licences.exists(l, l.type == "food" && l.fields.scope.contains("餐饮"))`, ""},
		{"ErrSyntax", `form["premises.area"] >=`, "Syntax error"},
		{"ErrUndeclared", `registry.enterprise == "x"`, "undeclared reference"},
		{"ErrNotBool", `1 + 1`, "应为 bool"},
		{"ErrString", `form["enterprise.name"] + "有限公司"`, "应为 bool"},
		// A form value is dyn, as is a material's presence: bool at run
		// time, which Evaluate checks.
		{"OKDyn", `materials["layout"].present`, ""},
		// Three nested passes over form lists: up to 500³ ≈ 1.25e8
		// iterations, far above the limit although each is bounded.
		{"ErrCostNested", `form["food.categories"].all(a, form["food.categories"].all(b,
			form["food.categories"].all(c, a == b || b == c)))`, "超过上限"},
		// Every pair of registry keys: 200² iterations of a string
		// comparison, also above the limit.
		{"ErrCostPairs", `sources.all(a, sources.all(b, a == b || a != b))`, "超过上限"},
		// The elements of a form list have a size hint, their elements do
		// not: iterating them three deep has no bound at all.
		{"ErrCostUnbounded", `form["food.categories"].all(a, a.all(b, b.all(c, true)))`, "没有上限"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := e.Compile(rule(tt.expression))
			if tt.message == "" {
				if err != nil {
					t.Fatalf("Compile: %v", err)
				}
				return
			}
			if code := haoban.ErrorCode(err); code != haoban.EUNPROCESSABLE {
				t.Fatalf("Compile: code %s (%v), want %s", code, err, haoban.EUNPROCESSABLE)
			}
			if field := haoban.ErrorField(err); field != "expression" {
				t.Errorf("field %q, want expression", field)
			}
			if msg := haoban.ErrorMessage(err); !strings.Contains(msg, tt.message) {
				t.Errorf("message %q does not contain %q", msg, tt.message)
			}
		})
	}
}

func TestCompileFields(t *testing.T) {
	e := newEngine(t)
	t.Run("ErrEveryProblem", func(t *testing.T) {
		r := rule(`true`)
		r.Item, r.Code, r.Message, r.Severity = "", " ", "", "fatal"
		r.EffectiveTo = r.EffectiveFrom
		r.Expression = " "
		err := e.Compile(r)
		if code := haoban.ErrorCode(err); code != haoban.EINVALID {
			t.Fatalf("code %s (%v), want %s", code, err, haoban.EINVALID)
		}
		var fields []string
		for _, d := range haoban.ErrorDetails(err) {
			fields = append(fields, d.Field)
		}
		want := "item code message expression severity effective_to"
		if got := strings.Join(fields, " "); got != want {
			t.Fatalf("details on %q, want %q", got, want)
		}
	})
	t.Run("OKOpenEnded", func(t *testing.T) {
		r := rule(`true`)
		r.Severity = rules.SeverityWarning
		if err := e.Compile(r); err != nil {
			t.Fatal(err)
		}
	})
}

// A rule edited without a new version must not run from its old program.
func TestCompileEditedRule(t *testing.T) {
	e := newEngine(t)
	in := restaurant(t)
	r := rule(`true`)
	if rep := e.Evaluate([]rules.Rule{r}, in); rep.Results[0].Outcome != passed {
		t.Fatalf("first version: %s", rep.Results[0].Outcome)
	}
	r.Expression = `false`
	if rep := e.Evaluate([]rules.Rule{r}, in); rep.Results[0].Outcome != failed {
		t.Fatalf("edited, same version: %s, want failed", rep.Results[0].Outcome)
	}
}
