package e2e_test

import (
	"context"
	"testing"

	"haoban/riskmodel"
)

// TestTaskRisk: the reviewer sees the active model's risk for the task and
// the features that weigh most; other departments and applicants do not.
func TestTaskRisk(t *testing.T) {
	s := startSystem(t)
	applicant, samr := s.login("li-na"), s.login("reviewer-samr")
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant,
		map[string]any{"bundle": "open-restaurant", "form": readForm(t, "../testdata/open-restaurant.json")}, "Idempotency-Key", "risk-1")).body["id"].(string)
	s.waitCase(samr, id, "business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
	task := taskID(id, "business-licence")
	s.must(404, s.call("GET", "/api/v1/tasks/"+task+"/risk", samr, nil)) // no model trained yet

	m, metrics, err := riskmodel.Train(riskmodel.Generate("business-licence", 2000, 1), riskmodel.TrainOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.SaveModel(context.Background(), m, metrics, 2000); err != nil {
		t.Fatal(err)
	}
	r := s.must(200, s.call("GET", "/api/v1/tasks/"+task+"/risk", samr, nil)).body
	if risk := r["risk"].(float64); risk <= 0 || risk >= 1 || r["version"] != 1.0 {
		t.Errorf("risk = %v", r)
	}
	if top := r["top"].([]any); len(top) == 0 || top[0].(map[string]any)["label"] == "" {
		t.Errorf("no reasons given: %v", r["top"])
	}
	if f := r["features"].(map[string]any); f["address_in_library"] != 1.0 || f["capital"] != 50.0 {
		t.Errorf("features read from the case = %v", f)
	}
	s.must(403, s.call("GET", "/api/v1/tasks/"+task+"/risk", s.login("reviewer-fire"), nil))
	s.must(403, s.call("GET", "/api/v1/tasks/"+task+"/risk", applicant, nil))
}
