package postgres_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"haoban"
	"haoban/postgres"
)

var obstacleAt = time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)

func fileObstacle(t *testing.T, s *postgres.Store, o haoban.Obstacle) haoban.Obstacle {
	t.Helper()
	o.FiledAt, o.Status = obstacleAt, haoban.ObstacleReceived
	o.Steps = []haoban.ObstacleStep{{At: obstacleAt, Kind: "filed", Actor: o.Reporter, Text: o.Text}}
	got, err := s.FileObstacle(context.Background(), o, haoban.AuditEntry{At: obstacleAt, Actor: o.Reporter, Action: "obstacle.file", Target: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestObstacles(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	listen, err := s.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer listen.Release()
	if _, err := listen.Exec(ctx, `LISTEN `+postgres.ChannelOperations); err != nil {
		t.Fatal(err)
	}
	named := haoban.Obstacle{ID: "ob-1", Key: "key-1", Token: "tok-1", Text: "提交不了", Item: "food-licence", Department: "samr", Reporter: "li-na"}
	t.Run("FiledOnceAndAnnounced", func(t *testing.T) {
		first := fileObstacle(t, s, named)
		again := named
		again.ID, again.Token = "ob-other", "tok-other"
		got := fileObstacle(t, s, again)
		if got.ID != "ob-1" || got.Token != "tok-1" || len(first.Steps) != 1 || first.Steps[0].Kind != "filed" {
			t.Fatalf("filed again: %+v, want the first report with its step", got)
		}
		wait, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		n, err := listen.Conn().WaitForNotification(wait)
		if err != nil {
			t.Fatal(err)
		}
		var c postgres.OperationsChange
		if err := json.Unmarshal([]byte(n.Payload), &c); err != nil || c.Kind != "obstacle" || c.Department != "samr" || c.Item != "food-licence" {
			t.Errorf("announced %q (%v)", n.Payload, err)
		}
	})
	anon := fileObstacle(t, s, haoban.Obstacle{ID: "ob-2", Key: "key-2", Token: "tok-2", Text: "不知道找谁", Department: "centre",
		Name: "王芳", Mobile: "13800138000"})
	t.Run("Listed", func(t *testing.T) {
		samr, err := s.Obstacles(ctx, haoban.ObstacleFilter{Department: "samr"})
		if err != nil || len(samr) != 1 || samr[0].ID != "ob-1" {
			t.Fatalf("samr's: %+v %v", samr, err)
		}
		open, err := s.Obstacles(ctx, haoban.ObstacleFilter{OpenOnly: true, From: obstacleAt, To: obstacleAt.Add(time.Hour)})
		if err != nil || len(open) != 2 {
			t.Fatalf("open in the period: %d %v, want 2", len(open), err)
		}
	})
	at := obstacleAt.Add(time.Hour)
	accept := func(o haoban.Obstacle) (haoban.Obstacle, error) {
		o.Status, o.AcceptedAt = haoban.ObstacleAccepted, &at
		return s.StepObstacle(ctx, o, []haoban.ObstacleStatus{haoban.ObstacleReceived}, haoban.ObstacleStep{At: at, Kind: "accepted", Actor: "reviewer-samr"},
			haoban.Notification{Kind: "obstacle", Title: "已受理", Body: "已受理"}, haoban.AuditEntry{At: at, Actor: "reviewer-samr", Action: "obstacle.accept", Target: o.ID})
	}
	t.Run("AcceptedToldInTheApp", func(t *testing.T) {
		got, err := accept(named)
		if err != nil || got.Status != haoban.ObstacleAccepted || len(got.Steps) != 2 {
			t.Fatalf("accepted: %+v %v", got, err)
		}
		var told int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = 'li-na' AND kind = 'obstacle'`).Scan(&told); err != nil || told != 1 {
			t.Errorf("li-na told %d times (%v), want 1", told, err)
		}
	})
	t.Run("ErrAcceptedTwice", func(t *testing.T) {
		if _, err := accept(named); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Errorf("got %v, want ECONFLICT", err)
		}
	})
	t.Run("AnonymousToldBySMS", func(t *testing.T) {
		if _, err := accept(anon); err != nil {
			t.Fatal(err)
		}
		var sms int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM outbox WHERE channel = 'sms' AND address = '13800138000' AND user_id = ''`).Scan(&sms); err != nil || sms != 1 {
			t.Errorf("%d SMS queued (%v), want 1", sms, err)
		}
	})
	t.Run("RemindedOnce", func(t *testing.T) {
		note := haoban.Notification{Kind: "reminder", Title: "即将到期", Body: "b"}
		for i, want := range []bool{true, false} {
			ok, err := s.RemindObstacle(ctx, "ob-1", "resolve", "samr", []string{haoban.RoleReviewer}, note, at)
			if err != nil || ok != want {
				t.Errorf("reminder %d: %v %v, want %v", i, ok, err, want)
			}
		}
	})
}
