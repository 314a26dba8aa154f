package wiring

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/uber-go/tally/v4"
	tallyprom "github.com/uber-go/tally/v4/prometheus"
	"go.temporal.io/sdk/client"
	sdktally "go.temporal.io/sdk/contrib/tally"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"

	"haoban"
	"haoban/activities"
	"haoban/auth"
	"haoban/blob"
	"haoban/issuing"
	"haoban/logging"
	"haoban/ocr"
	"haoban/outbox"
	"haoban/payloadcrypt"
	"haoban/postgres"
	"haoban/prereview"
	"haoban/servicehours"
	"haoban/treasury"
	"haoban/worker"
	"haoban/workflows"
)

// System are the parts every process shares: the store, the blobs, the
// issuer, the Temporal client; the API and the worker are built on them.
type System struct {
	Log      *slog.Logger
	Registry *prometheus.Registry
	Store    *postgres.Store
	Reviewer *prereview.Reviewer
	Blobs    *blob.Dir
	Issuer   *issuing.Issuer
	Temporal client.Client
	// Clock is where every part reads "now".
	Clock haoban.TimeSource
	// Codec seals what goes to Temporal.
	Codec *payloadcrypt.Codec
	// Dispatcher delivers the outbox's notices; Receipts takes the SMS
	// provider's delivery receipts (nil while SMS is off).
	Dispatcher *outbox.Dispatcher
	Receipts   *outbox.Receiver
	// Treasury pays benefits; nil when no payment service is configured.
	Treasury treasury.Treasury
	// ServiceHours are the help desk's hours (HAOBAN_SERVICE_HOURS).
	ServiceHours servicehours.Hours

	scope  tally.Scope
	closer io.Closer
}

// Open connects the parts for a process that dials Temporal at
// temporalAddress.
func Open(ctx context.Context, cfg Config, temporalAddress string) (*System, error) {
	p := &System{Log: logging.New(os.Stderr, cfg.LogLevel), Registry: prometheus.NewRegistry(), Clock: haoban.SystemTime{}}
	p.ServiceHours = cfg.ServiceHours
	slog.SetDefault(p.Log)
	p.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	var err error
	if p.Store, err = postgres.Open(ctx, cfg.DatabaseURL); err != nil {
		return nil, fmt.Errorf("PostgreSQL: %w (run `make dev`, which starts it, or set DATABASE_URL)", err)
	}
	p.Store.SetPublicURL(cfg.PublicURL)
	if p.Reviewer, err = prereview.New(p.Store); err != nil {
		p.Store.Close()
		return nil, err
	}
	if p.Blobs, err = blob.NewDir(cfg.BlobDir); err != nil {
		p.Store.Close()
		return nil, err
	}
	p.Issuer = &issuing.Issuer{Store: p.Store, Blobs: p.Blobs, Master: cfg.MasterKey, PublicURL: cfg.PublicURL, Time: p.Clock}
	p.scope, p.closer = tally.NewRootScope(tally.ScopeOptions{
		CachedReporter:  tallyprom.NewReporter(tallyprom.Options{Registerer: p.Registry}),
		Separator:       tallyprom.DefaultSeparator,
		SanitizeOptions: &sdktally.PrometheusSanitizeOptions,
	}, time.Second)
	if p.Codec, err = cfg.PayloadCodec(); err != nil {
		p.Store.Close()
		return nil, err
	}
	if err := p.openNotices(cfg); err != nil {
		p.Store.Close()
		return nil, err
	}
	if cfg.TreasuryURL != "" {
		if p.Treasury, err = treasury.NewClient(treasury.ClientConfig{URL: cfg.TreasuryURL, Secret: cfg.TreasurySecret}, p.Clock); err != nil {
			p.Store.Close()
			return nil, err
		}
	}
	dc := p.Codec.DataConverter()
	p.Temporal, err = dialTemporal(ctx, client.Options{
		HostPort: temporalAddress, Namespace: cfg.TemporalNamespace, DataConverter: dc,
		FailureConverter: temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
			DataConverter: dc, EncodeCommonAttributes: true}),
		Logger:         sdklog.NewStructuredLogger(p.Log),
		MetricsHandler: sdktally.NewMetricsHandler(sdktally.NewPrometheusNamingScope(p.scope)),
	})
	if err != nil {
		p.Store.Close()
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
			return nil, fmt.Errorf("Temporal at %s: %w (set TEMPORAL_ADDRESS, or use `haoban-dev`)", opts.HostPort, err)
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

// Close releases the connections.
func (p *System) Close() {
	p.Temporal.Close()
	_ = p.closer.Close()
	p.Store.Close()
}

// Worker is the case worker on these parts.
func (p *System) Worker() sdkworker.Worker {
	return worker.New(p.Temporal, &activities.Activities{Store: p.Store, Reviewer: p.Reviewer, Issuer: p.Issuer, Time: p.Clock,
		Treasury: p.Treasury, Starter: workflows.NewClient(p.Temporal), HelpHours: p.ServiceHours})
}

// RunWorker runs the worker and the reconciliation of unstarted cases
// until ctx ends, then drains the activities in flight.
func (p *System) RunWorker(ctx context.Context) error {
	w := p.Worker()
	if err := w.Start(); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	p.Log.Info("worker started", "task_queue", workflows.TaskQueue)
	if err := worker.EnsureMatchSchedule(ctx, p.Temporal); err != nil {
		// Matching on demand still works; the schedule is retried at the
		// next start.
		p.Log.Error("match schedule", "err", err)
	}
	go worker.ReconcileLoop(ctx, p.Temporal, p.Store, time.Minute, p.Clock, p.Log)
	go p.RunNotices(ctx)
	go p.RunKnowledgeReminders(ctx, 10*time.Minute)
	go p.RunRatingReminders(ctx, 10*time.Minute)
	go p.RunObstacleReminders(ctx, 10*time.Minute)
	<-ctx.Done()
	w.Stop()
	return nil
}

// ServeAPI serves until ctx ends, then drains requests in flight.
func (p *System) ServeAPI(ctx context.Context, cfg Config, dev bool) error {
	reader, err := ocr.New()
	if err != nil {
		p.Log.Warn("scans will not be read", "error", err)
	}
	srv, err := NewServer(Server{Store: p.Store, Temporal: p.Temporal, Blobs: p.Blobs, Reviewer: p.Reviewer, Issuer: p.Issuer,
		OCR: reader, Tokens: auth.NewTokens(cfg.JWTSecret, cfg.TokenTTL), Registry: p.Registry, Log: p.Log, Clock: p.Clock,
		Codec: p.Codec, CodecOrigins: nonEmpty(cfg.TemporalUIURL), DevMode: dev, DatabaseURL: cfg.DatabaseURL,
		SMSReceipts: p.smsReceipts(), Treasury: p.Treasury, ServiceHours: p.ServiceHours,
		HotlineTarget: cfg.HotlineConnectSeconds})
	if err != nil {
		return err
	}
	// 小申's intent model is loaded, its first version trained, before the
	// first question would wait for it.
	if srv.App.Assistant != nil {
		if err := srv.App.Assistant.Load(ctx); err != nil {
			return fmt.Errorf("load the assistant's model: %w", err)
		}
	}
	go srv.RunLive(ctx)
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
