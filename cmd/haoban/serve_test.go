package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/cmd/wiring"
	"haoban/postgres"
	"haoban/postgres/pgtest"
)

func TestAuditVerifyCommand(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	store, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for i := 0; i < 3; i++ {
		if err := store.Audit(ctx, haoban.AuditEntry{At: time.Now(), Actor: "admin", Role: "admin", Department: "*",
			Action: "catalogue_changed", Target: "open-restaurant"}); err != nil {
			t.Fatal(err)
		}
	}
	cfg := wiring.Config{DatabaseURL: url}
	if err := runAudit(ctx, cfg, []string{"verify"}); err != nil {
		t.Fatalf("intact chain: %v", err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `DELETE FROM audit WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if err := runAudit(ctx, cfg, []string{"verify"}); err == nil || !strings.Contains(err.Error(), "3") {
		t.Fatalf("after deleting row 2 verify says %v, want broken at 3", err)
	}
	if err := runAudit(ctx, cfg, nil); err == nil {
		t.Fatal("audit without verify accepted")
	}
}
