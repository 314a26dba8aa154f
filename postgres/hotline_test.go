package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"haoban"
)

// TestHotlineTickets: a ticket is routed to its item's department as a
// hotline conversation, once per key; the first specialist to connect
// takes it and its conversation.
func TestHotlineTickets(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	if err := s.UpsertUsers(ctx, []haoban.User{
		{ID: "hotline-12345", Name: "12345热线", Roles: []string{haoban.RoleHotline}, Department: haoban.AnyDepartment},
		{ID: "hotline-specialist-1", Name: "孙帮办", Roles: []string{haoban.RoleHelper}, Department: "samr"},
		{ID: "hotline-specialist-2", Name: "李帮办", Roles: []string{haoban.RoleHelper}, Department: "samr"},
	}); err != nil {
		t.Fatal(err)
	}
	ticket := func(key, question string) haoban.HotlineTicket {
		return haoban.HotlineTicket{ID: uuid.NewString(), Conversation: uuid.NewString(), CallerName: "王小明", Phone: "13812345678",
			Question: question, Item: "business-licence", Status: haoban.HotlineWaiting, ReceivedAt: at, SubmittedBy: "hotline-12345"}
	}
	first, err := s.CreateHotlineTicket(ctx, ticket("k1", "要带什么材料？"), "k1", "h1", audited(at))
	if err != nil || first.Department != "samr" || first.Status != haoban.HotlineWaiting || first.Phone != "13812345678" {
		t.Fatalf("ticket %+v (%v)", first, err)
	}
	t.Run("RetryReturnsTheFirst", func(t *testing.T) {
		again, err := s.CreateHotlineTicket(ctx, ticket("k1", "要带什么材料？"), "k1", "h1", audited(at))
		if err != nil || again.ID != first.ID {
			t.Fatalf("retry %+v (%v)", again, err)
		}
		var n int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM conversations WHERE channel = 'hotline'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d hotline conversations (%v)", n, err)
		}
	})
	t.Run("ErrKeyReused", func(t *testing.T) {
		_, err := s.CreateHotlineTicket(ctx, ticket("k1", "另一个问题"), "k1", "h2", audited(at))
		if haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("reused key: %v", err)
		}
	})
	t.Run("ErrUnknownItem", func(t *testing.T) {
		bad := ticket("k9", "？")
		bad.Item = "no-such-item"
		if _, err := s.CreateHotlineTicket(ctx, bad, "k9", "h9", audited(at)); haoban.ErrorCode(err) != haoban.EINVALID {
			t.Fatalf("unknown item: %v", err)
		}
	})
	t.Run("ConnectOnce", func(t *testing.T) {
		got, err := s.ConnectHotlineTicket(ctx, first.ID, "hotline-specialist-1", at.Add(30*time.Second), 30, audited(at))
		if err != nil || got.Status != haoban.HotlineConnected || got.Specialist != "hotline-specialist-1" || *got.ConnectSeconds != 30 {
			t.Fatalf("connected %+v (%v)", got, err)
		}
		if _, err := s.ConnectHotlineTicket(ctx, first.ID, "hotline-specialist-1", at.Add(40*time.Second), 40, audited(at)); err != nil {
			t.Fatalf("retry by the same specialist: %v", err)
		}
		if _, err := s.ConnectHotlineTicket(ctx, first.ID, "hotline-specialist-2", at.Add(40*time.Second), 40, audited(at)); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("taken twice: %v", err)
		}
		var helper, status string
		var secs int
		if err := s.Pool().QueryRow(ctx, `SELECT helper, status, first_response_seconds FROM conversations WHERE id = $1`,
			first.Conversation).Scan(&helper, &status, &secs); err != nil || helper != "hotline-specialist-1" || status != "open" || secs != 30 {
			t.Fatalf("conversation %s %s %d (%v)", helper, status, secs, err)
		}
	})
	t.Run("AnsweredFromTheHelpDesk", func(t *testing.T) {
		// A specialist who replies in the conversation from the help desk's
		// queue has taken the call: the ticket reads as connected by them.
		third, err := s.CreateHotlineTicket(ctx, ticket("k3", "能加急吗？"), "k3", "h3", audited(at))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Pool().Exec(ctx, `UPDATE conversations SET helper = 'hotline-specialist-2', status = 'open',
			first_response_at = $2, first_response_seconds = 12 WHERE id = $1`, third.Conversation, at.Add(12*time.Second)); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindHotlineTicket(ctx, third.ID)
		if err != nil || got.Status != haoban.HotlineConnected || got.Specialist != "hotline-specialist-2" || *got.ConnectSeconds != 12 {
			t.Fatalf("ticket %+v (%v)", got, err)
		}
		if _, err := s.ConnectHotlineTicket(ctx, third.ID, "hotline-specialist-1", at.Add(20*time.Second), 20, audited(at)); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("connected after the help desk answered: %v", err)
		}
	})
	t.Run("ListByPeriodDepartmentStatus", func(t *testing.T) {
		second, err := s.CreateHotlineTicket(ctx, ticket("k2", "几天能办好？"), "k2", "h2", audited(at))
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.HotlineTickets(ctx, nil, "", at, at.Add(time.Hour))
		if err != nil || len(all) != 3 {
			t.Fatalf("all %+v (%v)", all, err)
		}
		waiting, _ := s.HotlineTickets(ctx, []string{"samr"}, haoban.HotlineWaiting, at, at.Add(time.Hour))
		if len(waiting) != 1 || waiting[0].ID != second.ID {
			t.Fatalf("waiting %+v", waiting)
		}
		if fire, _ := s.HotlineTickets(ctx, []string{"fire"}, "", at, at.Add(time.Hour)); len(fire) != 0 {
			t.Fatalf("fire's %+v", fire)
		}
		if later, _ := s.HotlineTickets(ctx, nil, "", at.Add(time.Second), at.Add(time.Hour)); len(later) != 0 {
			t.Fatalf("outside the period %+v", later)
		}
	})
}
