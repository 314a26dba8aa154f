package seed_test

import (
	"testing"

	"haoban"
	"haoban/seed"
)

func TestGeneratedCodesAreValidAndUnique(t *testing.T) {
	ids := map[string]bool{}
	for i := 0; i < 20000; i++ {
		r := seed.NthResident(i)
		if !haoban.ValidIDNumber(r.IDNumber) {
			t.Fatalf("resident %d has an invalid ID number %s", i, r.IDNumber)
		}
		if ids[r.IDNumber] {
			t.Fatalf("resident %d repeats ID number %s", i, r.IDNumber)
		}
		ids[r.IDNumber] = true
	}
	codes := map[string]bool{}
	for j := 0; j < 5000; j++ {
		e := seed.NthEnterprise(j, 20000)
		if !haoban.ValidUSCC(e.USCC) || codes[e.USCC] {
			t.Fatalf("enterprise %d: invalid or repeated credit code %s", j, e.USCC)
		}
		codes[e.USCC] = true
		if !ids[e.LegalRepID] {
			t.Fatalf("enterprise %d's legal representative %s is not a resident", j, e.LegalRepID)
		}
	}
}

func TestDeterministic(t *testing.T) {
	if seed.NthResident(12345) != seed.NthResident(12345) || seed.NthEnterprise(77, 1000) != seed.NthEnterprise(77, 1000) {
		t.Fatal("the same index gave different data")
	}
}
