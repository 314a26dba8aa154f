// Command haoban-dev runs the whole of Haoban in one process for a
// newcomer: migrations, demo data, an embedded Temporal server with its web
// UI, the worker and the API. It is not the production binary (cmd/haoban),
// which links no Temporal server.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	tlog "go.temporal.io/server/common/log"

	"haoban/cmd/wiring"
	"haoban/demo"
	"haoban/devtemporal"
	"haoban/migrations"
	"haoban/seed"
	"haoban/worker"
)

func main() {
	cfg, err := wiring.LoadConfig(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "haoban-dev: configuration problems:\n%v\n", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runDev(ctx, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "haoban-dev: %v\n", err)
		os.Exit(1)
	}
}

// runDev runs the whole system in one process: migrations, the demo data,
// an embedded Temporal server that keeps its state under the data dir, the
// worker and the API. Ctrl-C stops it; the next start finds every case.
func runDev(ctx context.Context, cfg wiring.Config) error {
	dataDir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	if cfg.JWTSecret == "" {
		if cfg.JWTSecret, err = devSecret(filepath.Join(dataDir, "jwt-secret")); err != nil {
			return err
		}
	}
	if cfg.MasterKey == nil {
		secret, err := devSecret(filepath.Join(dataDir, "master-key"))
		if err != nil {
			return err
		}
		if cfg.MasterKey, err = wiring.MasterKey(secret, ""); err != nil {
			return err
		}
	}
	if cfg.TreasuryURL == "" {
		stop, err := startTreasury(&cfg, dataDir)
		if err != nil {
			return err
		}
		defer stop()
	}
	if cfg.TemporalUIURL == "" && cfg.DevTemporalUIPort != 0 {
		cfg.TemporalUIURL = fmt.Sprintf("http://127.0.0.1:%d", cfg.DevTemporalUIPort)
	}
	if _, err := migrations.Migrate(ctx, cfg.DatabaseURL); err != nil {
		return fmt.Errorf("%w (is PostgreSQL running? `make dev` starts it)", err)
	}
	temporal, err := devtemporal.Start(devtemporal.Options{
		DatabaseFile: filepath.Join(dataDir, "temporal.sqlite"), FrontendPort: cfg.DevTemporalPort,
		UIPort: cfg.DevTemporalUIPort, Namespace: cfg.TemporalNamespace, CodecEndpoint: publicBase(cfg) + "/api/v1/admin/codec",
		Logger: tlog.NewZapLogger(tlog.BuildZapLogger(tlog.Config{Level: "error"})),
	})
	if err != nil {
		return err
	}
	defer temporal.Stop()
	p, err := wiring.Open(ctx, cfg, temporal.Address())
	if err != nil {
		return err
	}
	defer p.Close()
	if err := p.Store.SeedCalendar(ctx); err != nil {
		return err
	}
	// The "799" figures of tasks decided before their summary table.
	if err := p.Store.BackfillOperations(ctx); err != nil {
		return err
	}
	if err := seed.Load(ctx, p.Store.Pool(), seed.DevSizes); err != nil {
		return err
	}
	if err := demo.Load(ctx, p.Store); err != nil {
		return err
	}
	// The 办事指南 indexes every published version, the demo's included.
	if err := p.Store.ReindexGuide(ctx); err != nil {
		return err
	}
	// So does the knowledge base, whose entries are built from it.
	if err := p.Store.RebuildKnowledge(ctx, p.Clock.Now()); err != nil {
		return err
	}
	if err := wiring.TrainMissingModels(ctx, p.Store); err != nil {
		return err
	}
	// The local CA and every demo department's seal exist from the first
	// start, so the first approval only signs.
	for _, d := range demo.Departments() {
		if _, err := p.Issuer.SealName(ctx, d.Code); err != nil {
			return fmt.Errorf("seal of %s: %w", d.Code, err)
		}
	}
	w := p.Worker()
	if err := w.Start(); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	defer w.Stop()
	go worker.ReconcileLoop(ctx, p.Temporal, p.Store, time.Minute, p.Clock, p.Log)
	go p.RunNotices(ctx)
	go p.RunKnowledgeReminders(ctx, 10*time.Minute)
	go p.RunRatingReminders(ctx, 10*time.Minute)
	printWelcome(cfg, temporal.Address())
	return p.ServeAPI(ctx, cfg, true)
}

// devSecret keeps one random JWT secret per data dir, so tokens survive a
// restart of `haoban-dev`.
func devSecret(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return strings.TrimSpace(string(b)), nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	secret := hex.EncodeToString(raw)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return secret, nil
}

// publicBase is where a browser on this machine reaches the dev API.
func publicBase(cfg wiring.Config) string {
	if !strings.HasPrefix(cfg.HTTPAddr, ":") {
		return "http://" + cfg.HTTPAddr
	}
	return "http://127.0.0.1" + cfg.HTTPAddr
}

func printWelcome(cfg wiring.Config, temporalAddress string) {
	base := publicBase(cfg)
	fmt.Printf(`
好办 Haoban 已启动（开发模式）
  API           %[1]s
  OpenAPI 文档  %[1]s/openapi.json
  健康检查      %[1]s/readyz
  指标          %[1]s/metrics
  Temporal      %[2]s（命名空间 %[3]s）
`, base, temporalAddress, cfg.TemporalNamespace)
	if cfg.DevTemporalUIPort != 0 {
		fmt.Printf("  Temporal UI   http://127.0.0.1:%d\n", cfg.DevTemporalUIPort)
	}
	fmt.Printf(`
获取令牌（演示用户见 %[1]s/api/v1/dev/users）：
  curl -s -X POST %[1]s/api/v1/dev/login -H 'Content-Type: application/json' -d '{"user_id":"li-na"}'
按 Ctrl-C 停止；再次 make dev，所有办件仍在。
`, base)
}
