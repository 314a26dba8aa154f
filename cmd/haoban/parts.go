package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/uber-go/tally/v4"
	tallyprom "github.com/uber-go/tally/v4/prometheus"
	"go.temporal.io/sdk/client"
	sdktally "go.temporal.io/sdk/contrib/tally"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"

	"haoban"
	"haoban/activities"
	"haoban/api"
	"haoban/blob"
	"haoban/issuing"
	"haoban/logging"
	"haoban/migrations"
	"haoban/ocr"
	"haoban/payloadcrypt"
	"haoban/policies"
	"haoban/postgres"
	"haoban/prereview"
	"haoban/worker"
)

// runAudit verifies the audit trail's hash chain: `haoban audit verify`.
func runAudit(ctx context.Context, cfg Config, args []string) error {
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

func runMigrate(ctx context.Context, cfg Config) error {
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
	fmt.Printf("数据库已迁移到版本 %d，工作日日历已就绪\n", v)
	return nil
}

func runAPI(ctx context.Context, cfg Config) error {
	if err := errors.Join(cfg.requireJWTSecret(), cfg.requireMasterKey()); err != nil {
		return err
	}
	p, err := openParts(ctx, cfg, cfg.TemporalAddress)
	if err != nil {
		return err
	}
	defer p.close()
	return p.serveAPI(ctx, cfg, false)
}

func runWorker(ctx context.Context, cfg Config) error {
	if err := cfg.requireMasterKey(); err != nil {
		return err
	}
	p, err := openParts(ctx, cfg, cfg.TemporalAddress)
	if err != nil {
		return err
	}
	defer p.close()
	if cfg.MetricsAddr != "" {
		srv := &http.Server{Addr: cfg.MetricsAddr, Handler: promhttp.HandlerFor(p.registry, promhttp.HandlerOpts{}),
			ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = srv.ListenAndServe() }()
		defer srv.Close()
	}
	w := worker.New(p.temporal, &activities.Activities{Store: p.store, Reviewer: p.reviewer, Issuer: p.issuer, Time: p.clock})
	if err := w.Start(); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	p.log.Info("worker started", "task_queue", "haoban-cases")
	go worker.ReconcileLoop(ctx, p.temporal, p.store, time.Minute, p.clock, p.log)
	<-ctx.Done()
	w.Stop()
	return nil
}

// parts are the connections every subcommand shares.
type parts struct {
	log      *slog.Logger
	registry *prometheus.Registry
	store    *postgres.Store
	reviewer *prereview.Reviewer
	blobs    *blob.Dir
	issuer   *issuing.Issuer
	temporal client.Client
	scope    tally.Scope
	closer   io.Closer
	// clock is where every part reads "now".
	clock haoban.TimeSource
	// codec seals what goes to Temporal.
	codec *payloadcrypt.Codec
}

func openParts(ctx context.Context, cfg Config, temporalAddress string) (*parts, error) {
	p := &parts{log: logging.New(os.Stderr, cfg.LogLevel), registry: prometheus.NewRegistry(), clock: haoban.SystemTime{}}
	slog.SetDefault(p.log)
	p.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	var err error
	if p.store, err = postgres.Open(ctx, cfg.DatabaseURL); err != nil {
		return nil, fmt.Errorf("PostgreSQL: %w (run `make dev`, which starts it, or set DATABASE_URL)", err)
	}
	if p.reviewer, err = prereview.New(p.store); err != nil {
		p.store.Close()
		return nil, err
	}
	if p.blobs, err = blob.NewDir(cfg.BlobDir); err != nil {
		p.store.Close()
		return nil, err
	}
	p.issuer = &issuing.Issuer{Store: p.store, Blobs: p.blobs, Master: cfg.MasterKey, PublicURL: cfg.PublicURL, Time: p.clock}
	p.scope, p.closer = tally.NewRootScope(tally.ScopeOptions{
		CachedReporter:  tallyprom.NewReporter(tallyprom.Options{Registerer: p.registry}),
		Separator:       tallyprom.DefaultSeparator,
		SanitizeOptions: &sdktally.PrometheusSanitizeOptions,
	}, time.Second)
	if p.codec, err = cfg.payloadCodec(); err != nil {
		p.store.Close()
		return nil, err
	}
	dc := p.codec.DataConverter()
	p.temporal, err = dialTemporal(ctx, client.Options{
		HostPort: temporalAddress, Namespace: cfg.TemporalNamespace, DataConverter: dc,
		FailureConverter: temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
			DataConverter: dc, EncodeCommonAttributes: true}),
		Logger:         sdklog.NewStructuredLogger(p.log),
		MetricsHandler: sdktally.NewMetricsHandler(sdktally.NewPrometheusNamingScope(p.scope)),
	})
	if err != nil {
		p.store.Close()
		return nil, err
	}
	return p, nil
}

// dialTemporal retries for a minute: in a deployment the API or worker may
// start before the Temporal frontend answers.
func dialTemporal(ctx context.Context, opts client.Options) (client.Client, error) {
	deadline := time.Now().Add(time.Minute)
	for {
		c, err := client.DialContext(ctx, opts)
		if err == nil {
			return c, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("Temporal at %s: %w (set TEMPORAL_ADDRESS, or use `haoban dev`)", opts.HostPort, err)
		}
		time.Sleep(2 * time.Second)
	}
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (p *parts) close() {
	p.temporal.Close()
	_ = p.closer.Close()
	p.store.Close()
}

// serveAPI serves until ctx ends, then drains requests in flight.
func (p *parts) serveAPI(ctx context.Context, cfg Config, dev bool) error {
	authz, err := policies.New()
	if err != nil {
		return err
	}
	reader, err := ocr.New()
	if err != nil {
		p.log.Warn("scans will not be read", "error", err)
		reader = nil
	}
	srv := api.New(api.Deps{Store: p.store, Temporal: p.temporal, Authz: authz, Blobs: p.blobs, Prereview: p.reviewer, OCR: reader,
		Issuer: p.issuer,
		Tokens: api.NewTokens(cfg.JWTSecret, cfg.TokenTTL), Registry: p.registry, DevMode: dev, Log: p.log, Time: p.clock,
		Codec: p.codec, CodecOrigins: nonEmpty(cfg.TemporalUIURL)})
	go srv.RunLive(ctx, cfg.DatabaseURL)
	errc := make(chan error, 1)
	go func() { errc <- srv.Listen(cfg.HTTPAddr) }()
	select {
	case err := <-errc:
		return fmt.Errorf("listen on %s: %w", cfg.HTTPAddr, err)
	case <-ctx.Done():
	}
	if err := srv.Shutdown(10 * time.Second); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("shut down api: %w", err)
	}
	return nil
}
