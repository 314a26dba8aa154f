package e2e_test

import (
	"strings"
	"testing"

	"haoban/demo"
)

// TestLicenceLibrary: holders see their own licences, staff name a holder,
// and an admin's revocation takes the licence out of service: it no longer
// stands for a material.
func TestLicenceLibrary(t *testing.T) {
	s := startSystem(t)
	applicant, admin := s.login("li-na"), s.login("admin")
	own := s.must(200, s.call("GET", "/api/v1/licences", applicant, nil)).body["licences"].([]any)
	if len(own) != len(demo.Licences()) {
		t.Fatalf("li-na sees %d licences, want the company's %d", len(own), len(demo.Licences()))
	}
	if other := s.must(200, s.call("GET", "/api/v1/licences", s.login("zhang-wei"), nil)).body["licences"].([]any); len(other) != 0 {
		t.Errorf("zhang-wei sees another holder's licences: %v", other)
	}
	uscc := demo.Enterprises()[0].USCC
	s.must(403, s.call("GET", "/api/v1/licences?holder="+uscc, s.login("zhang-wei"), nil))
	if staff := s.must(200, s.call("GET", "/api/v1/licences?holder="+uscc, s.login("reviewer-samr"), nil)).body["licences"].([]any); len(staff) != len(own) {
		t.Errorf("a reviewer naming the holder sees %d licences", len(staff))
	}

	page := s.browse(t, "li-na").get("/licences", 200)
	if !strings.Contains(page, "JY23101150012345") || !strings.Contains(page, "上海好味餐饮有限公司") || external.MatchString(page) {
		t.Errorf("the licences page: %.600s", page)
	}
	if page := s.browse(t, "reviewer-samr").get("/licences", 403); !strings.Contains(page, "无权") {
		t.Errorf("a reviewer's licences page: %.300s", page)
	}

	var cert string
	for _, l := range demo.Licences() {
		if l.Type == "food-safety-manager-cert" {
			cert = l.ID
		}
	}
	s.must(403, s.call("POST", "/api/v1/admin/licences/"+cert+"/revoke", applicant, map[string]any{"reason": "培训合格证明已过期"}))
	s.must(422, s.call("POST", "/api/v1/admin/licences/"+cert+"/revoke", admin, map[string]any{"reason": ""}))
	revoked := s.must(200, s.call("POST", "/api/v1/admin/licences/"+cert+"/revoke", admin, map[string]any{"reason": "培训合格证明已过期"})).body
	if revoked["status"] != "revoked" || revoked["revoked_reason"] != "培训合格证明已过期" {
		t.Errorf("revoked = %v", revoked)
	}
	s.must(409, s.call("POST", "/api/v1/admin/licences/"+cert+"/revoke", admin, map[string]any{"reason": "再次吊销"}))
	s.must(404, s.call("POST", "/api/v1/admin/licences/not-a-licence/revoke", admin, map[string]any{"reason": "没有这个证照"}))

	id := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]any{"bundle": "open-restaurant"})).body["id"].(string)
	if ex := s.must(200, s.call("POST", "/api/v1/drafts/"+id+"/prereview", applicant, nil)).body["exempted"]; ex != nil && len(ex.([]any)) != 0 {
		t.Errorf("a revoked licence still stands for a material: %v", ex)
	}
}
