package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/workflows"
)

// TestHelpConversationAPI: an applicant asks for a person; the question is
// routed to the available 市场监管 helper; unanswered for 45 service
// seconds (the clock moved, the workflow told), the helpers with the skill
// are alerted; the reply reaches the applicant's stream; the conversation
// ends resolved, confirmed and rated, and the figures come from it.
// Another applicant is told it does not exist; a helper without the skill
// is refused.
func TestHelpConversationAPI(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	wednesday := time.Date(2026, 4, 8, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(wednesday)
	zhang, li, samr, health, boss := s.login("zhang-wei"), s.login("li-na"), s.login("helper-samr"), s.login("helper-health"), s.login("supervisor")
	s.must(200, s.call("PUT", "/api/v1/helper/availability", samr, map[string]bool{"available": true}))

	ask := map[string]any{"question": "开饭店要先办营业执照吗？", "department": "samr", "bundle": "open-restaurant",
		"transcript": []map[string]any{{"from": "assistant", "text": "这个问题我不太确定，为您转人工。", "at": wednesday}}}
	started := s.must(200, s.call("POST", "/api/v1/help/conversations", zhang, ask, "Idempotency-Key", "help-1"))
	id, _ := started.body["id"].(string)
	if started.body["helper"] != "helper-samr" || started.body["status"] != "waiting" {
		t.Fatalf("started %s", started.raw)
	}
	if again := s.must(200, s.call("POST", "/api/v1/help/conversations", zhang, ask, "Idempotency-Key", "help-1")); again.body["id"] != id {
		t.Fatalf("retry opened %v, first %s", again.body["id"], id)
	}

	t.Run("ErrAccess", func(t *testing.T) {
		if r := s.call("GET", "/api/v1/help/conversations/"+id, li, nil); r.status != 404 {
			t.Errorf("another applicant reads: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/help/conversations/"+id+"/messages", li, map[string]string{"text": "插话"}); r.status != 404 {
			t.Errorf("another applicant writes: %d", r.status)
		}
		if _, status := s.listen("/api/v1/help/conversations/"+id+"/events", li, ""); status != 404 {
			t.Errorf("another applicant streams: %d", status)
		}
		if r := s.call("GET", "/api/v1/help/conversations/"+id, health, nil); r.status != 403 {
			t.Errorf("helper without the skill reads: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/help/conversations/"+id+"/messages", health, map[string]string{"text": "我来答"}); r.status != 403 {
			t.Errorf("helper without the skill replies: %d", r.status)
		}
		if r := s.call("GET", "/api/v1/stats/help", samr, nil); r.status != 403 {
			t.Errorf("helper reads the figures: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/help/conversations", samr, ask, "Idempotency-Key", "x"); r.status != 403 {
			t.Errorf("helper asks: %d", r.status)
		}
	})

	events, status := s.listen("/api/v1/help/conversations/"+id+"/events", zhang, "")
	if status != 200 {
		t.Fatalf("stream: %d", status)
	}
	question := next(t, events, "message")
	if question.data["text"] != ask["question"] || question.data["from"] != "applicant" {
		t.Fatalf("first message %v", question.data)
	}

	// 50 service seconds pass unanswered; the workflow is told and alerts.
	s.clock.Set(wednesday.Add(50 * time.Second))
	if err := workflows.NewClient(s.temporal).HelpChanged(ctx, id); err != nil {
		t.Fatal(err)
	}
	untilWorkflowEvent(t, s, workflows.HelpWorkflowID(id), "the alert after 45 service seconds", 30*time.Second, func() bool {
		c, err := s.store.FindConversation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return c.AlertedAt != nil
	})
	notes := s.must(200, s.call("GET", "/api/v1/notifications", samr, nil))
	if !strings.Contains(string(notes.raw), "等待人工帮办") {
		t.Errorf("helper-samr's notifications lack the alert: %s", notes.raw)
	}

	reply := s.must(200, s.call("POST", "/api/v1/help/conversations/"+id+"/messages", samr,
		map[string]string{"text": "需要，先办营业执照，再办食品经营许可证。"}, "Idempotency-Key", "r1"))
	got := next(t, events, "message")
	if got.data["from"] != "helper" || got.id != itoa(reply.body["id"].(float64)) {
		t.Fatalf("stream got %v (id %s), want the reply %v", got.data, got.id, reply.body["id"])
	}
	t.Run("ResumeAfterLastEventID", func(t *testing.T) {
		resumed, _ := s.listen("/api/v1/help/conversations/"+id+"/events", zhang, question.id)
		if ev := next(t, resumed, "message"); ev.id != got.id {
			t.Fatalf("resumed at %s, want %s", ev.id, got.id)
		}
	})
	view := s.must(200, s.call("GET", "/api/v1/help/conversations/"+id, zhang, nil))
	conv := view.body["conversation"].(map[string]any)
	if secs, _ := conv["first_response_seconds"].(float64); conv["status"] != "open" || secs < haoban.FirstResponseAlert || conv["alerted_at"] == nil {
		t.Fatalf("after the reply: %v", conv)
	}

	s.must(200, s.call("POST", "/api/v1/help/conversations/"+id+"/end", samr, map[string]any{"outcome": "resolved", "worth_keeping": true}))
	if r := s.call("POST", "/api/v1/help/conversations/"+id+"/confirm", li, map[string]bool{"resolved": true}); r.status != 404 {
		t.Errorf("another applicant confirms: %d", r.status)
	}
	s.must(200, s.call("POST", "/api/v1/help/conversations/"+id+"/confirm", zhang, map[string]bool{"resolved": true}))
	rated := s.must(200, s.call("POST", "/api/v1/help/conversations/"+id+"/rating", zhang, map[string]any{"rating": 5, "comment": "很及时"}))
	if rated.body["status"] != "resolved" || rated.body["rating"] != float64(5) {
		t.Fatalf("rated %s", rated.raw)
	}

	st := s.must(200, s.call("GET", "/api/v1/stats/help?from=2026-04-08&to=2026-04-08", boss, nil))
	total := st.body["total"].(map[string]any)
	if total["conversations"] != float64(1) || total["resolution_rate"] != float64(1) || total["first_response_p50"].(float64) < haoban.FirstResponseAlert {
		t.Fatalf("figures %v", total)
	}
}
