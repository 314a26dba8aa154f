package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"haoban"
	"haoban/cmd/wiring"
	"haoban/migrations"
	"haoban/postgres"
)

// runAudit verifies the audit trail's hash chain: `haoban audit verify`.
func runAudit(ctx context.Context, cfg wiring.Config, args []string) error {
	if len(args) != 1 || args[0] != "verify" {
		return fmt.Errorf("usage: haoban audit verify")
	}
	store, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := store.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	fmt.Println(res)
	if res.BrokenAt != 0 {
		return fmt.Errorf("审计记录在第 %d 条处被篡改", res.BrokenAt)
	}
	return nil
}

func runMigrate(ctx context.Context, cfg wiring.Config) error {
	v, err := migrations.Migrate(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	store, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SeedCalendar(ctx); err != nil {
		return err
	}
	// The "799" figures of tasks decided before their summary table (or
	// in a year the calendar lacked) are read against the calendar.
	if err := store.BackfillOperations(ctx); err != nil {
		return err
	}
	// The guide's index holds what was published before it existed too.
	if err := store.ReindexGuide(ctx); err != nil {
		return err
	}
	// The knowledge base is built from what is published: rebuilt after
	// each release's migrations, at the machine's time, as the store reads.
	if err := store.RebuildKnowledge(ctx, haoban.SystemTime{}.Now()); err != nil {
		return err
	}
	fmt.Printf("数据库已迁移到版本 %d，工作日日历已就绪\n", v)
	return nil
}

func runAPI(ctx context.Context, cfg wiring.Config) error {
	if err := errors.Join(cfg.RequireJWTSecret(), cfg.RequireMasterKey()); err != nil {
		return err
	}
	p, err := wiring.Open(ctx, cfg, cfg.TemporalAddress)
	if err != nil {
		return err
	}
	defer p.Close()
	return p.ServeAPI(ctx, cfg, false)
}

func runWorker(ctx context.Context, cfg wiring.Config) error {
	if err := cfg.RequireMasterKey(); err != nil {
		return err
	}
	p, err := wiring.Open(ctx, cfg, cfg.TemporalAddress)
	if err != nil {
		return err
	}
	defer p.Close()
	if cfg.MetricsAddr != "" {
		srv := &http.Server{Addr: cfg.MetricsAddr, Handler: promhttp.HandlerFor(p.Registry, promhttp.HandlerOpts{}),
			ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = srv.ListenAndServe() }()
		defer srv.Close()
	}
	return p.RunWorker(ctx)
}
