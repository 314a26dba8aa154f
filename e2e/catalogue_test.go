package e2e_test

import (
	"encoding/json"
	"testing"

	"haoban/demo"
)

// TestCatalogueCheck: an admin posts the demo restaurant bundle with three
// faults before publishing it, and gets all three back at once, each at its
// field path; the clean bundle passes; nobody else may ask.
func TestCatalogueCheck(t *testing.T) {
	s := startSystem(t)
	admin := s.login("admin")
	const path = "/api/v1/admin/catalogue/check"
	s.must(200, s.call("POST", path, admin, demo.OpenRestaurant()))
	for _, who := range []string{"supervisor", "reviewer-samr", "li-na"} {
		s.must(403, s.call("POST", path, s.login(who), demo.OpenRestaurant()))
	}

	b := demo.OpenRestaurant()
	b.Items[3].DependsOn = []string{"business-licence", "shop-lease"} // no such item
	b.Items[4].PromisedDays = 25                                      // the legal limit is 20
	b.Items[1].Fields[4].Key = "food.manager_id"                      // the manager-id rule reads food.safety_manager_id
	r := s.must(422, s.call("POST", path, admin, b))
	if r.code() != "EUNPROCESSABLE" {
		t.Fatalf("code = %s", r.code())
	}
	var got struct {
		Error struct {
			Details []struct{ Field, Message string }
		}
	}
	if err := json.Unmarshal(r.raw, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"items[3].depends_on[1]": true, "items[4].promised_days": true,
		"rules[food-licence/manager-id].expression": true,
		// The food licence application prints the manager's ID too.
		"items[1].materials[0].template": true}
	for _, d := range got.Error.Details {
		if !want[d.Field] || d.Message == "" {
			t.Errorf("unexpected problem %s: %s", d.Field, d.Message)
		}
		delete(want, d.Field)
	}
	if len(want) != 0 {
		t.Fatalf("problems not reported: %v in %s", want, r.raw)
	}
}
