package rules_test

import (
	"encoding/json"
	"slices"
	"testing"
)

// The rule is stored and edited as JSON; its keys are the contract.
func TestRuleJSON(t *testing.T) {
	b, err := json.Marshal(rule(`true`))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"code", "effective_from", "effective_to", "expression", "hint", "id", "item",
		"legal_basis", "message", "severity", "version"}
	if !slices.Equal(keys, want) {
		t.Fatalf("keys %v, want %v", keys, want)
	}
}
