package haoban_test

import (
	"strings"
	"testing"
	"time"

	"haoban"
)

func TestPolicyValidate(t *testing.T) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, haoban.Beijing)
	ok := haoban.Policy{Code: "newborn-subsidy", Name: "新生儿育儿补贴", Department: "health", Type: haoban.PolicyGrant,
		For: haoban.ForPersons, Conditions: []haoban.PolicyCondition{{Expression: "true", Message: "须为本市户籍"}},
		Amount: "100.0", From: from, Budget: 1000, Delivery: haoban.DeliverConfirm, Publicity: 7}
	t.Run("OK", func(t *testing.T) {
		if ds := ok.Validate(); len(ds) != 0 {
			t.Fatalf("%+v", ds)
		}
	})
	t.Run("ErrEveryProblemAtOnce", func(t *testing.T) {
		bad := ok
		bad.Code, bad.Type, bad.For, bad.Delivery, bad.Budget = "Bad Code", "gift", "", "post", 0
		bad.Conditions = []haoban.PolicyCondition{{Expression: "true"}, {Message: "m"}}
		bad.To = from
		var fields []string
		for _, d := range bad.Validate() {
			fields = append(fields, d.Field)
		}
		want := "code type for conditions[0].message conditions[1].expression to budget delivery"
		if got := strings.Join(fields, " "); got != want {
			t.Fatalf("fields %q, want %q", got, want)
		}
	})
	t.Run("OKInForce", func(t *testing.T) {
		p := ok
		p.To = from.AddDate(1, 0, 0)
		for _, tc := range []struct {
			day  time.Time
			want bool
		}{{from.Add(-time.Second), false}, {from, true}, {p.To.Add(-time.Second), true}, {p.To, false}} {
			if got := p.InForce(tc.day); got != tc.want {
				t.Errorf("InForce(%s) = %v", tc.day, got)
			}
		}
	})
	t.Run("OKNames", func(t *testing.T) {
		if haoban.PolicyReduction.Name() != "减税降费" || haoban.DeliverPledge.Name() != "签署告知承诺后兑付" {
			t.Fatal("names")
		}
	})
}

// TestPolicyFactsSources leaves out what the registries do not hold, so a
// condition reading it fails instead of reading a zero, and lists only
// keys of the data dictionary.
func TestPolicyFactsSources(t *testing.T) {
	person := haoban.PersonFacts{Resident: haoban.Resident{Name: "张伟", Address: "上海市徐汇区"}}
	m := person.Sources()
	if _, ok := m["birth.latest"]; ok {
		t.Fatal("a person with no birth on record has birth.latest")
	}
	if _, ok := m["low_income.kind"]; ok {
		t.Fatal("an uncertified person has low_income.kind")
	}
	firm := haoban.EnterpriseFacts{Enterprise: haoban.Enterprise{Name: "某公司", Employees: 3}, NewInsured: 1}
	for _, src := range []map[string]any{m, firm.Sources()} {
		for k := range src {
			if _, ok := haoban.PolicyFacts[k]; !ok {
				t.Errorf("%s is not in the data dictionary", k)
			}
		}
	}
}
