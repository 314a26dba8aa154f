package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/cmd/wiring"
	"haoban/demo"
	"haoban/policies"
	"haoban/postgres"
	"haoban/postgres/pgtest"
	"haoban/rules"
)

// bundles is a catalogue kept in a map.
type bundles map[string]haoban.Bundle

func (m bundles) ListRules(context.Context, []string) ([]rules.Rule, error) { return nil, nil }
func (m bundles) ListLinkRules(context.Context) ([]haoban.LinkRule, error)  { return nil, nil }
func (m bundles) ListBundles(context.Context) ([]haoban.Bundle, error) {
	return []haoban.Bundle{m["newborn"]}, nil
}
func (m bundles) SaveBundle(_ context.Context, b haoban.Bundle, _ haoban.AuditEntry) error {
	m[b.Code] = b
	return nil
}
func (m bundles) FindBundle(_ context.Context, code string) (haoban.Bundle, error) {
	b, ok := m[code]
	if !ok {
		return b, haoban.Errorf(haoban.ENOTFOUND, "不存在")
	}
	return b, nil
}

func TestCatalogueExportImport(t *testing.T) {
	ctx := context.Background()
	authz, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	engine, err := rules.New(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := &app.Catalogue{Store: bundles{"newborn": demo.Newborn()}, Authz: authz, Engine: engine}
	dir := t.TempDir()
	var out strings.Builder
	if err := exportBundles(ctx, c, dir, &out); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "newborn.json")
	if err := importBundles(ctx, c, []string{file}, &out); err != nil || !strings.Contains(out.String(), "未变化") {
		t.Fatalf("re-import of the export: %v\n%s", err, out.String())
	}
	b := demo.Newborn()
	b.Items[1].DependsOn = []string{"birth-certificat"}
	raw, _ := json.Marshal(b)
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := importBundles(ctx, c, []string{bad}, &out); err == nil || !strings.Contains(out.String(), "未导入") ||
		!strings.Contains(out.String(), "items[1].depends_on[0]") {
		t.Fatalf("a dangling depends_on: %v\n%s", err, out.String())
	}
}

func TestCatalogueImportTwice(t *testing.T) {
	ctx := context.Background()
	authz, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	c := &app.Catalogue{Store: bundles{"newborn": demo.Newborn()}, Authz: authz}
	b := demo.Newborn()
	b.Name = "新生儿出生（改）"
	raw, _ := json.MarshalIndent(b, "", "  ")
	file := filepath.Join(t.TempDir(), "newborn.json")
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"已导入", "未变化"} {
		var out strings.Builder
		if err := importBundles(ctx, c, []string{file}, &out); err != nil || !strings.Contains(out.String(), want) {
			t.Fatalf("want %s, got %v\n%s", want, err, out.String())
		}
	}
}

// TestCatalogueRoundTrip imports what the store exported: nothing is
// written, so the comparison holds across the database's round trip; a
// changed file is written with one audit entry.
func TestCatalogueRoundTrip(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	store, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := demo.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	audits := func() int64 {
		res, err := store.VerifyAudit(ctx)
		if err != nil || res.BrokenAt != 0 {
			t.Fatalf("audit: %+v, %v", res, err)
		}
		return res.Checked
	}
	cfg, dir := wiring.Config{DatabaseURL: url}, t.TempDir()
	if err := runCatalogue(ctx, cfg, []string{"export", "--dir", dir}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != len(demo.Bundles()) {
		t.Fatalf("exported %v", files)
	}
	before := audits()
	if err := runCatalogue(ctx, cfg, append([]string{"import"}, files...)); err != nil || audits() != before {
		t.Fatalf("re-import of the export: %v, audit %d → %d", err, before, audits())
	}
	b := demo.Newborn()
	b.Name = "新生儿出生（改）"
	raw, _ := json.Marshal(b)
	newborn := filepath.Join(dir, "newborn.json")
	if err := os.WriteFile(newborn, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := runCatalogue(ctx, cfg, []string{"import", newborn}); err != nil || audits() != before+1 {
			t.Fatalf("import %d of a changed file: %v, audit %d → %d", i+1, err, before, audits())
		}
	}
}
