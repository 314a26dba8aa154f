package rules_test

import (
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/rules"
)

func TestExpressions(t *testing.T) {
	e, err := rules.New(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OKSourceKeys", func(t *testing.T) {
		keys, err := e.SourceKeys(`sources["b.x"] > 1 && "a.y" in sources && sources["b.x"] < 9 && form["f"] == 1`)
		if err != nil || strings.Join(keys, ",") != "a.y,b.x" {
			t.Fatalf("keys %v, %v", keys, err)
		}
	})
	t.Run("ErrAmountNotANumber", func(t *testing.T) {
		if p := e.CheckAmount(`"三千"`); !strings.Contains(p, "数值") {
			t.Fatalf("problem %q", p)
		}
		if p := e.CheckCondition(`1 + 1`); !strings.Contains(p, "bool") {
			t.Fatalf("problem %q", p)
		}
		if p := e.CheckAmount(`sources["n"] * 2`); p != "" {
			t.Fatalf("a dyn amount refused: %q", p)
		}
	})
	t.Run("OKFacts", func(t *testing.T) {
		day := time.Date(2026, 12, 3, 0, 0, 0, 0, haoban.Beijing)
		f := e.Facts(rules.Input{Sources: map[string]any{"n": int64(3), "born": day.AddDate(0, -1, 0)}, Today: day})
		if ok, missing, err := f.Holds(`today - sources["born"] <= duration("8760h")`); !ok || missing || err != nil {
			t.Fatalf("holds %v %v %v", ok, missing, err)
		}
		if ok, missing, _ := f.Holds(`sources["absent"] == 1`); ok || !missing {
			t.Fatalf("a missing fact: holds %v, missing %v", ok, missing)
		}
		if amount, err := f.Amount(`double(sources["n"]) * 1000.0`); err != nil || amount != 3000 {
			t.Fatalf("amount %v, %v", amount, err)
		}
		if amount, err := f.Amount(`sources["n"] * 2`); err != nil || amount != 6 {
			t.Fatalf("int amount %v, %v", amount, err)
		}
	})
}
