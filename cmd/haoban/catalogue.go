package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"haoban"
	"haoban/app"
	"haoban/cmd/wiring"
	"haoban/policies"
	"haoban/postgres"
	"haoban/prereview"
)

// operator is who a catalogue import is audited as: whoever holds the
// database URL acts as the catalogue admin.
var operator = app.Request{User: haoban.User{ID: "cli", Name: "命令行", Roles: []string{haoban.RoleCatalogueAdmin},
	Department: haoban.AnyDepartment}}

// runCatalogue exports the bundles to files one may review in git, and
// imports them back (issue 16): `haoban catalogue export [--dir DIR]`,
// `haoban catalogue import FILE...`.
func runCatalogue(ctx context.Context, cfg wiring.Config, args []string) error {
	if len(args) == 0 || (args[0] != "export" && args[0] != "import") {
		return fmt.Errorf("usage: haoban catalogue export [--dir DIR] | haoban catalogue import FILE...")
	}
	store, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer store.Close()
	authz, err := policies.New()
	if err != nil {
		return err
	}
	reviewer, err := prereview.New(store)
	if err != nil {
		return err
	}
	c := &app.Catalogue{Store: store, Versions: store, Authz: authz, Engine: reviewer.Engine, Time: haoban.SystemTime{}}
	if args[0] == "import" {
		return importBundles(ctx, c, args[1:], os.Stdout)
	}
	fs := flag.NewFlagSet("catalogue export", flag.ContinueOnError)
	dir := fs.String("dir", ".", "the directory to write <code>.json into")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	return exportBundles(ctx, c, *dir, os.Stdout)
}

// exportBundles writes one indented JSON file per bundle; encoding/json
// keeps struct order and sorts map keys, so a re-export diffs cleanly.
func exportBundles(ctx context.Context, c *app.Catalogue, dir string, out io.Writer) error {
	bundles, err := c.Export(ctx)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, b := range bundles {
		raw, err := json.MarshalIndent(b, "", "  ")
		if err != nil {
			return err
		}
		path := filepath.Join(dir, b.Code+".json")
		if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(out, "已导出 %s\n", path)
	}
	return nil
}

// importBundles imports each file and says what became of it; it fails
// when any file was refused, after trying them all.
func importBundles(ctx context.Context, c *app.Catalogue, files []string, out io.Writer) error {
	if len(files) == 0 {
		return fmt.Errorf("usage: haoban catalogue import FILE...")
	}
	refused := 0
	for _, f := range files {
		res, err := importFile(ctx, c, f)
		switch {
		case err != nil:
			refused++
			fmt.Fprintf(out, "%s：未导入：%s\n", f, haoban.ErrorMessage(err))
			for _, d := range haoban.ErrorDetails(err) {
				fmt.Fprintf(out, "  %s：%s\n", d.Field, d.Message)
			}
		case res.Changed:
			fmt.Fprintf(out, "%s：已导入\n", f)
		default:
			fmt.Fprintf(out, "%s：未变化\n", f)
		}
	}
	if refused > 0 {
		return fmt.Errorf("%d 个文件未导入", refused)
	}
	return nil
}

func importFile(ctx context.Context, c *app.Catalogue, path string) (app.ImportResult, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return app.ImportResult{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields() // a misspelt key is an error, not a silent loss
	var b haoban.Bundle
	if err := dec.Decode(&b); err != nil {
		return app.ImportResult{}, haoban.Errorf(haoban.EINVALID, "不是一件事的 JSON：%v", err)
	}
	if dec.More() {
		return app.ImportResult{}, errors.New("文件中只能有一个一件事")
	}
	return c.Import(ctx, operator, b)
}
