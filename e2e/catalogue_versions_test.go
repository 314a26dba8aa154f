package e2e_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"haoban/demo"
)

// TestCaseFinishesUnderItsVersion: a newborn case accepted under version
// 1 finishes under version 1 after the catalogue admin publishes version 2
// (an item renamed, its limit shortened); the next case runs under
// version 2.
// Editors and admins who may not publish are refused, and an invalid draft
// answers every problem at once.
func TestCaseFinishesUnderItsVersion(t *testing.T) {
	s := startSystem(t)
	zw, ca := s.login("zhang-wei"), s.login("catalogue-admin")
	old := s.newbornCase(zw, "case-under-v1")

	v2 := demo.Newborn()
	v2.Items[1].Name = "户口登记（出生登记）"
	v2.Items[1].PromisedDays = 1
	const base = "/api/v1/admin/catalogue/newborn"
	s.must(403, s.call("PUT", base+"/draft", s.login("editor-samr"), v2)) // health and police items
	s.must(403, s.call("PUT", base+"/draft", s.login("admin"), v2))
	draft := s.must(200, s.call("PUT", base+"/draft", ca, v2))
	if draft.body["version"] != 2.0 || draft.body["state"] != "draft" {
		t.Fatalf("draft = %s", draft.raw)
	}
	for _, who := range []string{"admin", "editor-samr", "reviewer-health"} {
		s.must(403, s.call("POST", base+"/versions/2/publish", s.login(who), map[string]any{}))
	}
	pub := s.must(200, s.call("POST", base+"/versions/2/publish", ca, map[string]any{}))
	if pub.body["state"] != "published" || len(pub.body["changes"].([]any)) == 0 {
		t.Fatalf("publish = %s", pub.raw)
	}

	for _, item := range []string{"birth-certificate", "hukou", "social-card", "medical-insurance"} {
		it, _ := demo.Newborn().Item(item)
		s.waitCase(zw, old, item+" opens", func(c map[string]any) bool { return taskStatus(c, item) == "open" })
		s.approve(s.login("reviewer-"+it.Department), old, item)
	}
	done := s.waitCase(zw, old, "the version-1 case completes", func(c map[string]any) bool { return c["status"] == "completed" })
	if done["bundle_version"] != 1.0 || taskOf(done, "hukou")["item_name"] != "户口登记" || taskOf(done, "hukou")["budget_days"] != 2.0 {
		t.Fatalf("the version-1 case ran under another version: %s", string(mustJSON(t, done)))
	}

	next := s.newbornCase(zw, "case-under-v2")
	c := s.must(200, s.call("GET", "/api/v1/cases/"+next, zw, nil)).body
	if c["bundle_version"] != 2.0 || taskOf(c, "hukou")["item_name"] != v2.Items[1].Name || taskOf(c, "hukou")["budget_days"] != 1.0 {
		t.Fatalf("a new case did not take version 2: %s", string(mustJSON(t, c)))
	}

	h := s.must(200, s.call("GET", base+"/versions", ca, nil)).body
	statuses := fmt.Sprintf("%v %v %v", h["in_force"], h["versions"].([]any)[0].(map[string]any)["status"], h["versions"].([]any)[1].(map[string]any)["status"])
	if statuses != "2 现行 已被取代" {
		t.Fatalf("history = %s", statuses)
	}
	s.must(403, s.call("GET", base+"/versions", zw, nil))

	bad := demo.Newborn()
	bad.Items[1].DependsOn = []string{"birth-certificat"}
	bad.Items[2].PromisedDays = 16
	s.must(200, s.call("PUT", base+"/draft", ca, bad))
	r := s.must(422, s.call("POST", base+"/versions/3/publish", ca, map[string]any{}))
	var got struct {
		Error struct{ Details []struct{ Field string } }
	}
	if err := json.Unmarshal(r.raw, &got); err != nil || len(got.Error.Details) != 2 {
		t.Fatalf("an invalid draft answered %s", r.raw)
	}
}
