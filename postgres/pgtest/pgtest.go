// Package pgtest gives each test package a fresh, migrated PostgreSQL
// database of its own, so tests never see each other's rows.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban/migrations"
)

// DefaultURL is the server the tests use when neither HAOBAN_TEST_DATABASE_URL
// nor DATABASE_URL is set; `make test` makes sure it runs.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// baseURL returns the URL of the server tests create their databases on.
func baseURL() string {
	for _, name := range []string{"HAOBAN_TEST_DATABASE_URL", "DATABASE_URL"} {
		if v := os.Getenv(name); v != "" {
			return v
		}
	}
	return DefaultURL
}

// NewDatabase creates a migrated database named after the test and returns
// its URL; the database is dropped when the test ends. A server that does not
// answer fails the test with instructions.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	base := baseURL()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("PostgreSQL does not answer at %s: %v\n"+
			"Run the tests with `make test` (it starts PostgreSQL, or installs Debian's package as root, "+
			"through scripts/ensure-postgres.sh), or point HAOBAN_TEST_DATABASE_URL at a server where you may create databases.",
			redact(base), err)
	}
	defer admin.Close(ctx)
	name := "haoban_test_" + sanitize(tb.Name()) + "_" + randomSuffix()
	if _, err := admin.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %q TEMPLATE template0 ENCODING 'UTF8'`, name)); err != nil {
		tb.Fatalf("create test database %s: %v", name, err)
	}
	tb.Cleanup(func() { drop(tb, base, name) })
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", redact(base), err)
	}
	u.Path = "/" + name
	if _, err := migrations.Migrate(ctx, u.String()); err != nil {
		tb.Fatalf("migrate %s: %v", name, err)
	}
	return u.String()
}

func drop(tb testing.TB, base, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Logf("drop %s: %v", name, err)
		return
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %q WITH (FORCE)`, name)); err != nil {
		tb.Logf("drop %s: %v", name, err)
	}
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
		if b.Len() >= 30 {
			break
		}
	}
	return b.String()
}

func randomSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
