package e2e_test

import (
	"testing"

	"haoban"
)

// kinds are the kinds of a person's notifications.
func (s *system) kinds(token string) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for _, raw := range s.must(200, s.call("GET", "/api/v1/notifications", token, nil)).body["notifications"].([]any) {
		n := raw.(map[string]any)
		out[n["kind"].(string)] = append(out[n["kind"].(string)], n)
	}
	return out
}

// A task opened tells its department's reviewers; a comment tells the
// colleagues it mentions, never the applicant.
func TestStaffToldOfNewTasksAndMentions(t *testing.T) {
	s := startSystem(t)
	li, health := s.login("li-na"), s.login("reviewer-health")
	id := s.newbornCase(li, "staff-notices")
	task := haoban.TaskID(id, "birth-certificate")
	if got := s.kinds(health)[string(haoban.KindNewTask)]; len(got) != 1 || got[0]["task_id"] != task {
		t.Fatalf("reviewer-health's new tasks: %v", got)
	}
	if got := s.kinds(s.login("reviewer-fire"))[string(haoban.KindNewTask)]; len(got) != 0 {
		t.Fatalf("another department's reviewer told of the task: %v", got)
	}
	s.must(200, s.call("POST", "/api/v1/tasks/"+task+"/comments", health, map[string]any{"body": "@周敏 请看出生日期；@li-na"}))
	if got := s.kinds(s.login("supervisor"))[string(haoban.KindMention)]; len(got) != 1 || got[0]["task_id"] != task {
		t.Fatalf("the supervisor's mentions: %v", got)
	}
	if got := s.kinds(li)[string(haoban.KindMention)]; len(got) != 0 {
		t.Fatalf("the applicant was told of an internal comment: %v", got)
	}
}
