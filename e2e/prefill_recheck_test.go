package e2e_test

import (
	"context"
	"testing"

	"haoban/demo"
)

// TestPrefillRecheckedAtSubmission: a registry that changes a value after
// the draft showed it is caught by the Case workflow at submission, and
// the submission is measured against what the applicant was shown.
func TestPrefillRecheckedAtSubmission(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("zhang-wei")
	draft := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]any{"bundle": "newborn"})).body
	id := draft["id"].(string)
	form := draft["form"].(map[string]any)
	birth := demo.Births()[0]
	if form["child.hospital"] != birth.Hospital || form["mother.name"] != "陈丽" {
		t.Fatalf("the draft is not prefilled from the birth record and the marriage registry: %v", form)
	}
	if ids := draft["address_ids"].(map[string]any); ids["household.address"] == nil {
		t.Errorf("the household address has no address-library ID: %v", ids)
	}
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": map[string]any{
		"child.name": "张小雨", "card.bank": "上海银行"}}))

	// The hospital corrects its record after the applicant saw the form.
	birth.Hospital = "复旦大学附属妇产科医院"
	if err := s.store.UpsertBirth(context.Background(), birth); err != nil {
		t.Fatal(err)
	}
	caseID := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, nil)).body["id"].(string)
	c := s.waitCase(applicant, caseID, "the prefill check", func(c map[string]any) bool {
		for _, e := range c["events"].([]any) {
			if e.(map[string]any)["type"] == "prefill_changed" {
				return true
			}
		}
		return false
	})
	changes, _ := c["prefill_changes"].([]any)
	if len(changes) != 1 {
		t.Fatalf("prefill changes = %v, want the hospital only", c["prefill_changes"])
	}
	ch := changes[0].(map[string]any)
	if ch["key"] != "child.hospital" || ch["shown"] != demo.Births()[0].Hospital || ch["current"] != birth.Hospital {
		t.Errorf("change = %v", ch)
	}
	rec := c["prefill"].(map[string]any)
	if rec["sources"].(map[string]any)["child.hospital"] != "births" || len(rec["overrides"].([]any)) != 0 {
		t.Errorf("the hospital the applicant kept as shown counts as prefilled, not overridden: %v", rec)
	}
	if ids, _ := c["address_ids"].(map[string]any); ids["household.address"] == nil {
		t.Errorf("the case lost the address ID: %v", c["address_ids"])
	}
}

// TestSourceCatalogue: everyone signed in reads the data-source catalogue;
// only an admin registers a source.
func TestSourceCatalogue(t *testing.T) {
	s := startSystem(t)
	list := s.must(200, s.call("GET", "/api/v1/sources", s.login("zhang-wei"), nil)).body["sources"].([]any)
	codes := map[string]bool{}
	for _, src := range list {
		codes[src.(map[string]any)["code"].(string)] = true
	}
	for _, want := range []string{"population", "enterprise", "licences", "addresses", "previous_cases"} {
		if !codes[want] {
			t.Errorf("source %s missing from the catalogue %v", want, codes)
		}
	}
	src := map[string]any{"code": "housing", "name": "不动产登记", "authority": "规划和自然资源局",
		"fields": []string{"premises.owner"}, "freshness": "每日"}
	s.must(403, s.call("PUT", "/api/v1/admin/sources/housing", s.login("zhang-wei"), src))
	s.must(403, s.call("PUT", "/api/v1/admin/sources/housing", s.login("supervisor"), src))
	s.must(422, s.call("PUT", "/api/v1/admin/sources/other", s.login("admin"), src))
	src["fields"] = []string{}
	s.must(422, s.call("PUT", "/api/v1/admin/sources/housing", s.login("admin"), src))
	src["fields"] = []string{"premises.owner"}
	after := s.must(200, s.call("PUT", "/api/v1/admin/sources/housing", s.login("admin"), src)).body["sources"].([]any)
	if len(after) != len(list)+1 {
		t.Errorf("%d sources after registering one, had %d", len(after), len(list))
	}
}
