package e2e_test

import (
	"strconv"
	"testing"
	"time"
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
	if ck := clockOf(c); ck == nil || ck["state"] != "running" || ck["budget_days"] != 7.0 || ck["due"] == nil {
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
	if n := len(cal["years"].([]any)); n < 2 {
		t.Fatalf("%d years loaded, want at least the built-in 2025 and 2026", n)
	}
	year := strconv.Itoa(time.Now().Year() + 5)
	notice := map[string]any{"source": "国办发明电（示例）", "days": []map[string]any{
		{"date": year + "-01-01", "name": "元旦", "work": false},
		{"date": year + "-10-01", "name": "国庆节", "work": false},
	}}
	path := "/api/v1/admin/calendar/" + year
	s.must(403, s.call("PUT", path, s.login("supervisor"), notice))
	s.must(403, s.call("PUT", path, s.login("li-na"), notice))
	wrongYear := map[string]any{"source": "x", "days": []map[string]any{{"date": "2026-01-01", "name": "元旦", "work": false}}}
	r := s.must(422, s.call("PUT", path, admin, wrongYear))
	if r.body["error"].(map[string]any)["field"] != "body.days" {
		t.Fatalf("%s", r.raw)
	}
	loaded := s.must(200, s.call("PUT", path, admin, notice)).body
	found := false
	for _, y := range loaded["years"].([]any) {
		if y := y.(map[string]any); strconv.Itoa(int(y["year"].(float64))) == year {
			found = len(y["days"].([]any)) == 2 && y["loaded_by"] == "admin"
		}
	}
	if !found {
		t.Fatalf("year %s not loaded as sent: %v", year, loaded["years"])
	}
	res, err := s.store.VerifyAudit(t.Context())
	if err != nil || res.BrokenAt != 0 {
		t.Fatalf("audit after loading a calendar: %v, %v", res, err)
	}
}
