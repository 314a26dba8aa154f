package e2e_test

import (
	"testing"
)

func clockOf(v map[string]any) map[string]any {
	c, _ := v["clock"].(map[string]any)
	return c
}

// TestClocksInCaseView: the case and each open task show their budget, due
// date and state; a supplement request pauses both, the answer resumes them.
func TestClocksInCaseView(t *testing.T) {
	s := startSystem(t)
	applicant, health := s.login("li-na"), s.login("reviewer-health")
	id := s.newbornCase(applicant, "clock-1")
	c := s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body
	if ck := clockOf(c); ck == nil || ck["state"] != "running" || ck["budget_days"] != 5.0 || ck["due"] == nil {
		t.Fatalf("case clock = %v", ck)
	}
	if ck := clockOf(taskOf(c, "birth-certificate")); ck == nil || ck["budget_days"] != 2.0 || ck["state"] != "running" {
		t.Fatalf("open task clock = %v", ck)
	}
	if ck := clockOf(taskOf(c, "hukou")); ck != nil {
		t.Fatalf("a pending task has a clock: %v", ck)
	}

	path := "/api/v1/tasks/" + taskID(id, "birth-certificate")
	s.must(200, s.call("POST", path+"/claim", health, nil))
	s.must(200, s.call("POST", path+"/decision", health, map[string]any{"decision": "supplement", "missing": []map[string]string{
		{"kind": "field", "key": "child.hospital", "reason": "医院名称与出生记录不符"}}}, "Idempotency-Key", "ask"))
	c = s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body
	task := clockOf(taskOf(c, "birth-certificate"))
	if task["state"] != "paused" || task["due"] != nil || len(task["pauses"].([]any)) != 1 {
		t.Fatalf("task clock while waiting for the applicant = %v", task)
	}
	if clockOf(c)["state"] != "paused" {
		t.Fatalf("case clock while waiting = %v", clockOf(c))
	}
	s.must(200, s.call("POST", "/api/v1/cases/"+id+"/supplement", applicant, map[string]any{
		"task_id": taskID(id, "birth-certificate"), "form": map[string]any{"child.hospital": "上海市第一妇婴保健院（西院）"}},
		"Idempotency-Key", "answer"))
	c = s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body
	task = clockOf(taskOf(c, "birth-certificate"))
	pause := task["pauses"].([]any)[0].(map[string]any)
	if task["state"] != "running" || task["due"] == nil || pause["to"] == nil || pause["reason"] != "supplement" {
		t.Fatalf("task clock after the answer = %v", task)
	}
	s.must(200, s.call("POST", path+"/decision", health, map[string]string{"decision": "approve"}, "Idempotency-Key", "ok"))
	c = s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body
	if st := clockOf(taskOf(c, "birth-certificate"))["state"]; st != "met" {
		t.Fatalf("decided task's clock = %v, want met", st)
	}
}

func TestCalendarAdministration(t *testing.T) {
	s := startSystem(t)
	admin := s.login("admin")
	cal := s.must(200, s.call("GET", "/api/v1/admin/calendar", admin, nil)).body
	if n := len(cal["years"].([]any)); n != 2 {
		t.Fatalf("%d years seeded, want 2025 and 2026", n)
	}
	if missing := cal["missing"].([]any); len(missing) == 0 || missing[len(missing)-1] != 2027.0 {
		t.Fatalf("missing = %v, want the board warned about 2027", missing)
	}
	year2027 := map[string]any{"source": "国办发明电〔2026〕（示例）", "days": []map[string]any{
		{"date": "2027-01-01", "name": "元旦", "work": false},
		{"date": "2027-02-06", "name": "春节", "work": false},
	}}
	s.must(403, s.call("PUT", "/api/v1/admin/calendar/2027", s.login("supervisor"), year2027))
	s.must(403, s.call("PUT", "/api/v1/admin/calendar/2027", s.login("li-na"), year2027))
	wrongYear := map[string]any{"source": "x", "days": []map[string]any{{"date": "2026-01-01", "name": "元旦", "work": false}}}
	r := s.must(422, s.call("PUT", "/api/v1/admin/calendar/2027", admin, wrongYear))
	if r.body["error"].(map[string]any)["field"] != "body.days" {
		t.Fatalf("%s", r.raw)
	}
	loaded := s.must(200, s.call("PUT", "/api/v1/admin/calendar/2027", admin, year2027)).body
	for _, m := range loaded["missing"].([]any) {
		if m == 2027.0 {
			t.Fatal("2027 still missing after loading it")
		}
	}
	res, err := s.store.VerifyAudit(t.Context())
	if err != nil || res.BrokenAt != 0 {
		t.Fatalf("audit after loading a calendar: %v, %v", res, err)
	}
}
