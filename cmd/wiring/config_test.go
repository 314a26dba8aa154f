package wiring

import (
	"os"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfig(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		c, err := LoadConfig(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if c.HTTPAddr != ":8080" || c.TemporalNamespace != "default" || c.TokenTTL != 12*time.Hour || c.JWTSecret != "" {
			t.Fatalf("defaults = %+v", c)
		}
		if err := c.RequireJWTSecret(); err == nil {
			t.Fatal("api would start without a JWT secret")
		}
	})
	t.Run("ErrEveryProblemAtOnce", func(t *testing.T) {
		_, err := LoadConfig(env(map[string]string{
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
