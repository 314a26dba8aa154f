package workflows_test

import (
	"testing"

	"haoban"
	"haoban/demo"
)

// TestCaseKeepsItsCatalogueVersion: a case accepted under version 1 runs
// to the end under version 1 after version 2 is published, whose items,
// names and limits differ. The workflow holds its version's snapshot.
func TestCaseKeepsItsCatalogueVersion(t *testing.T) {
	v1 := demo.Newborn()
	v1.Version = 1
	v2 := demo.Newborn()
	v2.Version = 2
	v2.Items[1].Name = "户口登记（第二版）"
	v2.Items[1].PromisedDays = 1
	v2.Items = v2.Items[:3] // medical insurance leaves the bundle

	// Version 2 is in force from the start of the test; the case was
	// accepted under version 1 and started with its snapshot.
	ct := newCaseTest(t)
	ct.approve(v1, "birth-certificate")
	ct.approve(v1, "hukou")
	ct.approve(v1, "social-card")
	ct.approve(v1, "medical-insurance")
	ct.next(func() {
		s, ok := ct.state()
		if !ok {
			return
		}
		if len(s.Tasks) != len(v1.Items) {
			t.Errorf("tasks = %d, want version 1's %d", len(s.Tasks), len(v1.Items))
		}
		for i, task := range s.Tasks {
			it := v1.Items[i]
			if task.Item != it.Code || task.ItemName != it.Name || task.Budget != it.PromisedDays {
				t.Errorf("task %d = %s %s %d days, want version 1's %s %s %d", i, task.Item, task.ItemName, task.Budget,
					it.Code, it.Name, it.PromisedDays)
			}
		}
	})
	if res := ct.run(v1); res.Outcome != haoban.OutcomeApproved {
		t.Fatalf("outcome = %s, want approved under version 1", res.Outcome)
	}
	ct.mu.Lock()
	defer ct.mu.Unlock()
	for _, p := range ct.projects {
		for _, task := range p.Tasks {
			if task.ItemName == v2.Items[1].Name || (task.Item == "hukou" && task.Budget == v2.Items[1].PromisedDays) {
				t.Fatalf("a projection carries version 2's name: %+v", task)
			}
		}
	}
}
