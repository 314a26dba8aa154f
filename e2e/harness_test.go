// Package e2e_test drives the whole system through its HTTP API: a real
// PostgreSQL, a real Temporal server (temporaltest, in-process), the worker
// and the API listening on a loopback port.
package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/server/temporaltest"

	"haoban"
	"haoban/activities"
	"haoban/api"
	"haoban/auth"
	"haoban/blob"
	"haoban/cmd/wiring"
	"haoban/demo"
	"haoban/issuing"
	"haoban/ocr"
	"haoban/payloadcrypt"
	"haoban/payloadcrypt/payloadcrypttest"
	"haoban/postgres"
	"haoban/postgres/pgtest"
	"haoban/prereview"
	"haoban/treasury"
	"haoban/worker"
	"haoban/workflows"
)

// system is one running Haoban.
type system struct {
	t        testing.TB
	base     string
	store    *postgres.Store
	reviewer *prereview.Reviewer
	issuer   *issuing.Issuer
	temporal client.Client
	blobs    *blob.Dir
	dbURL    string
	worker   sdkworker.Worker
	http     *http.Client
	// clock is the API's and the worker's "now": the machine's clock
	// until a test sets it.
	clock   *haoban.ShiftedTime
	api     *api.Server
	blobDir string
	// ledger is the local payment service benefits are paid through;
	// treasury is the client the API and the worker pay with.
	ledger   *treasury.LedgerServer
	treasury treasury.Treasury
}

func startSystem(tb testing.TB) *system {
	tb.Helper()
	return startSystemWith(tb, systemOptions{})
}

// systemOptions change how a system is put together, for the fault tests.
type systemOptions struct {
	// dbThrough turns the test database's URL into the one the system
	// dials: through a proxy the test can cut.
	dbThrough func(dbURL string) string
	// temporal dials a Temporal server the test runs itself (the dev
	// server, which it can stop and start); nil: temporaltest.
	temporal func(tb testing.TB, opts client.Options) client.Client
}

func startSystemWith(tb testing.TB, o systemOptions) *system {
	tb.Helper()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(tb)
	if o.dbThrough != nil {
		dbURL = o.dbThrough(dbURL)
	}
	store, err := postgres.Open(ctx, dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(store.Close)
	if err := store.SeedCalendar(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := demo.Load(ctx, store); err != nil {
		tb.Fatal(err)
	}
	dc := testCodec(tb).DataConverter()
	opts := client.Options{DataConverter: dc,
		FailureConverter: temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: dc, EncodeCommonAttributes: true})}
	var tc client.Client
	if o.temporal != nil {
		tc = o.temporal(tb, opts)
	} else {
		ts := temporaltest.NewServer()
		tb.Cleanup(ts.Stop)
		tc = ts.NewClientWithOptions(opts)
	}
	s := serve(tb, store, tc, dbURL)
	s.coverCalendar(ctx)
	s.startWorker()
	tb.Cleanup(func() { s.stopWorker() })
	return s
}

// testMasterKey opens the seals' keys in the tests.
const testMasterKey = "test-master-key-test-master-key!"

// testCodec seals what the tests hand to Temporal, as production does.
func testCodec(tb testing.TB) *payloadcrypt.Codec { return payloadcrypttest.Codec(tb) }

// startWorker runs the case worker on the system's clock.
func (s *system) startWorker() {
	s.t.Helper()
	w := worker.New(s.temporal, &activities.Activities{Store: s.store, Reviewer: s.reviewer, Issuer: s.issuer, Time: s.clock,
		Treasury: s.treasury, Starter: workflows.NewClient(s.temporal)})
	if err := w.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.worker = w
}

func (s *system) stopWorker() {
	if s.worker != nil {
		s.worker.Stop()
		s.worker = nil
	}
}

// coverCalendar loads weekends-only years where the built-in holidays end,
// so that clocks read in a year after 2026 still compute in tests.
func (s *system) coverCalendar(ctx context.Context) {
	cal, err := s.store.Calendar(ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	for y := time.Now().Year(); y <= time.Now().Year()+1; y++ {
		if !cal.Covers(y) {
			err := s.store.ReplaceCalendarYear(ctx, haoban.CalendarYear{Year: y, Source: "测试：只按周末", LoadedAt: time.Now(),
				LoadedBy: "admin"}, haoban.AuditEntry{At: time.Now(), Actor: "admin", Role: "admin", Department: "*"})
			if err != nil {
				s.t.Fatal(err)
			}
		}
	}
}

// serve runs the API on a loopback port in front of the given parts.
func serve(tb testing.TB, store *postgres.Store, tc client.Client, dbURL string) *system {
	tb.Helper()
	blobDir := tb.TempDir()
	blobs, err := blob.NewDir(blobDir)
	if err != nil {
		tb.Fatal(err)
	}
	reviewer, err := prereview.New(store)
	if err != nil {
		tb.Fatal(err)
	}
	reader, err := ocr.New()
	if err != nil {
		tb.Fatal(err)
	}
	clock := &haoban.ShiftedTime{}
	issuer := &issuing.Issuer{Store: store, Blobs: blobs, Master: []byte(testMasterKey), PublicURL: "http://haoban.test",
		Time: clock}
	ledger, pay := startLedger(tb, clock)
	srv, err := wiring.NewServer(wiring.Server{Store: store, Temporal: tc, Blobs: blobs, Reviewer: reviewer, Issuer: issuer,
		OCR: reader, Tokens: auth.NewTokens("test-secret-test-secret-test-secret", time.Hour), Registry: prometheus.NewRegistry(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clock, Codec: testCodec(tb),
		CodecOrigins: []string{"http://temporal-ui.test"}, DevMode: true, DatabaseURL: dbURL, Treasury: pay})
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go func() { _ = srv.Fiber().Listener(ln) }()
	liveCtx, stopLive := context.WithCancel(context.Background())
	go srv.RunLive(liveCtx)
	tb.Cleanup(func() {
		stopLive()
		_ = srv.Shutdown(5 * time.Second)
	})
	return &system{t: tb, base: "http://" + ln.Addr().String(), store: store, reviewer: reviewer, issuer: issuer, temporal: tc, blobs: blobs, dbURL: dbURL,
		http: &http.Client{Timeout: 30 * time.Second}, clock: clock, api: srv, blobDir: blobDir, ledger: ledger, treasury: pay}
}

// startLedger runs the local payment service on the system's clock, and
// the client that pays through it.
func startLedger(tb testing.TB, clock haoban.TimeSource) (*treasury.LedgerServer, treasury.Treasury) {
	tb.Helper()
	const secret = "test-treasury-secret-test-treasury-secret"
	ledger := treasury.NewLedgerServer(secret, clock)
	ts := httptest.NewServer(ledger)
	tb.Cleanup(ts.Close)
	pay, err := treasury.NewClient(treasury.ClientConfig{URL: ts.URL, Secret: secret, Backoff: -1}, clock)
	if err != nil {
		tb.Fatal(err)
	}
	return ledger, pay
}

// response is a decoded HTTP response.
type response struct {
	status    int
	requestID string
	body      map[string]any
	raw       []byte
}

// code returns the error code of an error response.
func (r response) code() string {
	e, _ := r.body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

// call sends a request; body may be nil, a []byte or a value to encode.
func (s *system) call(method, path, token string, body any, headers ...string) response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := s.http.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := response{status: resp.StatusCode, requestID: resp.Header.Get("X-Request-ID"), raw: raw}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

// must checks a response's status and returns it.
func (s *system) must(want int, r response) response {
	s.t.Helper()
	if r.status != want {
		s.t.Fatalf("status %d, want %d: %s", r.status, want, r.raw)
	}
	return r
}

func (s *system) login(user string) string {
	s.t.Helper()
	r := s.must(200, s.call("POST", "/api/v1/dev/login", "", map[string]string{"user_id": user}))
	return r.body["token"].(string)
}

// waitCase polls a case until cond holds, as a client following it would.
func (s *system) waitCase(token, id string, what string, cond func(map[string]any) bool) map[string]any {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := s.must(200, s.call("GET", "/api/v1/cases/"+id, token, nil))
		if cond(r.body) {
			return r.body
		} else if time.Now().After(deadline) {
			s.t.Fatalf("case %s: %s did not happen in 30s: %s", id, what, r.raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func taskStatus(c map[string]any, item string) string {
	for _, t := range c["tasks"].([]any) {
		task := t.(map[string]any)
		if task["item"] == item {
			return task["status"].(string)
		}
	}
	return ""
}

func taskID(caseID, item string) string { return fmt.Sprintf("%s.%s", caseID, item) }

func decodeJSON(raw []byte, v any) error { return json.Unmarshal(raw, v) }

func readForm(t *testing.T, path string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Form map[string]any `json:"form"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatal(err)
	}
	return body.Form
}
