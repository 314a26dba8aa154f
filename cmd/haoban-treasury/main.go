// Command haoban-treasury runs the local payment service (treasury's
// LedgerServer) for development: it keeps its ledger in memory, so a
// restart empties it. It is not a real treasury.
//
//	HAOBAN_TREASURY_SECRET=<32+ bytes> HAOBAN_TREASURY_ADDR=127.0.0.1:8091 haoban-treasury
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"haoban"
	"haoban/treasury"
)

func main() {
	secret, addr := os.Getenv("HAOBAN_TREASURY_SECRET"), os.Getenv("HAOBAN_TREASURY_ADDR")
	if len(secret) < 32 {
		fmt.Fprintln(os.Stderr, "haoban-treasury: HAOBAN_TREASURY_SECRET must be at least 32 bytes")
		os.Exit(2)
	}
	if addr == "" {
		addr = "127.0.0.1:8091"
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Addr: addr, Handler: treasury.NewLedgerServer(secret, haoban.SystemTime{}),
		ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown) // exiting anyway
	}()
	fmt.Fprintf(os.Stderr, "haoban-treasury: local payment service on http://%s\n", addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(os.Stderr, "haoban-treasury: %v\n", err)
		os.Exit(1)
	}
}
