package e2e_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestSupervision(t *testing.T) {
	s := startSystem(t)
	applicant, sup, samr, health := s.login("li-na"), s.login("supervisor"), s.login("reviewer-samr"), s.login("reviewer-health")
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		t.Fatal(err)
	}
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", "sup-1")).body["id"].(string)
	s.waitCase(applicant, id, "business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
	path := "/api/v1/tasks/" + taskID(id, "business-licence")

	t.Run("BoardShowsAtRisk", func(t *testing.T) {
		board := s.must(200, s.call("GET", "/api/v1/supervision/tasks?state=at_risk", sup, nil))
		tasks := board.body["tasks"].([]any)
		if len(tasks) != 1 || tasks[0].(map[string]any)["id"] != taskID(id, "business-licence") {
			t.Fatalf("at-risk board = %s", board.raw)
		}
		s.must(403, s.call("GET", "/api/v1/supervision/tasks", samr, nil))
		s.must(403, s.call("GET", "/api/v1/supervision/tasks", applicant, nil))
		s.must(422, s.call("GET", "/api/v1/supervision/tasks?state=late", sup, nil))
	})
	t.Run("Extend", func(t *testing.T) {
		s.must(403, s.call("POST", path+"/extend", samr, map[string]any{"days": 3, "reason": "现场核查"}))
		s.must(422, s.call("POST", path+"/extend", sup, map[string]any{"days": 11, "reason": "现场核查"}))
		task := s.must(200, s.call("POST", path+"/extend", sup, map[string]any{"days": 3, "reason": "需要现场核查住所"}))
		if task.body["budget_days"] != 4.0 || task.body["extended"] != true {
			t.Fatalf("extended task = %s", task.raw)
		}
		r := s.must(409, s.call("POST", path+"/extend", sup, map[string]any{"days": 1, "reason": "再延"}))
		if !strings.Contains(r.body["error"].(map[string]any)["message"].(string), "一次") {
			t.Fatalf("second extension refusal: %s", r.raw)
		}
	})
	t.Run("SuspendAndResume", func(t *testing.T) {
		s.must(422, s.call("POST", path+"/suspend", sup, map[string]any{"reason": "lunch"}))
		s.must(200, s.call("POST", path+"/suspend", sup, map[string]any{"reason": "expert_review", "note": "名称核准专家论证"}))
		c := s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body
		if st := clockOf(taskOf(c, "business-licence"))["state"]; st != "paused" {
			t.Fatalf("clock after suspend = %v", st)
		}
		paused := s.must(200, s.call("GET", "/api/v1/supervision/tasks?state=paused", sup, nil))
		if len(paused.body["tasks"].([]any)) != 1 {
			t.Fatalf("paused board = %s", paused.raw)
		}
		s.must(422, s.call("POST", path+"/suspend", sup, map[string]any{"reason": "testing"})) // no note
		s.must(409, s.call("POST", path+"/suspend", sup, map[string]any{"reason": "testing", "note": "送检"}))
		s.must(200, s.call("POST", path+"/resume", sup, nil))
		s.must(409, s.call("POST", path+"/resume", sup, nil))
	})
	t.Run("RemindNotifiesThePool", func(t *testing.T) {
		s.must(403, s.call("POST", path+"/remind", applicant, nil))
		s.must(200, s.call("POST", path+"/remind", sup, nil))
		reminds := func() []any {
			var out []any
			for _, n := range s.must(200, s.call("GET", "/api/v1/notifications?unread=true", samr, nil)).body["notifications"].([]any) {
				if n.(map[string]any)["kind"] == "remind" {
					out = append(out, n)
				}
			}
			return out
		}
		inbox := reminds()
		if len(inbox) != 1 {
			t.Fatalf("samr's unread reminds = %v", inbox)
		}
		nid := inbox[0].(map[string]any)["id"].(float64)
		s.must(404, s.call("POST", "/api/v1/notifications/"+itoa(nid)+"/read", health, nil))
		s.call("POST", "/api/v1/notifications/"+itoa(nid)+"/read", samr, nil)
		if left := reminds(); len(left) != 0 {
			t.Fatalf("still unread: %v", left)
		}
	})
	t.Run("Stats", func(t *testing.T) {
		s.approve(samr, id, "business-licence")
		st := s.must(200, s.call("GET", "/api/v1/stats/deadlines?department=samr", sup, nil)).body
		deps := st["departments"].([]any)
		if len(deps) != 1 {
			t.Fatalf("stats = %v", st)
		}
		d := deps[0].(map[string]any)
		if d["decided"] != 1.0 || d["on_time_rate"] != 1.0 || d["extensions"] != 1.0 {
			t.Fatalf("samr stats = %v", d)
		}
		s.must(400, s.call("GET", "/api/v1/stats/deadlines?from=yesterday", sup, nil))
	})
}

func itoa(f float64) string { return strconv.FormatInt(int64(f), 10) }
