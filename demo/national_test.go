package demo_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"haoban"
	"haoban/catalogue"
	"haoban/demo"
	"haoban/rules"
)

// TestNationalFirstBatch: the 13 key 一件事 of the national first batch
// pass the checks publishing applies, with the demo rules compiled by the
// rules engine, and carry what the guide shows: a legal basis for every
// item, at least two items and one review point for every bundle, and the
// demo mark.
func TestNationalFirstBatch(t *testing.T) {
	engine, err := rules.New(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	deps := catalogue.Deps{Rules: demo.Rules(), LinkRules: demo.LinkRules(), Engine: engine}
	ruled := map[string]int{}
	for _, r := range demo.Rules() {
		ruled[r.Item]++
	}
	bundles := demo.Bundles()
	if len(bundles) != 13 {
		t.Fatalf("%d demo bundles, want the 13 of the national first batch", len(bundles))
	}
	for _, b := range bundles {
		t.Run(b.Code, func(t *testing.T) {
			if problems := catalogue.Check(b, deps); len(problems) != 0 {
				t.Errorf("catalogue.Check: %v", problems)
			}
			if len(b.Items) < 2 {
				t.Errorf("%d items, want at least 2", len(b.Items))
			}
			if !b.Demo || b.Lead == "" || b.Stage == "" || b.For == "" || b.Summary == "" {
				t.Errorf("guide metadata missing: demo %v, lead %q, stage %q, for %q, summary %q", b.Demo, b.Lead, b.Stage, b.For, b.Summary)
			}
			rulesOf := 0
			for _, it := range b.Items {
				if len(it.LegalBasis) == 0 || it.Type == "" || it.Channel == "" || it.Where == "" || len(it.Conditions) == 0 {
					t.Errorf("item %s lacks legal basis, type, channel, place or conditions", it.Code)
				}
				for _, basis := range it.LegalBasis {
					if !slices.Contains([]rune(basis), '《') {
						t.Errorf("item %s cites %q, not a law or regulation by name", it.Code, basis)
					}
				}
				rulesOf += ruled[it.Code]
			}
			if rulesOf == 0 {
				t.Error("no review point")
			}
		})
	}
}

// TestNationalCatalogueIsConsistent: what the store and the forms rely on
// across bundles. Item codes are unique (the items table is keyed by
// them); a field key means one thing everywhere, since earlier cases
// prefill later forms by key; every department has a reviewer; every
// prefill names a known source; and no new bundle relies on generated
// materials.
func TestNationalCatalogueIsConsistent(t *testing.T) {
	depts := map[string]bool{}
	for _, d := range demo.Departments() {
		depts[d.Code] = true
	}
	reviewed := map[string]bool{}
	for _, u := range demo.Users() {
		if slices.Contains(u.Roles, haoban.RoleReviewer) {
			reviewed[u.Department] = true
		}
	}
	for code := range depts {
		if !reviewed[code] {
			t.Errorf("department %s has no reviewer", code)
		}
	}
	sources := map[string]bool{}
	for _, s := range demo.Sources() {
		sources[s.Code] = true
	}
	items, fields := map[string]string{}, map[string]haoban.Field{}
	national := map[string]bool{}
	for _, b := range demo.National() {
		national[b.Code] = true
	}
	for _, b := range demo.Bundles() {
		for _, it := range b.Items {
			if other, dup := items[it.Code]; dup {
				t.Errorf("item %s is in both %s and %s", it.Code, other, b.Code)
			}
			items[it.Code] = b.Code
			if !depts[it.Department] {
				t.Errorf("%s/%s: unknown department %s", b.Code, it.Code, it.Department)
			}
			for _, f := range it.Fields {
				if f.Prefill != "" && !sources[f.Prefill] {
					t.Errorf("%s/%s: field %s prefilled from unknown source %s", b.Code, it.Code, f.Key, f.Prefill)
				}
				if seen, ok := fields[f.Key]; ok && (seen.Type != f.Type || !slices.Equal(seen.Options, f.Options)) {
					t.Errorf("%s/%s: field %s is %s %v here, %s %v elsewhere", b.Code, it.Code, f.Key, f.Type, f.Options, seen.Type, seen.Options)
				}
				fields[f.Key] = f
			}
			for _, m := range it.Materials {
				if national[b.Code] && m.Generated() {
					t.Errorf("%s/%s: material %s is generated", b.Code, it.Code, m.Code)
				}
			}
		}
	}
}

// TestBundleFilesAreAsExported: each file reads back to itself as
// `haoban catalogue export` writes it, so an export of the demo store
// diffs cleanly against the files.
func TestBundleFilesAreAsExported(t *testing.T) {
	files, err := filepath.Glob("bundles/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundle files: %v", err)
	}
	byCode := map[string]haoban.Bundle{}
	for _, b := range demo.National() {
		byCode[b.Code] = b
	}
	if len(byCode) != len(files) {
		t.Fatalf("%d files, %d bundles", len(files), len(byCode))
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code := filepath.Base(f[:len(f)-len(".json")])
		b, ok := byCode[code]
		if !ok {
			t.Errorf("%s holds no bundle %s", f, code)
			continue
		}
		want, err := json.MarshalIndent(b, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if string(raw) != string(want)+"\n" {
			t.Errorf("%s is not as `haoban catalogue export` writes it", f)
		}
	}
}
