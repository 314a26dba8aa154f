package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

func leaderSessions(t *testing.T) (*app.LeaderSessions, *ktStore) {
	t.Helper()
	s := newKTStore()
	return &app.LeaderSessions{Store: s, Authz: authz(t), Time: haoban.FixedTime{T: tuesday}}, s
}

func session(key string) haoban.LeaderSession {
	return haoban.LeaderSession{Key: key, ApplicantName: "上海好味餐饮有限公司", Item: "food-licence",
		StartedAt: tuesday.Add(-50 * time.Hour), EndedAt: tuesday.Add(-48 * time.Hour), Notes: "现场核查环节等候较久"}
}

func TestRecordLeaderSession(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		l, s := leaderSessions(t)
		for range 2 {
			got, err := l.Record(ctx, demoUser(t, "leader-samr"), session("k1"))
			if err != nil {
				t.Fatal(err)
			}
			if got.Leader != "leader-samr" || got.Department != "samr" || got.ID == "" {
				t.Fatalf("recorded %+v", got)
			}
		}
		if len(s.sessions) != 1 || len(s.audits) != 1 {
			t.Fatalf("recording twice: %d sessions, %d audit entries, want 1 and 1", len(s.sessions), len(s.audits))
		}
	})
	t.Run("ErrForSomeoneElse", func(t *testing.T) {
		l, s := leaderSessions(t)
		in := session("k1")
		in.Leader = "leader-health"
		_, err := l.Record(ctx, demoUser(t, "leader-samr"), in)
		wantCode(t, err, haoban.EFORBIDDEN)
		if len(s.sessions) != 0 {
			t.Fatal("a session recorded for another leader")
		}
	})
	t.Run("ErrNotALeader", func(t *testing.T) {
		l, _ := leaderSessions(t)
		for _, who := range []string{"li-na", "reviewer-samr", "supervisor"} {
			_, err := l.Record(ctx, demoUser(t, who), session("k1"))
			wantCode(t, err, haoban.EFORBIDDEN)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		l, _ := leaderSessions(t)
		in := session("k1")
		in.ApplicantName, in.Item, in.CaseID = " ", "birth-certificate", "not-a-case"
		in.EndedAt = tuesday.Add(time.Hour)
		_, err := l.Record(ctx, demoUser(t, "leader-samr"), in)
		wantCode(t, err, haoban.EINVALID)
		var fields []string
		for _, d := range problemsOf(err) {
			fields = append(fields, d.Field)
		}
		want := []string{"applicant_name", "case_id", "item", "ended_at"}
		if len(fields) != len(want) {
			t.Fatalf("fields %v, want %v", fields, want)
		}
		for i := range want {
			if fields[i] != want[i] {
				t.Fatalf("fields %v, want %v", fields, want)
			}
		}
	})
}

func problemsOf(err error) []haoban.ErrorDetail {
	if e, ok := err.(*haoban.Error); ok {
		return e.Details
	}
	return nil
}

func TestLeaderReport(t *testing.T) {
	ctx := context.Background()
	l, s := leaderSessions(t)
	s.top["samr"] = []haoban.ItemCount{{Item: "business-licence", Name: "营业执照", Cases: 40},
		{Item: "food-licence", Name: "食品经营许可证", Cases: 12}, {Item: "business-licence-change", Name: "营业执照变更登记", Cases: 5},
		{Item: "fourth", Name: "第四", Cases: 1}}
	if _, err := l.Record(ctx, demoUser(t, "leader-samr"), session("k1")); err != nil {
		t.Fatal(err)
	}
	// Last year's session does not count this year.
	old := session("k0")
	old.StartedAt, old.EndedAt = time.Date(2025, 12, 30, 9, 0, 0, 0, haoban.Beijing), time.Date(2025, 12, 30, 11, 0, 0, 0, haoban.Beijing)
	if _, err := l.Record(ctx, demoUser(t, "leader-samr"), old); err != nil {
		t.Fatal(err)
	}
	t.Run("Supervisor", func(t *testing.T) {
		r, err := l.Report(ctx, demoUser(t, "supervisor"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Year != 2026 || len(r.Leaders) != 2 {
			t.Fatalf("report %+v", r)
		}
		byID := map[string]app.LeaderRow{}
		for _, row := range r.Leaders {
			byID[row.Leader.ID] = row
		}
		samr, health := byID["leader-samr"], byID["leader-health"]
		if len(samr.Sessions) != 1 || samr.None || !health.None {
			t.Errorf("samr %d sessions (none %v), health none %v", len(samr.Sessions), samr.None, health.None)
		}
		if len(samr.Items) != 3 || samr.Items[0].Covered || !samr.Items[1].Covered || samr.Items[2].Covered {
			t.Errorf("samr's items %+v, want the top 3 with only the food licence covered", samr.Items)
		}
	})
	t.Run("LeaderReadsOwn", func(t *testing.T) {
		r, err := l.Report(ctx, demoUser(t, "leader-health"))
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Leaders) != 1 || r.Leaders[0].Leader.ID != "leader-health" {
			t.Fatalf("a leader's report %+v, want only their own row", r.Leaders)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		for _, who := range []string{"li-na", "reviewer-samr", "editor-samr"} {
			_, err := l.Report(ctx, demoUser(t, who))
			wantCode(t, err, haoban.EFORBIDDEN)
		}
	})
}
