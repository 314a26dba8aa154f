package postgres_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/postgres"
)

var _ app.HelpStore = (*postgres.Store)(nil)

// helpDay is a Wednesday morning in service hours.
var helpDay = time.Date(2026, 4, 8, 10, 0, 0, 0, haoban.Beijing)

func newConversation(t *testing.T, s *postgres.Store, applicant, key, dept, item, helper string, at time.Time) haoban.Conversation {
	t.Helper()
	c, err := s.CreateConversation(context.Background(), haoban.Conversation{ID: "conv-" + key, Channel: haoban.ConversationOnline,
		Applicant: applicant, Question: "开餐馆要办哪些证？", Department: dept, Item: item, Helper: helper,
		Transcript: []haoban.HelpLine{{From: "assistant", Text: "我不太确定", At: at}}, Status: haoban.ConversationWaiting, CreatedAt: at}, key)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHelpConversationStore(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	for _, h := range []string{"helper-samr", "helper-health", "helper-centre"} {
		if err := s.SetHelperAvailable(ctx, h, true, helpDay); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetHelperAvailable(ctx, "helper-health", false, helpDay); err != nil {
		t.Fatal(err)
	}
	t.Run("Candidates", func(t *testing.T) {
		got, err := s.HelperCandidates(ctx, "samr", "")
		if err != nil {
			t.Fatal(err)
		}
		want := []haoban.HelperLoad{{Helper: "helper-centre", Match: 0}, {Helper: "helper-samr", Match: 1}}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("candidates %+v, want %+v", got, want)
		}
		if got, _ := s.HelperCandidates(ctx, "health", ""); len(got) != 1 || got[0].Helper != "helper-centre" {
			t.Errorf("away helper-health offered: %+v", got)
		}
	})

	c := newConversation(t, s, "zhang-wei", "k1", "samr", "", "helper-samr", helpDay)
	t.Run("CreateIsIdempotent", func(t *testing.T) {
		again := newConversation(t, s, "zhang-wei", "k1", "samr", "", "helper-samr", helpDay)
		if again.ID != c.ID || c.DepartmentName != "市场监督管理局" || c.HelperName == "" || len(c.Transcript) != 1 {
			t.Fatalf("again %s of %s; names %q %q", again.ID, c.ID, c.DepartmentName, c.HelperName)
		}
		msgs, _ := s.HelpMessagesAfter(ctx, c.ID, 0)
		if len(msgs) != 1 || msgs[0].Text != c.Question || msgs[0].AuthorName != "张伟" {
			t.Fatalf("messages %+v", msgs)
		}
	})
	t.Run("LoadCountsOpen", func(t *testing.T) {
		got, _ := s.HelperCandidates(ctx, "samr", "")
		if got[1].Helper != "helper-samr" || got[1].Open != 1 {
			t.Fatalf("candidates %+v", got)
		}
	})
	t.Run("WaitingBySkill", func(t *testing.T) {
		other := newConversation(t, s, "li-na", "k2", "health", "", "", helpDay.Add(time.Minute))
		skills, _ := s.HelperSkills(ctx, "helper-samr")
		w, err := s.WaitingConversations(ctx, skills)
		if err != nil || len(w) != 1 || w[0].ID != c.ID {
			t.Fatalf("samr waiting %v %v", w, err)
		}
		skills, _ = s.HelperSkills(ctx, "helper-centre")
		if w, _ := s.WaitingConversations(ctx, skills); len(w) != 2 || w[1].ID != other.ID {
			t.Fatalf("centre waiting %v", w)
		}
	})
	t.Run("AlertOnce", func(t *testing.T) {
		at := helpDay.Add(46 * time.Second)
		for range 2 {
			if err := s.AlertHelpers(ctx, c.ID, at); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM notifications WHERE dedupe_key LIKE 'help-alert:' || $1 || ':%'`,
			c.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		// helper-samr and helper-centre are available with the skill.
		if n != 2 {
			t.Fatalf("%d alerts, want 2", n)
		}
		got, _ := s.FindConversation(ctx, c.ID)
		if got.AlertedAt == nil || !got.AlertedAt.Equal(at) {
			t.Fatalf("alerted_at %v", got.AlertedAt)
		}
	})
	t.Run("ReplyRecordsFirstResponseOnce", func(t *testing.T) {
		m := haoban.HelpMessage{Conversation: c.ID, From: "helper", Author: "helper-samr", Text: "您好", At: helpDay.Add(50 * time.Second), Key: "helper:r1"}
		first, err := s.HelperReply(ctx, m, 50)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := s.HelperReply(ctx, m, 99)
		m.Key, m.At = "helper:r2", helpDay.Add(2*time.Minute)
		if _, err := s.HelperReply(ctx, m, 120); err != nil {
			t.Fatal(err)
		}
		got, _ := s.FindConversation(ctx, c.ID)
		if again.ID != first.ID || got.Status != haoban.ConversationOpen || *got.FirstResponseSeconds != 50 {
			t.Fatalf("first %d again %d; %s %v", first.ID, again.ID, got.Status, *got.FirstResponseSeconds)
		}
		if msgs, _ := s.HelpMessagesAfter(ctx, c.ID, first.ID); len(msgs) != 1 {
			t.Fatalf("after %d: %d messages", first.ID, len(msgs))
		}
	})
	t.Run("ErrTakeAnswered", func(t *testing.T) {
		_, err := s.TakeConversation(ctx, c.ID, "helper-centre", haoban.AuditEntry{At: helpDay, Actor: "helper-centre"})
		if haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("take: %v", err)
		}
	})
	t.Run("EndConfirmRate", func(t *testing.T) {
		meta := haoban.AuditEntry{At: helpDay.Add(3 * time.Minute), Actor: "helper-samr", Action: "help.end", Target: "conversation:" + c.ID}
		got, err := s.EndConversation(ctx, c.ID, haoban.ConversationResolved, true, meta)
		if err != nil || got.Status != haoban.ConversationClosing || !got.WorthKeeping {
			t.Fatalf("end: %v %s", err, got.Status)
		}
		if _, err := s.EndConversation(ctx, c.ID, haoban.ConversationResolved, true, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("end twice: %v", err)
		}
		meta.Actor, meta.Action = "zhang-wei", "help.confirm"
		got, err = s.ConfirmConversation(ctx, c.ID, true, meta)
		if err != nil || got.Status != haoban.ConversationResolved || got.ConfirmedResolved == nil || !*got.ConfirmedResolved {
			t.Fatalf("confirm: %v %s", err, got.Status)
		}
		got, err = s.RateConversation(ctx, c.ID, 4, "好")
		if err != nil || got.Rating != 4 {
			t.Fatalf("rate: %v %d", err, got.Rating)
		}
		var n int
		_ = s.Pool().QueryRow(ctx, `SELECT count(*) FROM audit WHERE target = $1`, "conversation:"+c.ID).Scan(&n)
		if n != 2 {
			t.Errorf("%d audit entries, want 2", n)
		}
		all, _ := s.ConversationsCreated(ctx, helpDay, helpDay.Add(time.Hour))
		if len(all) != 2 {
			t.Errorf("created in the hour: %d", len(all))
		}
	})
}
