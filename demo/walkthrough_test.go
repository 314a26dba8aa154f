package demo_test

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"testing"

	"haoban/demo"
)

var update = flag.Bool("update", false, "rewrite the walkthrough's request files")

// The README's curl walkthrough posts these files; they must stay valid.
func TestWalkthroughFiles(t *testing.T) {
	for path, body := range map[string]map[string]any{
		"../testdata/open-restaurant.json": {"bundle": "open-restaurant", "form": demo.RestaurantForm()},
		"../testdata/newborn.json":         {"bundle": "newborn", "form": demo.NewbornForm()},
	} {
		want, err := json.MarshalIndent(body, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(path, append(want, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./demo -update)", err)
		}
		var got, wantV any
		_ = json.Unmarshal(want, &wantV)
		if err := json.Unmarshal(raw, &got); err != nil || !reflect.DeepEqual(got, wantV) {
			t.Fatalf("%s is out of date with the demo forms (run go test ./demo -update): %v", path, err)
		}
	}
}

func TestDemoFormsAreValid(t *testing.T) {
	for _, tc := range []struct {
		bundle string
		form   map[string]any
	}{{"open-restaurant", demo.RestaurantForm()}, {"newborn", demo.NewbornForm()}} {
		for _, b := range demo.Bundles() {
			if b.Code == tc.bundle {
				if err := b.ValidateForm(tc.form); err != nil {
					t.Errorf("%s demo form: %v", tc.bundle, err)
				}
			}
		}
	}
}
