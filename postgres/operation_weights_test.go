package postgres_test

import (
	"context"
	"testing"
	"time"

	"haoban"
)

// TestOperationWeights: the migration publishes equal weights; saving
// changes only the weights that changed, keeps who set the others, and
// audits the change; the table refuses a negative weight.
func TestOperationWeights(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	ws, err := s.OperationWeights(ctx)
	if err != nil || len(ws) != 11 || ws[0].Weight != 1 || ws[0].UpdatedBy != "system" {
		t.Fatalf("seeded weights %+v, %v", ws, err)
	}
	at := time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)
	out := make([]haoban.FigureWeight, len(ws))
	copy(out, ws)
	for i := range out {
		out[i].UpdatedBy, out[i].UpdatedAt = "admin", at
		if out[i].Figure == "online" {
			out[i].Weight = 2.5
		}
	}
	meta := haoban.AuditEntry{At: at, Actor: "admin", Action: "operations.weights", Target: "operation_weights"}
	if err := s.SaveOperationWeights(ctx, out, meta); err != nil {
		t.Fatal(err)
	}
	got, err := s.OperationWeights(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range got {
		switch {
		case w.Figure == "online" && (w.Weight != 2.5 || w.UpdatedBy != "admin" || !w.UpdatedAt.Equal(at)):
			t.Errorf("online %+v", w)
		case w.Figure != "online" && (w.Weight != 1 || w.UpdatedBy != "system"):
			t.Errorf("an unchanged weight was rewritten: %+v", w)
		}
	}
	var n int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM audit WHERE action = 'operations.weights'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("audit entries %d, %v", n, err)
	}
	out[0].Weight = -1
	// The use case refuses it first; the table refuses it too.
	if err := s.SaveOperationWeights(ctx, out, meta); err == nil {
		t.Fatal("a negative weight was saved")
	}
}
