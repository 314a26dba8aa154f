package e2e_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"haoban"
	"haoban/issuing"
)

// approveRestaurant takes an open-restaurant case through every review
// and waits until it completes with each licence issued.
func (s *system) approveRestaurant(t *testing.T, key string) (caseID string, done map[string]any) {
	t.Helper()
	applicant := s.login("li-na")
	caseID = s.must(201, s.call("POST", "/api/v1/cases", applicant,
		map[string]any{"bundle": "open-restaurant", "form": readForm(t, "../testdata/open-restaurant.json")}, "Idempotency-Key", key)).body["id"].(string)
	samr := s.login("reviewer-samr")
	s.waitCase(samr, caseID, "business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
	s.approve(samr, caseID, "business-licence")
	s.waitCase(samr, caseID, "the rest open", func(c map[string]any) bool { return taskStatus(c, "food-licence") == "open" })
	for item, reviewer := range map[string]string{"food-licence": "reviewer-samr", "fire-check": "reviewer-fire",
		"signage": "reviewer-greening", "drainage": "reviewer-water"} {
		s.approve(s.login(reviewer), caseID, item)
	}
	done = s.waitCase(applicant, caseID, "five licences issued", func(c map[string]any) bool {
		return countEvents(c, "licence_issued") == 5 && c["status"] == "completed"
	})
	return caseID, done
}

// TestSealedLicences: an approved case yields a sealed licence and decision
// per item; both signatures verify, pdfsig accepts the PDF signature, a
// flipped byte fails, a revoked licence verifies as revoked, and issuing
// again issues nothing new.
func TestSealedLicences(t *testing.T) {
	s := startSystem(t)
	caseID, _ := s.approveRestaurant(t, "sealed-1")
	applicant := s.login("li-na")
	var food map[string]any
	for _, l := range s.must(200, s.call("GET", "/api/v1/licences", applicant, nil)).body["licences"].([]any) {
		if lic := l.(map[string]any); lic["type"] == "food-licence" && lic["case_id"] == caseID {
			food = lic
		}
	}
	if food == nil || len(food["documents"].([]any)) != 2 || food["holder"] != "91310115MA1K4ABCDD" {
		t.Fatalf("the issued food licence = %v", food)
	}
	docID := food["documents"].([]any)[0].(map[string]any)["id"].(string)
	pdf := s.must(200, s.call("GET", "/api/v1/documents/"+docID, applicant, nil)).raw
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the document is not a PDF: %.100q", pdf)
	}
	s.must(404, s.call("GET", "/api/v1/documents/"+docID, s.login("zhang-wei"), nil))

	t.Run("PdfsigAccepts", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "licence.pdf")
		if err := os.WriteFile(path, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdfsig", path).CombinedOutput()
		if err != nil && len(out) == 0 {
			t.Fatalf("pdfsig: %v (run scripts/ensure-pdf.sh)", err)
		}
		if !strings.Contains(string(out), "Signature is Valid") {
			t.Errorf("pdfsig does not accept the signature:\n%s", out)
		}
	})
	v := s.must(200, s.call("GET", "/api/v1/verify/"+docID, "", nil)).body
	if v["valid"] != true || v["seal"].(map[string]any)["valid"] != true {
		t.Fatalf("verification = %v", v)
	}
	if up := s.verifyFile(pdf); up.status != 200 || up.body["valid"] != true {
		t.Errorf("uploaded original: %d %s", up.status, up.raw)
	}
	flipped := bytes.Clone(pdf)
	flipped[len(flipped)/3] ^= 0x01
	bad := s.verifyFile(flipped)
	if bad.status != 200 || bad.body["valid"] != false || len(bad.body["reasons"].([]any)) < 2 {
		t.Errorf("a flipped byte: %d %s", bad.status, bad.raw)
	}

	again, err := s.issuer.Issue(context.Background(), issuing.Request{CaseID: caseID, Item: "food-licence"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Licence.ID != food["id"] || again.Licence.Number != food["number"] ||
		!slices.ContainsFunc(again.Documents, func(d haoban.Document) bool { return d.ID == docID }) {
		t.Errorf("issuing again made %+v", again.Licence)
	}
	var licences, documents int
	if err := s.store.Pool().QueryRow(context.Background(), `SELECT (SELECT count(*) FROM licences WHERE case_id = $1),
		(SELECT count(*) FROM documents WHERE case_id = $1)`, caseID).Scan(&licences, &documents); err != nil {
		t.Fatal(err)
	}
	if licences != 5 || documents != 10 {
		t.Errorf("%d licences and %d documents, want 5 and 10", licences, documents)
	}

	page := s.browse(t, "zhang-wei").get("/verify/"+docID, 200)
	if !strings.Contains(page, "verdict-ok") || !strings.Contains(page, "两重签名均验证通过") || !strings.Contains(page, food["number"].(string)) || external.MatchString(page) {
		t.Errorf("the public verification page: %.800s", page)
	}

	s.must(200, s.call("POST", "/api/v1/admin/licences/"+food["id"].(string)+"/revoke", s.login("admin"), map[string]any{"reason": "以欺骗手段取得许可"}))
	revoked := s.must(200, s.call("GET", "/api/v1/verify/"+docID, "", nil)).body
	if revoked["valid"] != false || !strings.Contains(string(mustJSON(t, revoked["reasons"])), "吊销") {
		t.Errorf("a revoked licence verifies as %v", revoked)
	}
}

// verifyFile posts a file to the public verification, signed in as nobody.
func (s *system) verifyFile(content []byte) response {
	s.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", "licence.pdf")
	if err != nil {
		s.t.Fatal(err)
	}
	_, _ = part.Write(content)
	_ = w.Close()
	req, err := http.NewRequest("POST", s.base+"/api/v1/verify", &body)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := s.http.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := response{status: resp.StatusCode, raw: raw}
	_ = decodeJSON(raw, &r.body)
	return r
}

// TestReissueSupersedes: a licence reissued with a changed name gets a new
// sealed version that verifies with the new name; the old version verifies
// as superseded and points to it; reissuing again issues nothing new. The
// link rules that decide when this happens are data an admin edits.
func TestReissueSupersedes(t *testing.T) {
	s := startSystem(t)
	caseID, _ := s.approveRestaurant(t, "reissue-1")
	var oldID, oldDoc string
	for _, l := range s.must(200, s.call("GET", "/api/v1/licences", s.login("li-na"), nil)).body["licences"].([]any) {
		if lic := l.(map[string]any); lic["type"] == "signage-permit" && lic["case_id"] == caseID {
			oldID, oldDoc = lic["id"].(string), lic["documents"].([]any)[0].(map[string]any)["id"].(string)
		}
	}
	ctx := context.Background()
	changes := map[string]any{"enterprise.name": "上海好味餐饮管理有限公司"}
	next, err := s.issuer.Reissue(ctx, oldID, "", changes)
	if err != nil {
		t.Fatal(err)
	}
	if next.Licence.Version != 2 || next.Licence.HolderName != "上海好味餐饮管理有限公司" || len(next.Documents) != 2 {
		t.Fatalf("new version = %+v", next.Licence)
	}
	old := s.must(200, s.call("GET", "/api/v1/verify/"+oldDoc, "", nil)).body
	if old["valid"] != false || old["successor"].(map[string]any)["id"] != next.Licence.ID {
		t.Errorf("the old version verifies as %v", old)
	}
	fresh := s.must(200, s.call("GET", "/api/v1/verify/"+next.Documents[0].ID, "", nil)).body
	if fresh["valid"] != true || fresh["licence"].(map[string]any)["holder_name"] != "上海好味餐饮管理有限公司" {
		t.Errorf("the new version verifies as %v", fresh)
	}
	again, err := s.issuer.Reissue(ctx, oldID, "", changes)
	if err != nil || again.Licence.ID != next.Licence.ID || again.Documents[0].ID != next.Documents[0].ID {
		t.Errorf("reissuing again: %+v %v", again.Licence, err)
	}

	admin := s.login("admin")
	rules := s.must(200, s.call("GET", "/api/v1/admin/link-rules", s.login("reviewer-samr"), nil)).body["rules"].([]any)
	if len(rules) < 4 {
		t.Errorf("demo link rules = %v", rules)
	}
	s.must(403, s.call("PUT", "/api/v1/admin/link-rules/signage-permit", s.login("reviewer-greening"),
		map[string]any{"fields": map[string]string{"enterprise.name": "review"}}))
	s.must(422, s.call("PUT", "/api/v1/admin/link-rules/signage-permit", admin,
		map[string]any{"fields": map[string]string{"enterprise.name": "later"}}))
	s.must(200, s.call("PUT", "/api/v1/admin/link-rules/signage-permit", admin,
		map[string]any{"fields": map[string]string{"enterprise.name": "review", "premises.address": "review"}}))
}
