package e2e_test

import (
	"os"
	"slices"
	"testing"
)

// TestOpenRestaurantJourney drives one open-restaurant case through the API
// from submission to approval: the applicant and the reviewers of four
// departments, each with their own token.
func TestOpenRestaurantJourney(t *testing.T) {
	s := startSystem(t)
	applicant, stranger := s.login("li-na"), s.login("zhang-wei")
	reviewers := map[string]string{}
	for _, d := range []string{"samr", "fire", "greening", "water", "health"} {
		reviewers[d] = s.login("reviewer-" + d)
	}
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		t.Fatal(err)
	}

	created := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", "journey-1"))
	id := created.body["id"].(string)
	if created.body["status"] != "in_review" {
		t.Fatalf("new case status = %v, want in_review", created.body["status"])
	}
	t.Run("RetrySameKeySameCase", func(t *testing.T) {
		again := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", "journey-1"))
		if again.body["id"] != id {
			t.Fatalf("retry made case %v, want %s", again.body["id"], id)
		}
		mine := s.must(200, s.call("GET", "/api/v1/cases", applicant, nil))
		if n := len(mine.body["cases"].([]any)); n != 1 {
			t.Fatalf("applicant has %d cases after a retried submission, want 1", n)
		}
	})
	t.Run("ErrStrangerCannotSeeCase", func(t *testing.T) {
		s.must(404, s.call("GET", "/api/v1/cases/"+id, stranger, nil))
		s.must(404, s.call("GET", "/api/v1/cases/"+id, reviewers["health"], nil))
		if others := s.must(200, s.call("GET", "/api/v1/cases", stranger, nil)); len(others.body["cases"].([]any)) != 0 {
			t.Fatalf("a stranger lists another applicant's case: %s", others.raw)
		}
	})

	s.waitCase(applicant, id, "business licence opens", func(c map[string]any) bool {
		return taskStatus(c, "business-licence") == "open"
	})
	t.Run("ErrOtherDepartmentCannotAct", func(t *testing.T) {
		r := s.must(403, s.call("POST", "/api/v1/tasks/"+taskID(id, "business-licence")+"/claim", reviewers["fire"], nil))
		if r.code() != "EFORBIDDEN" {
			t.Fatalf("code = %s, want EFORBIDDEN", r.code())
		}
		s.must(403, s.call("POST", "/api/v1/tasks/"+taskID(id, "business-licence")+"/claim", applicant, nil))
	})
	t.Run("InboxListsOwnDepartment", func(t *testing.T) {
		inbox := s.must(200, s.call("GET", "/api/v1/tasks?status=open", reviewers["samr"], nil))
		tasks := inbox.body["tasks"].([]any)
		if len(tasks) != 1 || tasks[0].(map[string]any)["item"] != "business-licence" {
			t.Fatalf("samr's open tasks = %s", inbox.raw)
		}
		if fire := s.must(200, s.call("GET", "/api/v1/tasks?status=open", reviewers["fire"], nil)); len(fire.body["tasks"].([]any)) != 0 {
			t.Fatalf("fire sees tasks before the business licence is approved: %s", fire.raw)
		}
	})

	s.approve(reviewers["samr"], id, "business-licence")
	t.Run("DecisionRetriedHasOneEffect", func(t *testing.T) {
		body := map[string]string{"decision": "approve", "comment": "材料齐全，准予登记"}
		path := "/api/v1/tasks/" + taskID(id, "business-licence") + "/decision"
		again := s.must(200, s.call("POST", path, reviewers["samr"], body, "Idempotency-Key", "decide-business-licence"))
		if again.body["status"] != "approved" {
			t.Fatalf("retried decision answered %s", again.raw)
		}
		twice := s.must(409, s.call("POST", path, reviewers["samr"], body, "Idempotency-Key", "another-key"))
		if twice.code() != "ECONFLICT" {
			t.Fatalf("deciding twice: code %s, want ECONFLICT", twice.code())
		}
	})

	parallel := []string{"food-licence", "fire-check", "signage", "drainage"}
	s.waitCase(applicant, id, "the four dependent items open together", func(c map[string]any) bool {
		for _, item := range parallel {
			if taskStatus(c, item) != "open" {
				return false
			}
		}
		return true
	})
	// The fire department sees the case now that it has a task in it.
	s.must(200, s.call("GET", "/api/v1/cases/"+id, reviewers["fire"], nil))
	for item, dept := range map[string]string{"signage": "greening", "fire-check": "fire", "drainage": "water", "food-licence": "samr"} {
		s.approve(reviewers[dept], id, item)
	}
	done := s.waitCase(applicant, id, "completion", func(c map[string]any) bool { return c["status"] == "completed" })
	if done["outcome"] != "approved" {
		t.Fatalf("outcome = %v, want approved", done["outcome"])
	}
	checkTimeline(t, done)
	recordHistory(t, s, id, "case-open-restaurant-v6.json")
}

// approve claims a task and approves it, as its department's reviewer.
func (s *system) approve(token, caseID, item string) {
	s.t.Helper()
	path := "/api/v1/tasks/" + taskID(caseID, item)
	claimed := s.must(200, s.call("POST", path+"/claim", token, nil))
	if claimed.body["status"] != "claimed" {
		s.t.Fatalf("claim %s answered %s", item, claimed.raw)
	}
	decided := s.must(200, s.call("POST", path+"/decision", token,
		map[string]string{"decision": "approve", "comment": "材料齐全，准予登记"}, "Idempotency-Key", "decide-"+item))
	if decided.body["status"] != "approved" {
		s.t.Fatalf("decision on %s answered %s", item, decided.raw)
	}
}

// checkTimeline: events numbered 1..n without gaps, submission first,
// completion last, each task's opening before its decision.
func checkTimeline(t *testing.T, c map[string]any) {
	t.Helper()
	var types []string
	for i, e := range c["events"].([]any) {
		ev := e.(map[string]any)
		if int(ev["seq"].(float64)) != i+1 {
			t.Fatalf("event %d has seq %v", i, ev["seq"])
		}
		types = append(types, ev["type"].(string))
	}
	if types[0] != "submitted" || types[len(types)-1] != "completed" {
		t.Fatalf("timeline = %v", types)
	}
	want := map[string]int{"submitted": 1, "task_opened": 5, "task_claimed": 5, "task_decided": 5, "completed": 1}
	for typ, n := range want {
		if got := countOf(types, typ); got != n {
			t.Errorf("timeline has %d %s events, want %d: %v", got, typ, n, types)
		}
	}
	if slices.Index(types, "task_decided") < slices.Index(types, "task_opened") {
		t.Errorf("a decision precedes every opening: %v", types)
	}
}

func countOf[T comparable](list []T, v T) int {
	n := 0
	for _, e := range list {
		if e == v {
			n++
		}
	}
	return n
}
