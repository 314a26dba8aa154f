package e2e_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"haoban/demo"
	"haoban/seed"
)

func TestPrefillAndAddresses(t *testing.T) {
	s := startSystem(t)
	start := time.Now()
	if err := seed.Load(context.Background(), s.store.Pool(), seed.Sizes{Residents: 2000, Enterprises: 300}); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded in %v", time.Since(start))
	if err := seed.Load(context.Background(), s.store.Pool(), seed.Sizes{Residents: 2000, Enterprises: 300}); err != nil {
		t.Fatalf("seeding again: %v", err)
	}

	form := s.must(200, s.call("GET", "/api/v1/bundles/open-restaurant/form", s.login("li-na"), nil)).body
	byKey := map[string]map[string]any{}
	for _, f := range form["fields"].([]any) {
		field := f.(map[string]any)
		byKey[field["key"].(string)] = field
	}
	for key, want := range map[string]string{"enterprise.name": "enterprise", "legal_rep.id_number": "population", "premises.address": "enterprise"} {
		if byKey[key]["source"] != want || byKey[key]["to_fill"] != false {
			t.Errorf("%s = %v, want filled from %s", key, byKey[key], want)
		}
	}
	if byKey["enterprise.name"]["value"] != "上海好味餐饮有限公司" {
		t.Errorf("enterprise name = %v", byKey["enterprise.name"]["value"])
	}
	if byKey["food.safety_manager"]["source"] != "licences" || byKey["food.safety_manager"]["value"] != "王强" {
		t.Errorf("food.safety_manager should come from the food licence of the first shop: %v", byKey["food.safety_manager"])
	}
	if byKey["sign.size"]["to_fill"] != true {
		t.Errorf("sign.size should be left to the applicant: %v", byKey["sign.size"])
	}
	if byKey["venue.floors"]["source"] != "buildings" || byKey["food.staff"]["source"] != "social_insurance" {
		t.Errorf("venue.floors %v, food.staff %v", byKey["venue.floors"], byKey["food.staff"])
	}
	if r := form["prefill_ratio"].(float64); r <= 0 || r >= 1 {
		t.Errorf("prefill ratio = %v", r)
	}
	s.must(403, s.call("GET", "/api/v1/bundles/open-restaurant/form", s.login("reviewer-samr"), nil))

	found := s.must(200, s.call("GET", "/api/v1/addresses?q="+urlQuery("漕溪北路"), s.login("zhang-wei"), nil)).body["addresses"].([]any)
	if len(found) == 0 {
		t.Fatal("no address found for 漕溪北路")
	}
	for _, a := range found {
		if addr := a.(map[string]any)["address"].(string); !strings.Contains(addr, "漕溪") {
			t.Errorf("address %q does not match", addr)
		}
	}
	s.must(400, s.call("GET", "/api/v1/addresses?q="+urlQuery("路"), s.login("zhang-wei"), nil))

	t.Run("RecordedAtSubmission", func(t *testing.T) {
		applicant := s.login("li-na")
		body := map[string]any{"bundle": "open-restaurant", "form": readForm(t, "../testdata/open-restaurant.json")}
		// The applicant keeps the registry's name but types another phone.
		body["form"].(map[string]any)["legal_rep.phone"] = "13999999999"
		id := s.must(201, s.call("POST", "/api/v1/cases", applicant, body, "Idempotency-Key", "prefill-1")).body["id"].(string)
		// Without a draft, the Case workflow measures the form against the sources.
		c := s.waitCase(s.login("reviewer-samr"), id, "the prefill measure", func(c map[string]any) bool {
			return c["prefill_ratio"] != nil
		})
		rec := c["prefill"].(map[string]any)
		if rec["sources"].(map[string]any)["enterprise.name"] != "enterprise" {
			t.Errorf("kept prefilled values = %v", rec["sources"])
		}
		overrides := rec["overrides"].([]any)
		if len(overrides) != 1 || overrides[0].(map[string]any)["key"] != "legal_rep.phone" ||
			overrides[0].(map[string]any)["prefilled"] != "13812345678" {
			t.Errorf("the reviewer does not see the override beside the registry's value: %v", overrides)
		}
		if r, ok := c["prefill_ratio"].(float64); !ok || r <= 0 {
			t.Errorf("prefill ratio = %v", c["prefill_ratio"])
		}
		st := s.must(200, s.call("GET", "/api/v1/stats/prefill", s.login("supervisor"), nil)).body
		if st["overall"].(map[string]any)["cases"] != 1.0 || len(st["bundles"].([]any)) != 1 {
			t.Errorf("prefill stats = %v", st)
		}
		s.must(403, s.call("GET", "/api/v1/stats/prefill", applicant, nil))
	})
}

func urlQuery(s string) string { return url.QueryEscape(s) }

// TestAgain: "再来一单" copies a case into a new draft, taking the
// registry's value where the registry changed after the case.
func TestAgain(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		t.Fatal(err)
	}
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", "again-1")).body["id"].(string)
	moved := demo.Enterprises()[0]
	moved.Address = "上海市浦东新区世纪大道100号2层"
	if err := s.store.UpsertEnterprise(context.Background(), moved); err != nil {
		t.Fatal(err)
	}
	s.must(404, s.call("POST", "/api/v1/cases/"+id+"/again", s.login("zhang-wei"), nil))
	draft := s.must(201, s.call("POST", "/api/v1/cases/"+id+"/again", applicant, nil)).body
	f := draft["form"].(map[string]any)
	if f["enterprise.address"] != moved.Address {
		t.Errorf("enterprise.address = %v, want the registry's newer %s", f["enterprise.address"], moved.Address)
	}
	if f["venue.floors"] != 1.0 || f["sign.location"] != "张杨路沿街立面" {
		t.Errorf("values the applicant gave last time were not copied: %v", f)
	}
}
