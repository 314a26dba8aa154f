package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban/postgres"
	"haoban/postgres/pgtest"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfig(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		c, err := loadConfig(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if c.HTTPAddr != ":8080" || c.TemporalNamespace != "default" || c.TokenTTL != 12*time.Hour || c.JWTSecret != "" {
			t.Fatalf("defaults = %+v", c)
		}
		if err := c.requireJWTSecret(); err == nil {
			t.Fatal("api would start without a JWT secret")
		}
	})
	t.Run("ErrEveryProblemAtOnce", func(t *testing.T) {
		_, err := loadConfig(env(map[string]string{
			"DATABASE_URL": "mysql://x", "HAOBAN_TOKEN_TTL": "forever", "HAOBAN_DEV_TEMPORAL_PORT": "70000",
			"HAOBAN_LOG_LEVEL": "loud", "HAOBAN_JWT_SECRET": "short",
		}))
		if err == nil {
			t.Fatal("bad configuration accepted")
		}
		for _, name := range []string{"DATABASE_URL", "HAOBAN_TOKEN_TTL", "HAOBAN_DEV_TEMPORAL_PORT", "HAOBAN_LOG_LEVEL", "HAOBAN_JWT_SECRET"} {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error does not name %s: %v", name, err)
			}
		}
	})
}

func TestREADMEDocumentsEveryVariable(t *testing.T) {
	readme := readFile(t, "../../README.md")
	for _, v := range envVars {
		if !strings.Contains(readme, "`"+v.name+"`") {
			t.Errorf("README's table lacks %s", v.name)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAuditVerifyCommand(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	store, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for i := 0; i < 3; i++ {
		if err := store.Audit(ctx, postgres.AuditEntry{At: time.Now(), Actor: "admin", Role: "admin", Department: "*",
			Action: "catalogue_changed", Target: "open-restaurant"}); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{DatabaseURL: url}
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
