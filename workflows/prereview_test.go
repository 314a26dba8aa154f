package workflows_test

import (
	"strings"
	"testing"

	"haoban"
	"haoban/demo"
	"haoban/workflows"
)

// TestCaseNotAccepted: blocking pre-review failures at submission cancel
// every task with the reasons, and the case ends not accepted (不予受理);
// no reviewer can act on it.
func TestCaseNotAccepted(t *testing.T) {
	ct := newCaseTest(t)
	ct.prereview = workflows.PrereviewResult{NotAccepted: true, Blocking: 1, Reasons: []string{"营业执照的经营范围须包含餐饮服务"}}
	b := demo.OpenRestaurant()
	ct.claim("business-licence", "samr", "reviewer-samr", haoban.ECONFLICT)
	ct.run(b)
	s, ok := ct.state()
	if !ok {
		return
	}
	if s.Status != haoban.CaseNotAccepted {
		t.Errorf("status = %s, want not_accepted", s.Status)
	}
	for _, task := range s.Tasks {
		if task.Status != haoban.TaskCancelled || !strings.Contains(task.Comment, "经营范围须包含餐饮服务") {
			t.Errorf("task %s = %s %q, want cancelled with the reason", task.Item, task.Status, task.Comment)
		}
	}
}

// TestCaseInstantApproval: an instant item whose rules all passed is
// approved by the system as it opens, and its dependents open at once.
func TestCaseInstantApproval(t *testing.T) {
	ct := newCaseTest(t)
	ct.prereview = workflows.PrereviewResult{Instant: map[string][]string{"business-licence": {"capital@v1", "legal-rep-id@v1"}}}
	b := demo.OpenRestaurant()
	ct.expectStatuses(map[string]haoban.TaskStatus{"business-licence": approved, "food-licence": open,
		"fire-check": open, "signage": open, "drainage": open})
	for _, item := range []string{"signage", "fire-check", "drainage", "food-licence"} {
		ct.approve(b, item)
	}
	if res := ct.run(b); res.Outcome != haoban.OutcomeApproved {
		t.Fatalf("outcome = %s, want approved", res.Outcome)
	}
	s, _ := ct.state()
	for _, task := range s.Tasks {
		if task.Item == "business-licence" && (task.Assignee != "system" || !strings.Contains(task.Comment, "capital@v1")) {
			t.Errorf("instant approval = %s by %s: %q", task.Status, task.Assignee, task.Comment)
		}
	}
}

// TestCaseCompletedWithoutReviewer: a bundle whose items are all instant
// and pass their rules completes approved with no person in the loop.
func TestCaseCompletedWithoutReviewer(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.OpenRestaurant()
	b.Items = b.Items[:1] // the business licence alone
	ct.prereview = workflows.PrereviewResult{Instant: map[string][]string{"business-licence": {"capital@v1"}}}
	if res := ct.run(b); res.Outcome != haoban.OutcomeApproved {
		t.Fatalf("outcome = %s, want approved", res.Outcome)
	}
}
