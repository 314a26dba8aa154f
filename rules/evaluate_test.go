package rules_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"haoban/rules"
)

func TestEffectiveDates(t *testing.T) {
	e := newEngine(t)
	// A regulation published in June takes effect on 1 July; the rule is
	// loaded ahead of it.
	next := rule(`form["premises.area"] >= 150.0`)
	next.Code, next.Version, next.EffectiveFrom = "area-2026", 2, day(t, "2026-07-01")
	current := rule(`form["premises.area"] >= 100.0`)
	current.Code, current.EffectiveTo = "area-2020", day(t, "2026-07-01")
	tests := []struct {
		name  string
		today time.Time
		want  string // the code of the one rule applied
	}{
		{"SkippedBefore", day(t, "2026-06-30").Add(23*time.Hour + 59*time.Minute), "area-2020"},
		// 00:30 in Beijing is still 30 June in UTC: the date is Beijing's.
		{"AppliedFrom", day(t, "2026-07-01").Add(30 * time.Minute).UTC(), "area-2026"},
		{"AppliedAfter", day(t, "2027-01-01"), "area-2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := restaurant(t)
			in.Today = tt.today
			rep := e.Evaluate([]rules.Rule{current, next}, in)
			if len(rep.Results) != 1 || rep.Results[0].Rule != tt.want {
				t.Fatalf("results %+v, want only %s", rep.Results, tt.want)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	e := newEngine(t)
	in := restaurant(t)
	passes := rule(`in_district(form["premises.address"], "310115")`)
	blocks := rule(`form["premises.area"] >= 150.0`)
	blocks.Message, blocks.Hint, blocks.LegalBasis = "经营场所面积不足150平方米", "请核对面积", "《上海市食品经营许可管理实施办法》"
	warns := rule(`form["venue.exits"] >= 3.0`)
	warns.Severity = rules.SeverityWarning
	notApplies := rule(`form["drainage.volume"] < 10.0`)
	breaks := rule(`in_district(form["premises.address"], "999999")`)

	t.Run("Failed", func(t *testing.T) {
		rep := e.Evaluate([]rules.Rule{passes, blocks, warns, notApplies, breaks}, in)
		want := []rules.Outcome{passed, failed, failed, notApplicable, failed}
		if len(rep.Results) != len(want) {
			t.Fatalf("%d results, want %d", len(rep.Results), len(want))
		}
		for i, res := range rep.Results {
			if res.Outcome != want[i] {
				t.Errorf("%s: %s (%q), want %s", res.Rule, res.Outcome, res.Error, want[i])
			}
		}
		if rep.Blocking != 2 || rep.Warnings != 1 || rep.Passed {
			t.Errorf("blocking %d, warnings %d, passed %v; want 2, 1, false", rep.Blocking, rep.Warnings, rep.Passed)
		}
		got := rep.Results[1]
		if got.Message != blocks.Message || got.Hint != blocks.Hint || got.LegalBasis != blocks.LegalBasis ||
			got.Item != "food-licence" || got.Version != 1 || got.Severity != rules.SeverityBlocking {
			t.Errorf("failed result %+v does not carry the rule's message, hint, basis, item, version, severity", got)
		}
		// A broken rule tells the applicant a person will check, not the
		// rule's message, and keeps the cause for the reviewer.
		if broken := rep.Results[4]; broken.Message == breaks.Message || broken.Error == "" {
			t.Errorf("broken rule: message %q, error %q", broken.Message, broken.Error)
		}
	})
	t.Run("PassedWithWarning", func(t *testing.T) {
		rep := e.Evaluate([]rules.Rule{passes, warns, notApplies}, in)
		if !rep.Passed || rep.Blocking != 0 || rep.Warnings != 1 {
			t.Fatalf("passed %v, blocking %d, warnings %d; want true, 0, 1", rep.Passed, rep.Blocking, rep.Warnings)
		}
		if rep.Results[0].Message != "" {
			t.Errorf("a passed rule carries message %q", rep.Results[0].Message)
		}
	})
	t.Run("FailedUncompilable", func(t *testing.T) {
		rep := e.Evaluate([]rules.Rule{rule(`1 + 1`)}, in)
		if rep.Passed || rep.Results[0].Outcome != failed || rep.Results[0].Error == "" {
			t.Fatalf("report %+v, want a blocking failure with the compiler's message", rep)
		}
	})
	t.Run("FailedNotBool", func(t *testing.T) {
		res := outcome(t, e, `form["enterprise.name"]`, in)
		if res.Outcome != failed || !strings.Contains(res.Error, "bool") {
			t.Fatalf("result %+v, want a failure saying the value is not a bool", res)
		}
	})
	t.Run("FailedCostLimit", func(t *testing.T) {
		// The estimate assumes at most 500 elements; the runtime limit
		// stops a list far longer than any form allows.
		big := restaurant(t)
		list := make([]any, 200_000)
		for i := range list {
			list[i] = "热食类"
		}
		big.Form["food.categories"] = list
		res := outcome(t, e, `form["food.categories"].all(c, c != "生食类")`, big)
		if res.Outcome != failed || !strings.Contains(res.Error, "cost limit") {
			t.Fatalf("result %+v, want a failure at the cost limit", res)
		}
	})
	t.Run("PassedEmpty", func(t *testing.T) {
		rep := e.Evaluate(nil, in)
		if !rep.Passed || rep.Results == nil {
			t.Fatalf("report %+v, want passed with an empty result list", rep)
		}
	})
}

// Programs are compiled once and shared; run with -race.
func TestEvaluateConcurrent(t *testing.T) {
	e := newEngine(t)
	rs := []rules.Rule{rule(`licence_valid("food")`), rule(`age_on(today) >= 18`), rule(`matches("enterprise.uscc", "business_licence_scan.uscc")`)}
	ins := make([]rules.Input, 8)
	for i := range ins {
		ins[i] = restaurant(t)
		if i%2 == 1 {
			ins[i].Licences = nil
		}
	}
	var wg sync.WaitGroup
	for i, in := range ins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep := e.Evaluate(rs, in)
			if want := i%2 == 0; rep.Passed != want {
				t.Errorf("goroutine %d: passed %v, want %v", i, rep.Passed, want)
			}
		}()
	}
	wg.Wait()
}
