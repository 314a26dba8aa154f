package e2e_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestHotlineHandOff (12345, issue 18): a ticket from the hotline's account
// is routed to the item's department once per key; a specialist without
// the skill cannot take it, one with it does; the connect rate is counted
// from the tickets; an applicant can neither submit nor read the figures.
func TestHotlineHandOff(t *testing.T) {
	s := startSystem(t)
	// Tuesday 3 March 2026, 10:00 Beijing: inside service hours.
	s.clock.Set(time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC))
	hotline, applicant := s.login("hotline-12345"), s.login("zhang-wei")
	specialist, outsider, supervisor := s.login("helper-samr"), s.login("helper-health"), s.login("supervisor")
	call := map[string]string{"caller": "王小明", "phone": "13812345678", "question": "开餐馆办营业执照要带什么？",
		"item": "business-licence", "case_number": ""}

	t.Run("ErrApplicantCannotSubmit", func(t *testing.T) {
		s.must(403, s.call("POST", "/api/v1/hotline/tickets", applicant, call, "Idempotency-Key", "a1"))
		s.must(403, s.call("GET", "/api/v1/stats/hotline", applicant, nil))
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		s.must(422, s.call("POST", "/api/v1/hotline/tickets", hotline, call))
	})
	first := s.must(200, s.call("POST", "/api/v1/hotline/tickets", hotline, call, "Idempotency-Key", "k1")).body
	id := first["id"].(string)
	if first["department"] != "samr" || first["status"] != "waiting" || first["conversation"] == "" {
		t.Fatalf("ticket %v", first)
	}
	t.Run("RetryIsOneTicket", func(t *testing.T) {
		again := s.must(200, s.call("POST", "/api/v1/hotline/tickets", hotline, call, "Idempotency-Key", "k1")).body
		if again["id"] != id {
			t.Fatalf("retry made ticket %v", again["id"])
		}
		other := map[string]string{"caller": "王小明", "phone": "13812345678", "question": "另一个问题", "item": "business-licence"}
		s.must(409, s.call("POST", "/api/v1/hotline/tickets", hotline, other, "Idempotency-Key", "k1"))
	})
	t.Run("DeskMasked", func(t *testing.T) {
		desk := s.must(200, s.call("GET", "/api/v1/hotline/tickets", specialist, nil)).body["waiting"].([]any)
		if len(desk) != 1 || desk[0].(map[string]any)["phone"] != "138****5678" {
			t.Fatalf("desk %v", desk)
		}
		if none := s.must(200, s.call("GET", "/api/v1/hotline/tickets", outsider, nil)).body["waiting"].([]any); len(none) != 0 {
			t.Fatalf("health's helper sees %v", none)
		}
		page := s.screenBrowse(t, "helper-samr").get("/helper/hotline", 200)
		if !strings.Contains(page, "138****5678") || strings.Contains(page, "13812345678") || !strings.Contains(page, "营业执照") {
			t.Fatalf("desk page: %.1500s", page)
		}
	})
	t.Run("ErrSpecialistWithoutSkill", func(t *testing.T) {
		s.must(403, s.call("POST", "/api/v1/hotline/tickets/"+id+"/connect", outsider, nil))
		s.must(403, s.call("POST", "/api/v1/hotline/tickets/"+id+"/connect", applicant, nil))
	})

	s.clock.Set(time.Date(2026, 3, 3, 2, 0, 30, 0, time.UTC))
	got := s.must(200, s.call("POST", "/api/v1/hotline/tickets/"+id+"/connect", specialist, nil)).body
	if got["specialist"] != "helper-samr" || got["status"] != "connected" || got["connect_seconds"].(float64) < 25 || got["connect_seconds"].(float64) > 40 {
		t.Fatalf("connected %v", got)
	}
	var helper, status string
	if err := s.store.Pool().QueryRow(context.Background(), `SELECT helper, status FROM conversations WHERE id = $1`,
		got["conversation"]).Scan(&helper, &status); err != nil || helper != "helper-samr" || status != "open" {
		t.Fatalf("conversation %s %s (%v)", helper, status, err)
	}

	// A second call nobody takes for two service minutes is missed.
	s.must(200, s.call("POST", "/api/v1/hotline/tickets", hotline, map[string]string{"caller": "李四", "phone": "13900001111",
		"question": "消防检查要多久？", "item": "fire-check"}, "Idempotency-Key", "k2"))
	s.clock.Set(time.Date(2026, 3, 3, 2, 3, 0, 0, time.UTC))
	st := s.must(200, s.call("GET", "/api/v1/stats/hotline?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z", supervisor, nil)).body
	if st["received"].(float64) != 2 || st["connected_in_time"].(float64) != 1 || st["missed"].(float64) != 1 ||
		st["rate"].(float64) != 0.5 || st["meets_goal"] != false || st["target_seconds"].(float64) != 60 {
		t.Fatalf("stats %v", st)
	}
	t.Run("OKConnectFromThePage", func(t *testing.T) {
		third := s.must(200, s.call("POST", "/api/v1/hotline/tickets", hotline, map[string]string{"caller": "赵六", "phone": "13700002222",
			"question": "营业执照能邮寄吗？", "item": "business-licence"}, "Idempotency-Key", "k3")).body["id"].(string)
		b := s.screenBrowse(t, "helper-samr")
		page := b.post("/helper/hotline/"+third+"/connect", url.Values{}, 200)
		if !strings.Contains(page, "13700002222") || !strings.Contains(page, "已接听") {
			t.Fatalf("taken page: %.1500s", page)
		}
		s.screenBrowse(t, "helper-health").get("/helper/hotline?taken="+third, 404)
	})
}
