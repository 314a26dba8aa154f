package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"haoban/ocr/ocrtest"
)

// TestRulesAdmin: admins keep the review points as data; a rule that does
// not compile, is not boolean or could run unbounded is refused with the
// compiler's message; every save is a new version.
func TestRulesAdmin(t *testing.T) {
	s := startSystem(t)
	admin := s.login("admin")
	list := s.must(200, s.call("GET", "/api/v1/admin/rules?item=fire-check", s.login("reviewer-fire"), nil)).body["rules"].([]any)
	if len(list) < 3 {
		t.Fatalf("fire-check has %d demo rules", len(list))
	}
	s.must(403, s.call("GET", "/api/v1/admin/rules", s.login("zhang-wei"), nil))
	if all := s.must(200, s.call("GET", "/api/v1/admin/rules", admin, nil)).body["rules"].([]any); len(all) < 20 {
		t.Errorf("all rules: %d", len(all))
	}

	rule := func(code, expr string) map[string]any {
		return map[string]any{"item": "food-licence", "code": code, "expression": expr, "message": "从业人员至少 1 人",
			"hint": "请填写从业人员数", "legal_basis": "《食品经营许可审查通则》", "severity": "warning",
			"effective_from": time.Now().AddDate(0, 0, 10).Format(time.DateOnly)}
	}
	s.must(403, s.call("POST", "/api/v1/admin/rules", s.login("reviewer-samr"), rule("staff", `form["food.staff"] >= 1.0`)))
	for name, c := range map[string]struct{ expr, says string }{
		"ErrSyntax":     {`form["food.staff"] >= `, "Syntax error"},
		"ErrNotBoolean": {`1 + 1`, "int"},
		"ErrCost":       {`sources.all(a, sources.all(b, a == b || a != b))`, "超过上限"},
	} {
		t.Run(name, func(t *testing.T) {
			r := s.must(422, s.call("POST", "/api/v1/admin/rules", admin, rule("bad", c.expr)))
			if !strings.Contains(string(r.raw), c.says) {
				t.Errorf("refusal does not carry the compiler's message %q: %s", c.says, r.raw)
			}
		})
	}
	unknown := rule("staff", `true`)
	unknown["item"] = "no-such-item"
	s.must(422, s.call("POST", "/api/v1/admin/rules", admin, unknown))

	saved := s.must(201, s.call("POST", "/api/v1/admin/rules", admin, rule("staff", `form["food.staff"] >= 1.0`))).body
	id := saved["id"].(string)
	if saved["version"] != 1.0 {
		t.Errorf("first version = %v", saved["version"])
	}
	s.must(409, s.call("POST", "/api/v1/admin/rules", admin, rule("staff", `true`)))
	again := s.must(200, s.call("PUT", "/api/v1/admin/rules/"+id, admin, rule("staff", `form["food.staff"] >= 2.0`))).body
	if again["version"] != 2.0 || again["expression"] != `form["food.staff"] >= 2.0` {
		t.Errorf("second version = %v", again)
	}
	s.must(422, s.call("PUT", "/api/v1/admin/rules/"+id, admin, rule("other-code", `true`)))
	s.must(404, s.call("PUT", "/api/v1/admin/rules/not-a-rule", admin, rule("staff", `true`)))
	history := s.must(200, s.call("GET", "/api/v1/admin/rules/"+id+"/history", admin, nil)).body["rules"].([]any)
	if len(history) != 2 || history[1].(map[string]any)["expression"] != `form["food.staff"] >= 1.0` {
		t.Errorf("history = %v", history)
	}
}

// TestDraftPrereview: the applicant learns every rule's result before
// submitting; a material an e-licence stands for need not be uploaded; a
// rule loaded ahead of its effective date does not apply yet.
func TestDraftPrereview(t *testing.T) {
	s := startSystem(t)
	admin, applicant := s.login("admin"), s.login("li-na")
	ahead := map[string]any{"item": "food-licence", "code": "ahead", "expression": `false`, "message": "下月起施行",
		"severity": "blocking", "effective_from": time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}
	s.must(201, s.call("POST", "/api/v1/admin/rules", admin, ahead))

	id := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]any{"bundle": "open-restaurant"})).body["id"].(string)
	s.must(404, s.call("POST", "/api/v1/drafts/"+id+"/prereview", s.login("zhang-wei"), nil))
	outcome := func(rep map[string]any) map[string]string {
		out := map[string]string{}
		for _, r := range rep["results"].([]any) {
			res := r.(map[string]any)
			out[res["item"].(string)+"/"+res["rule"].(string)] = res["outcome"].(string)
		}
		return out
	}
	rep := s.must(200, s.call("POST", "/api/v1/drafts/"+id+"/prereview", applicant, nil)).body
	got := outcome(rep)
	if got["business-licence/articles"] != "failed" || got["business-licence/legal-rep-id"] != "passed" ||
		got["food-licence/scope-catering"] != "passed" {
		t.Errorf("pre-review = %v", got)
	}
	if _, ok := got["food-licence/ahead"]; ok {
		t.Error("a rule not yet in force was applied")
	}
	if rep["passed"] != false || rep["blocking"].(float64) < 1 {
		t.Errorf("report = passed %v, blocking %v", rep["passed"], rep["blocking"])
	}
	if ex := rep["exempted"].([]any); len(ex) != 1 || ex[0] != "food-manager-proof" {
		t.Errorf("exempted = %v, want the food-safety manager's proof (the applicant holds the certificate)", ex)
	}

	s.must(201, s.upload("/api/v1/drafts/"+id+"/materials", applicant, "articles", "章程.pdf", pdf("articles")))
	if got := outcome(s.must(200, s.call("POST", "/api/v1/drafts/"+id+"/prereview", applicant, nil)).body); got["business-licence/articles"] != "passed" {
		t.Errorf("after the upload, articles = %s", got["business-licence/articles"])
	}
	missing := s.must(422, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, nil))
	if strings.Contains(string(missing.raw), "materials.food-manager-proof") || !strings.Contains(string(missing.raw), "materials.layout") {
		t.Errorf("submission should ask for the layout but not the exempted proof: %s", missing.raw)
	}
}

// TestNotAcceptedThenResubmitted: a draft whose pre-review at submission
// finds a blocking problem is not accepted (不予受理) and opens again; the
// applicant fixes it and submits the same draft, and the business licence,
// whose rules all pass, is approved by the system at once (秒批).
func TestNotAcceptedThenResubmitted(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	id := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]any{"bundle": "open-restaurant"})).body["id"].(string)
	form := readForm(t, "../testdata/open-restaurant.json")
	form["venue.exits"] = 1.0 // 60 people need two exits
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": form}))
	for _, code := range restaurantMaterials {
		s.upload("/api/v1/drafts/"+id+"/materials", applicant, code, code+".pdf", pdf(code))
	}
	pledged := map[string]any{"pledges": generatedCodes}
	first := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, pledged)).body["id"].(string)
	c := s.waitCase(applicant, first, "not accepted", func(c map[string]any) bool { return c["status"] == "not_accepted" })
	if taskStatus(c, "fire-check") != "cancelled" || !strings.Contains(string(mustJSON(t, c["events"])), "安全出口") {
		t.Errorf("not accepted without the reason: %v", c["events"])
	}
	if rep, _ := c["prereview"].(map[string]any); rep == nil || rep["blocking"].(float64) < 1 {
		t.Errorf("the case keeps no pre-review report: %v", c["prereview"])
	}
	d := s.must(200, s.call("GET", "/api/v1/drafts/"+id, applicant, nil)).body
	if d["submitted_at"] != nil || d["attempts"] != 1.0 {
		t.Fatalf("the draft did not open again: %v", d)
	}

	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": map[string]any{"venue.exits": 2.0}}))
	second := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, pledged)).body["id"].(string)
	if second == first {
		t.Fatal("the resubmission returned the case not accepted")
	}
	c = s.waitCase(applicant, second, "instant approval", func(c map[string]any) bool {
		return taskStatus(c, "business-licence") == "approved" && taskStatus(c, "food-licence") == "open"
	})
	if bl := taskOf(c, "business-licence"); bl["assignee"] != "system" {
		t.Errorf("business licence approved by %v, want the system", bl["assignee"])
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestScanComparedWithForm: OCR reads the legal representative's ID card
// on upload, and the pre-review finds a number that differs from the form.
func TestScanComparedWithForm(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	id := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]any{"bundle": "open-restaurant"})).body["id"].(string)
	scanCheck := func() string {
		for _, r := range s.must(200, s.call("POST", "/api/v1/drafts/"+id+"/prereview", applicant, nil)).body["results"].([]any) {
			if res := r.(map[string]any); res["rule"] == "legal-rep-id-scan" {
				return res["outcome"].(string)
			}
		}
		return "missing"
	}
	if got := scanCheck(); got != "passed" {
		t.Errorf("without a scan the check is %s, want passed (nothing to compare)", got)
	}
	other, err := ocrtest.IDCard("李娜", "440305198512245615")
	if err != nil {
		t.Fatal(err)
	}
	m := s.must(201, s.upload("/api/v1/drafts/"+id+"/materials", applicant, "legal-rep-id", "身份证.png", other)).body
	if f, _ := m["fields"].(map[string]any); f["id_number"] != "440305198512245615" || f["name"] != "李娜" {
		t.Fatalf("OCR read %v", m["fields"])
	}
	if got := scanCheck(); got != "failed" {
		t.Errorf("a scan of another number: the check is %s, want failed", got)
	}
	own, err := ocrtest.IDCard("李娜", "310115198811203215")
	if err != nil {
		t.Fatal(err)
	}
	s.must(201, s.upload("/api/v1/drafts/"+id+"/materials", applicant, "legal-rep-id", "身份证-本人.png", own))
	if got := scanCheck(); got != "passed" {
		t.Errorf("after the right scan the check is %s", got)
	}
}
