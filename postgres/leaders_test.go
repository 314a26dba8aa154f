package postgres_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
)

func TestLeaderSessions(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	submitted := time.Date(2026, 2, 2, 10, 0, 0, 0, haoban.Beijing)
	ids := []string{"0b4a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", "1c5b2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e"}
	for i, id := range ids {
		nc := haoban.NewCase{ID: id, Bundle: demo.Newborn(), Applicant: "zhang-wei", Form: demo.NewbornForm(),
			IdempotencyKey: "leader-" + id, RequestHash: "h", At: submitted.Add(time.Duration(i) * time.Hour)}
		if _, _, err := s.CreateCase(ctx, nc); err != nil {
			t.Fatal(err)
		}
	}
	ls := haoban.LeaderSession{ID: "ls-1", Key: "k1", Leader: "leader-health", Department: "health", ApplicantName: "张伟",
		CaseID: ids[0], Item: "birth-certificate", StartedAt: submitted, EndedAt: submitted.Add(2 * time.Hour),
		RecordedAt: submitted.Add(3 * time.Hour)}
	meta := haoban.AuditEntry{At: ls.RecordedAt, Actor: "leader-health", Action: "leader_session.record", Target: ls.ID}
	t.Run("RecordedOnce", func(t *testing.T) {
		for range 2 {
			got, err := s.RecordLeaderSession(ctx, ls, meta)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != "ls-1" || got.CaseID != ids[0] || !got.StartedAt.Equal(ls.StartedAt) {
				t.Fatalf("recorded %+v", got)
			}
		}
		all, err := s.LeaderSessions(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, haoban.Beijing), time.Date(2027, 1, 1, 0, 0, 0, 0, haoban.Beijing))
		if err != nil || len(all) != 1 {
			t.Fatalf("sessions %+v, %v", all, err)
		}
		before, err := s.LeaderSessions(ctx, time.Date(2025, 1, 1, 0, 0, 0, 0, haoban.Beijing), time.Date(2026, 1, 1, 0, 0, 0, 0, haoban.Beijing))
		if err != nil || len(before) != 0 {
			t.Fatalf("last year's sessions %+v, %v", before, err)
		}
	})
	t.Run("ErrUnknownCase", func(t *testing.T) {
		other := ls
		other.ID, other.Key, other.CaseID = "ls-2", "k2", "9f9f9f9f-9f9f-4f9f-9f9f-9f9f9f9f9f9f"
		_, err := s.RecordLeaderSession(ctx, other, meta)
		if code := haoban.ErrorCode(err); code != haoban.EUNPROCESSABLE {
			t.Fatalf("%v, want EUNPROCESSABLE", err)
		}
	})
	t.Run("TopItems", func(t *testing.T) {
		top, err := s.TopItems(ctx, "health", submitted.AddDate(-1, 0, 0), submitted.AddDate(0, 0, 1), 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != 1 || top[0].Item != "birth-certificate" || top[0].Cases != 2 || top[0].Name == "" {
			t.Fatalf("top items %+v", top)
		}
		none, err := s.TopItems(ctx, "health", submitted.AddDate(0, 0, 1), submitted.AddDate(0, 0, 2), 3)
		if err != nil || len(none) != 0 {
			t.Fatalf("top items of a later window %+v, %v", none, err)
		}
	})
}
