package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"haoban"
	"haoban/cmd/wiring"
	"haoban/treasury"
)

// startTreasury runs the local ledger service (the one cmd/haoban-treasury
// serves) on a loopback port for `haoban dev`, when no payment service is
// configured, so that benefits are paid end to end on one machine. Its
// ledger lives in memory: a restart empties it, and reconciliation then
// lists the payments it forgot.
func startTreasury(cfg *wiring.Config, dataDir string) (stop func(), err error) {
	secret, err := devSecret(filepath.Join(dataDir, "treasury-secret"))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("local treasury: %w", err)
	}
	srv := &http.Server{Handler: treasury.NewLedgerServer(secret, haoban.SystemTime{}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	cfg.TreasuryURL, cfg.TreasurySecret = "http://"+ln.Addr().String(), secret
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
