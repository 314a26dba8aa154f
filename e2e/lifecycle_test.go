package e2e_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// newbornCase submits a newborn case as li-na and waits until the birth
// certificate task is open.
// confirmed is an application that confirms a second open case of the
// same bundle and subject is meant (confirm_duplicate).
func confirmed(t testing.TB, raw []byte) map[string]any {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatal(err)
	}
	body["confirm_duplicate"] = true
	return body
}

func (s *system) newbornCase(applicant, key string) string {
	s.t.Helper()
	form, err := os.ReadFile("../testdata/newborn.json")
	if err != nil {
		s.t.Fatal(err)
	}
	// A test's cases are all for the same child: it confirms each is meant.
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant, confirmed(s.t, form), "Idempotency-Key", key)).body["id"].(string)
	s.waitCase(applicant, id, "birth certificate opens", func(c map[string]any) bool {
		return taskStatus(c, "birth-certificate") == "open"
	})
	return id
}

func taskOf(c map[string]any, item string) map[string]any {
	for _, t := range c["tasks"].([]any) {
		if t.(map[string]any)["item"] == item {
			return t.(map[string]any)
		}
	}
	return nil
}

func TestSupplementRoundTrip(t *testing.T) {
	s := startSystem(t)
	applicant, health, police, hrss := s.login("li-na"), s.login("reviewer-health"), s.login("reviewer-police"), s.login("reviewer-hrss")
	id := s.newbornCase(applicant, "supplement-1")
	s.approve(health, id, "birth-certificate")
	s.waitCase(applicant, id, "hukou opens", func(c map[string]any) bool { return taskStatus(c, "hukou") == "open" })
	s.approve(police, id, "hukou")
	s.waitCase(applicant, id, "social card opens", func(c map[string]any) bool { return taskStatus(c, "social-card") == "open" })
	path := "/api/v1/tasks/" + taskID(id, "social-card")
	s.must(200, s.call("POST", path+"/claim", hrss, nil))

	t.Run("ErrEmptySupplementRequest", func(t *testing.T) {
		r := s.must(422, s.call("POST", path+"/decision", hrss, map[string]any{"decision": "supplement", "missing": []any{}},
			"Idempotency-Key", "empty"))
		if r.code() != "EUNPROCESSABLE" {
			t.Fatalf("code %s", r.code())
		}
	})
	ask := map[string]any{"decision": "supplement", "comment": "请补正以下内容", "missing": []map[string]string{
		{"kind": "field", "key": "card.mailing_address", "reason": "邮寄地址缺少门牌号"},
		{"kind": "field", "key": "card.bank", "reason": "请改选可制卡的银行"},
	}}
	s.must(200, s.call("POST", path+"/decision", hrss, ask, "Idempotency-Key", "ask-1"))
	c := s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body
	if c["status"] != "awaiting_supplement" || taskStatus(c, "social-card") != "awaiting_supplement" {
		t.Fatalf("after the request: case %v, task %v", c["status"], taskStatus(c, "social-card"))
	}
	if missing := taskOf(c, "social-card")["missing"].([]any); len(missing) != 2 {
		t.Fatalf("the applicant sees %d missing items, want 2", len(missing))
	}

	t.Run("ErrAnswerLeavesItemOut", func(t *testing.T) {
		partial := map[string]any{"task_id": taskID(id, "social-card"), "form": map[string]any{"card.mailing_address": "上海市徐汇区漕溪北路88号3号楼1201室"}}
		r := s.must(422, s.call("POST", "/api/v1/cases/"+id+"/supplement", applicant, partial, "Idempotency-Key", "answer-partial"))
		if e := r.body["error"].(map[string]any); e["code"] != "EUNPROCESSABLE" || !strings.Contains(e["message"].(string), "「制卡银行」") {
			t.Fatalf("refusal does not name the unanswered item: %s", r.raw)
		}
	})
	t.Run("ErrStrangerAnswers", func(t *testing.T) {
		s.must(404, s.call("POST", "/api/v1/cases/"+id+"/supplement", s.login("zhang-wei"),
			map[string]any{"task_id": taskID(id, "social-card")}, "Idempotency-Key", "x"))
	})
	answer := map[string]any{"task_id": taskID(id, "social-card"), "form": map[string]any{
		"card.mailing_address": "上海市徐汇区漕溪北路88号3号楼1201室", "card.bank": "工商银行"}}
	task := s.must(200, s.call("POST", "/api/v1/cases/"+id+"/supplement", applicant, answer, "Idempotency-Key", "answer-1"))
	if task.body["status"] != "claimed" || task.body["assignee"] != "reviewer-hrss" {
		t.Fatalf("answered task = %s, want claimed by its reviewer", task.raw)
	}
	c = s.must(200, s.call("GET", "/api/v1/cases/"+id, hrss, nil)).body
	if c["status"] != "in_review" || c["form"].(map[string]any)["card.bank"] != "工商银行" {
		t.Fatalf("after the answer: status %v, bank %v", c["status"], c["form"].(map[string]any)["card.bank"])
	}
	var received map[string]any
	for _, e := range c["events"].([]any) {
		if ev := e.(map[string]any); ev["type"] == "supplement_received" {
			received = ev["detail"].(map[string]any)
		}
	}
	if received == nil || len(received["changes"].([]any)) != 2 {
		t.Fatalf("the reviewer does not get the diff: %v", received)
	}
	s.must(200, s.call("POST", path+"/decision", hrss, map[string]string{"decision": "approve"}, "Idempotency-Key", "approve-1"))
	s.approve(s.login("reviewer-medins"), id, "medical-insurance")
	s.waitCase(applicant, id, "completion", func(c map[string]any) bool { return c["status"] == "completed" })
	recordHistory(t, s, id, "case-newborn-supplement-v7.json")
}

func TestWithdrawal(t *testing.T) {
	s := startSystem(t)
	applicant, health := s.login("li-na"), s.login("reviewer-health")
	id := s.newbornCase(applicant, "withdraw-1")
	s.must(404, s.call("POST", "/api/v1/cases/"+id+"/withdraw", s.login("zhang-wei"), map[string]string{"reason": "x"}))
	s.must(403, s.call("POST", "/api/v1/cases/"+id+"/withdraw", health, map[string]string{"reason": "x"}))
	s.must(422, s.call("POST", "/api/v1/cases/"+id+"/withdraw", applicant, map[string]string{"reason": ""}))
	c := s.must(200, s.call("POST", "/api/v1/cases/"+id+"/withdraw", applicant, map[string]string{"reason": "已在外省办理"})).body
	if c["status"] != "withdrawn" {
		t.Fatalf("status = %v", c["status"])
	}
	for _, task := range c["tasks"].([]any) {
		if st := task.(map[string]any)["status"]; st != "cancelled" {
			t.Errorf("task %v is %v after withdrawal", task.(map[string]any)["item"], st)
		}
	}
	r := s.must(409, s.call("POST", "/api/v1/cases/"+id+"/withdraw", applicant, map[string]string{"reason": "再撤一次"}))
	if r.code() != "ECONFLICT" {
		t.Fatalf("code %s", r.code())
	}
	s.must(409, s.call("POST", "/api/v1/tasks/"+taskID(id, "birth-certificate")+"/claim", health, nil))
	s.must(409, s.call("POST", "/api/v1/tasks/"+taskID(id, "birth-certificate")+"/decision", health,
		map[string]string{"decision": "approve"}, "Idempotency-Key", "late"))
}

func TestReassignReleaseAndComments(t *testing.T) {
	s := startSystem(t)
	applicant, samr, samr2, fire, sup := s.login("li-na"), s.login("reviewer-samr"), s.login("reviewer-samr-2"), s.login("reviewer-fire"), s.login("supervisor")
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		t.Fatal(err)
	}
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", "reassign-1")).body["id"].(string)
	s.waitCase(applicant, id, "business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
	path := "/api/v1/tasks/" + taskID(id, "business-licence")
	s.must(200, s.call("POST", path+"/claim", samr, nil))

	t.Run("ErrAcrossDepartments", func(t *testing.T) {
		r := s.must(422, s.call("POST", path+"/reassign", sup, map[string]string{"user_id": "reviewer-fire"}))
		if e := r.body["error"].(map[string]any); e["field"] != "body.user_id" {
			t.Fatalf("error = %s", r.raw)
		}
	})
	t.Run("ErrReviewerReassigns", func(t *testing.T) {
		s.must(403, s.call("POST", path+"/reassign", samr, map[string]string{"user_id": "reviewer-samr-2"}))
	})
	moved := s.must(200, s.call("POST", path+"/reassign", sup, map[string]string{"user_id": "reviewer-samr-2"}))
	if moved.body["assignee"] != "reviewer-samr-2" {
		t.Fatalf("reassigned task = %s", moved.raw)
	}
	s.must(403, s.call("POST", path+"/decision", samr, map[string]string{"decision": "approve"}, "Idempotency-Key", "k"))
	s.must(403, s.call("POST", path+"/release", samr, nil))
	released := s.must(200, s.call("POST", path+"/release", samr2, nil))
	if released.body["status"] != "open" || released.body["assignee"] != "" {
		t.Fatalf("released task = %s", released.raw)
	}

	t.Run("InternalComments", func(t *testing.T) {
		s.must(200, s.call("POST", path+"/comments", samr, map[string]string{"body": "住所使用证明需核对产权人"}))
		list := s.must(200, s.call("GET", path+"/comments", sup, nil))
		if n := len(list.body["comments"].([]any)); n != 1 {
			t.Fatalf("%d comments", n)
		}
		s.must(403, s.call("GET", path+"/comments", applicant, nil))
		s.must(403, s.call("GET", path+"/comments", fire, nil))
		c := s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil))
		if strings.Contains(string(c.raw), "产权人") {
			t.Fatal("the applicant sees an internal comment in the case")
		}
	})
}

func TestAuditTrail(t *testing.T) {
	s := startSystem(t)
	applicant, health := s.login("li-na"), s.login("reviewer-health")
	id := s.newbornCase(applicant, "audit-1")
	s.approve(health, id, "birth-certificate")
	s.waitCase(applicant, id, "hukou opens", func(c map[string]any) bool { return taskStatus(c, "hukou") == "open" })

	s.must(403, s.call("GET", "/api/v1/cases/"+id+"/audit", applicant, nil))
	s.must(404, s.call("GET", "/api/v1/cases/"+id+"/audit", s.login("reviewer-fire"), nil))
	trail := s.must(200, s.call("GET", "/api/v1/cases/"+id+"/audit", s.login("reviewer-police"), nil))
	var actions []string
	for _, e := range trail.body["entries"].([]any) {
		entry := e.(map[string]any)
		actions = append(actions, entry["action"].(string))
		if entry["action"] == "task_decided" && (entry["request_id"] == "" || entry["client_addr"] == "" || entry["role"] != "reviewer") {
			t.Errorf("a person's decision is audited without request ID, address or role: %v", entry)
		}
	}
	for _, want := range []string{"submitted", "task_opened", "task_claimed", "task_decided"} {
		if countOf(actions, want) == 0 {
			t.Errorf("audit lacks %s: %v", want, actions)
		}
	}

	ctx := t.Context()
	res, err := s.store.VerifyAudit(ctx)
	if err != nil || res.BrokenAt != 0 || res.Checked < 5 {
		t.Fatalf("intact chain: %v, %v", res, err)
	}
	conn, err := pgx.Connect(ctx, s.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `UPDATE audit SET actor = 'mallory' WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	res, err = s.store.VerifyAudit(ctx)
	if err != nil || res.BrokenAt != 3 {
		t.Fatalf("after editing row 3 verify says %v, %v; want broken at 3", res, err)
	}
}
