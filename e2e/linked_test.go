package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/demo"
)

// changeCase submits an enterprise change of the demo company and has the
// market regulator approve it.
func (s *system) changeCase(t *testing.T, key string, change map[string]any) (string, map[string]any) {
	t.Helper()
	e := demo.Enterprises()[0]
	form := map[string]any{"enterprise.uscc": e.USCC, "enterprise.name": e.Name, "enterprise.address": e.Address,
		"legal_rep.name": "李娜", "enterprise.scope": e.Scope}
	for k, v := range change {
		form[k] = v
	}
	applicant, samr := s.login("li-na"), s.login("reviewer-samr")
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant, map[string]any{"bundle": "enterprise-change", "form": form},
		"Idempotency-Key", key)).body["id"].(string)
	s.waitCase(samr, id, "the change opens", func(c map[string]any) bool { return taskStatus(c, "business-licence-change") == "open" })
	s.approve(samr, id, "business-licence-change")
	c := s.waitCase(applicant, id, "the business licence reissued", func(c map[string]any) bool {
		return countEvents(c, "licence_issued") >= 1
	})
	s.approveTaxChange(id)
	return id, c
}

// approveTaxChange approves the tax registration change that follows the
// licence change (issue 16 added it to the bundle).
func (s *system) approveTaxChange(id string) {
	s.t.Helper()
	tax := s.login("reviewer-tax")
	s.waitCase(tax, id, "the tax change opens", func(c map[string]any) bool { return taskStatus(c, "tax-info-change") == "open" })
	s.approve(tax, id, "tax-info-change")
}

// licencesByType lists li-na's company's licences of a type and status.
func (s *system) licencesByType(typ, status string) []map[string]any {
	var out []map[string]any
	for _, l := range s.must(200, s.call("GET", "/api/v1/licences", s.login("li-na"), nil)).body["licences"].([]any) {
		if lic := l.(map[string]any); lic["type"] == typ && lic["status"] == status {
			out = append(out, lic)
		}
	}
	return out
}

// TestLinkedChange: the company changes its name; every valid licence that
// embeds the name follows in the same case — reissued at once where its
// rule says auto, through its department's review where it says review —
// and the old versions verify as superseded.
func TestLinkedChange(t *testing.T) {
	s := startSystem(t)
	s.approveRestaurant(t, "linked-restaurant")
	// The drainage permit's name change goes through the water authority.
	s.must(200, s.call("PUT", "/api/v1/admin/link-rules/drainage-permit", s.login("admin"),
		map[string]any{"fields": map[string]string{"enterprise.name": "review", "premises.address": "review"}}))
	oldSignage := s.licencesByType("signage-permit", "valid")[0]
	oldDoc := oldSignage["documents"].([]any)[0].(map[string]any)["id"].(string)

	newName := "上海好味餐饮管理有限公司"
	id, _ := s.changeCase(t, "change-name", map[string]any{"enterprise.name": newName})
	water := s.login("reviewer-water")
	c := s.waitCase(s.login("li-na"), id, "the linked reissues and the review", func(c map[string]any) bool {
		return countEvents(c, "linked_reissued") == 4 && taskStatus(c, "linked-drainage-permit") == "open"
	})
	if countEvents(c, "linked_failed") != 0 {
		t.Errorf("linked reissues failed: %v", c["events"])
	}
	for _, typ := range []string{"food-licence", "fire-safety-cert", "signage-permit"} {
		for _, l := range s.licencesByType(typ, "valid") {
			if l["holder_name"] != newName {
				t.Errorf("%s %s still names %v", typ, l["number"], l["holder_name"])
			}
		}
	}
	old := s.must(200, s.call("GET", "/api/v1/verify/"+oldDoc, "", nil)).body
	if old["valid"] != false || old["successor"] == nil {
		t.Errorf("the old signage permit verifies as %v", old)
	}
	if len(s.licencesByType("drainage-permit", "superseded")) != 0 {
		t.Fatal("the drainage permit was reissued before its review")
	}
	s.approve(water, id, "linked-drainage-permit")
	s.waitCase(water, id, "completed", func(c map[string]any) bool { return c["status"] == "completed" })
	recordHistory(t, s, id, "case-enterprise-change-v2.json")
	drainage := s.licencesByType("drainage-permit", "valid")
	if len(drainage) != 1 || drainage[0]["holder_name"] != newName || drainage[0]["version"] != 2.0 {
		t.Errorf("after its review the drainage permit is %v", drainage)
	}

	t.Run("UntouchedFieldsLeaveLicencesAlone", func(t *testing.T) {
		before := len(s.licencesByType("food-licence", "valid"))
		id, _ := s.changeCase(t, "change-scope", map[string]any{"enterprise.name": newName, "enterprise.scope": "餐饮服务；食品销售；会议服务"})
		c := s.waitCase(s.login("li-na"), id, "completed", func(c map[string]any) bool { return c["status"] == "completed" })
		if n := countEvents(c, "linked_reissued"); n != 0 {
			t.Errorf("a scope change reissued %d linked licences", n)
		}
		if after := len(s.licencesByType("food-licence", "valid")); after != before || len(s.licencesByType("food-licence", "superseded")) != 2 {
			t.Errorf("food licences: %d valid before, %d after", before, after)
		}
	})
}

// TestLinkedChangeSurvivesWorkerRestart: the worker stops in the middle of
// the linked step and starts again; each linked licence is reissued
// exactly once.
func TestLinkedChangeSurvivesWorkerRestart(t *testing.T) {
	s := startSystem(t)
	s.approveRestaurant(t, "restart-restaurant")
	e := demo.Enterprises()[0]
	form := map[string]any{"enterprise.uscc": e.USCC, "enterprise.name": "上海好味餐饮管理有限公司", "enterprise.address": e.Address,
		"legal_rep.name": "李娜", "enterprise.scope": e.Scope}
	applicant, samr := s.login("li-na"), s.login("reviewer-samr")
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant, map[string]any{"bundle": "enterprise-change", "form": form},
		"Idempotency-Key", "restart-change")).body["id"].(string)
	s.waitCase(samr, id, "the change opens", func(c map[string]any) bool { return taskStatus(c, "business-licence-change") == "open" })
	s.approve(samr, id, "business-licence-change")
	s.waitCase(applicant, id, "the first linked reissue", func(c map[string]any) bool { return countEvents(c, "licence_issued") >= 1 })
	s.stopWorker()
	s.startWorker()
	s.approveTaxChange(id)
	s.waitCase(applicant, id, "every linked reissue", func(c map[string]any) bool {
		return countEvents(c, "linked_reissued") == 5 && c["status"] == "completed"
	})
	var versions, numbers int
	if err := s.store.Pool().QueryRow(context.Background(), `SELECT count(*), count(DISTINCT number) FROM licences
		WHERE holder = $1 AND type IN ('food-licence', 'fire-safety-cert', 'signage-permit', 'drainage-permit')`, e.USCC).Scan(&versions, &numbers); err != nil {
		t.Fatal(err)
	}
	if versions != 2*numbers {
		t.Errorf("%d versions of %d licences: each should have exactly two", versions, numbers)
	}
}

// TestLinkedFailureOnBoard: a linked licence that cannot be reissued is
// reported on the supervisors' board; the main change stands.
func TestLinkedFailureOnBoard(t *testing.T) {
	s := startSystem(t)
	e := demo.Enterprises()[0]
	if err := s.store.UpsertLicence(context.Background(), haoban.Licence{ID: uuid.NewString(), Type: "market-stall-permit",
		Number: "STALL-001", Holder: e.USCC, HolderName: e.Name, IssuedBy: "samr", Status: haoban.LicenceValid, Version: 1,
		ValidFrom: time.Now().AddDate(-1, 0, 0), Fields: map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	s.must(200, s.call("PUT", "/api/v1/admin/link-rules/market-stall-permit", s.login("admin"),
		map[string]any{"fields": map[string]string{"enterprise.name": "auto"}}))
	id, _ := s.changeCase(t, "change-failing", map[string]any{"enterprise.name": "上海好味餐饮管理有限公司"})
	c := s.waitCase(s.login("li-na"), id, "the failure recorded", func(c map[string]any) bool {
		return countEvents(c, "linked_failed") == 1 && c["status"] == "completed"
	})
	if c["outcome"] != "approved" || countEvents(c, "linked_reissued") != 1 {
		t.Errorf("the main change and the food licence should stand: %v, %d reissued", c["outcome"], countEvents(c, "linked_reissued"))
	}
	board := s.must(200, s.call("GET", "/api/v1/supervision/tasks", s.login("supervisor"), nil)).body
	if f := board["linked_failures"].([]any); len(f) != 1 || f[0].(map[string]any)["case_id"] != id {
		t.Errorf("board linked failures = %v", board["linked_failures"])
	}
	if page := s.browse(t, "supervisor").get("/board", 200); !strings.Contains(page, "联动换发失败") {
		t.Errorf("the board page does not show the failure")
	}
}
