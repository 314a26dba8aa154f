package e2e_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"haoban/devtemporal"
	"haoban/payloadcrypt/payloadcrypttest"
	"haoban/workflows"
)

// The fault tests take a part of the system away while cases are in
// flight; every case must still complete, with no licence number or
// document issued twice and the audit chain intact.

// submitRestaurants submits n open-restaurant cases and approves each
// business licence, so that every case is issuing when the fault comes.
func (s *system) submitRestaurants(t *testing.T, prefix string, n int) []string {
	t.Helper()
	applicant, samr := s.login("li-na"), s.login("reviewer-samr")
	form := map[string]any{"bundle": "open-restaurant", "form": readForm(t, "../testdata/open-restaurant.json"), "confirm_duplicate": true}
	var ids []string
	for i := range n {
		id := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", fmt.Sprintf("%s-%d", prefix, i))).body["id"].(string)
		ids = append(ids, id)
	}
	for _, id := range ids {
		s.waitCase(samr, id, "the business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
		s.approve(samr, id, "business-licence")
	}
	return ids
}

// completeAll approves whatever opens in the cases until each completes
// approved, with all five licences issued.
func (s *system) completeAll(t *testing.T, ids []string) {
	t.Helper()
	tokens := map[string]string{}
	token := func(user string) string {
		if tokens[user] == "" {
			tokens[user] = s.login(user)
		}
		return tokens[user]
	}
	deadline := time.Now().Add(2 * time.Minute)
	for _, id := range ids {
		for {
			c := s.must(200, s.call("GET", "/api/v1/cases/"+id, token("li-na"), nil)).body
			if c["status"] == "completed" && countEvents(c, "licence_issued") == 5 {
				if c["outcome"] != "approved" {
					t.Fatalf("case %s completed %v", id, c["outcome"])
				}
				break
			}
			for _, task := range c["tasks"].([]any) {
				task := task.(map[string]any)
				if task["status"] == "open" {
					s.approve(token("reviewer-"+task["department"].(string)), id, task["item"].(string))
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("case %s did not complete: %v, %d licences issued", id, c["status"], countEvents(c, "licence_issued"))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// checkIssuedOnce checks that no licence number and no document was
// issued twice, and that the audit chain holds.
func (s *system) checkIssuedOnce(t *testing.T, ids []string) {
	t.Helper()
	ctx := context.Background()
	var licences, numbers, documents, distinctDocs int
	err := s.store.Pool().QueryRow(ctx, `SELECT count(*), count(DISTINCT (number, version)),
			(SELECT count(*) FROM documents WHERE case_id = ANY($1)), (SELECT count(DISTINCT (licence_id, kind)) FROM documents WHERE case_id = ANY($1))
		FROM licences WHERE case_id = ANY($1)`, ids).Scan(&licences, &numbers, &documents, &distinctDocs)
	if err != nil {
		t.Fatal(err)
	}
	if licences != 5*len(ids) || numbers != licences || documents != 2*licences || distinctDocs != documents {
		t.Fatalf("%d cases: %d licences with %d numbers, %d documents (%d distinct); want 5 each, every number and document once",
			len(ids), licences, numbers, documents, distinctDocs)
	}
	res, err := s.store.VerifyAudit(ctx)
	if err != nil || res.BrokenAt != 0 {
		t.Fatalf("audit verify: %+v, %v", res, err)
	}
}

// waitReady waits until the API says it can serve again.
func (s *system) waitReady(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); s.call("GET", "/readyz", "", nil).status != 200; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("not ready a minute after the fault ended")
		}
	}
}

// TestDatabaseOutageMidFlight: PostgreSQL's backends are terminated, then
// the database goes away altogether, while cases are issuing. The API
// answers 503 in the error model meanwhile; a submission refused then is
// accepted once it is back, and everything recovers on its own.
func TestDatabaseOutageMidFlight(t *testing.T) {
	var proxy *tcpProxy
	var direct string
	s := startSystemWith(t, systemOptions{dbThrough: func(u string) string {
		direct = u
		p, through := proxyDatabase(t, u)
		proxy = p
		return through
	}})
	applicant := s.login("li-na")
	ids := s.submitRestaurants(t, "outage", 3)

	conn, err := pgx.Connect(context.Background(), direct)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(direct)
	if _, err := conn.Exec(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = $1 AND pid <> pg_backend_pid()`, u.Path[1:]); err != nil {
		t.Fatal(err)
	}
	conn.Close(context.Background())

	proxy.cut()
	for _, r := range []response{
		s.call("GET", "/api/v1/cases", applicant, nil),
		s.call("POST", "/api/v1/cases", applicant, map[string]any{"bundle": "open-restaurant",
			"form": readForm(t, "../testdata/open-restaurant.json"), "confirm_duplicate": true}, "Idempotency-Key", "during-outage"),
	} {
		if r.status != 503 || r.code() != "EUNAVAILABLE" || r.body["request_id"] == "" {
			t.Fatalf("with the database gone: %d %s", r.status, r.raw)
		}
	}
	if r := s.call("GET", "/readyz", "", nil); r.status != 503 {
		t.Fatalf("readyz with the database gone: %d", r.status)
	}
	proxy.restore()
	s.waitReady(t)
	again := s.must(201, s.call("POST", "/api/v1/cases", applicant, map[string]any{"bundle": "open-restaurant",
		"form": readForm(t, "../testdata/open-restaurant.json"), "confirm_duplicate": true}, "Idempotency-Key", "during-outage"))
	ids = append(ids, again.body["id"].(string))
	s.completeAll(t, ids)
	s.checkIssuedOnce(t, ids)
}

// devServer is a Temporal dev server a test can stop and start again on
// the same file and port, as `haoban-dev` runs it.
type devServer struct {
	t   testing.TB
	o   devtemporal.Options
	srv *devtemporal.Server
}

func newDevServer(t testing.TB) *devServer {
	t.Helper()
	port, err := devtemporal.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	d := &devServer{t: t, o: devtemporal.Options{DatabaseFile: filepath.Join(t.TempDir(), "temporal.sqlite"),
		FrontendPort: port, Namespace: "default"}}
	d.start()
	t.Cleanup(d.stop)
	return d
}

func (d *devServer) start() {
	srv, err := devtemporal.Start(d.o)
	if err != nil {
		d.t.Fatal(err)
	}
	d.srv = srv
}

func (d *devServer) stop() {
	if d.srv != nil {
		d.srv.Stop()
		d.srv = nil
	}
}

// dial is a systemOptions.temporal for the dev server.
func (d *devServer) dial(tb testing.TB, opts client.Options) client.Client {
	opts.HostPort, opts.Namespace = d.srv.Address(), d.o.Namespace
	opts.Logger = sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	c, err := client.Dial(opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	return c
}

// TestTemporalRestartMidFlight: the Temporal server of `haoban-dev` stops
// while cases are issuing and starts again on its file; the cases go on
// where they were. Meanwhile people still read their cases.
func TestTemporalRestartMidFlight(t *testing.T) {
	dev := newDevServer(t)
	s := startSystemWith(t, systemOptions{temporal: dev.dial})
	ids := s.submitRestaurants(t, "temporal-restart", 3)
	dev.stop()
	s.must(200, s.call("GET", "/api/v1/cases/"+ids[0], s.login("li-na"), nil))
	dev.start()
	s.waitReady(t)
	s.completeAll(t, ids)
	s.checkIssuedOnce(t, ids)
}

// startWorkerProcess runs `haoban worker` as a process of its own against
// the system's database, blobs and dev Temporal server, configured only
// through its environment.
func (s *system) startWorkerProcess(t *testing.T, dev *devServer) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(haobanBinary(t), "worker")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+s.dbURL, "TEMPORAL_ADDRESS="+dev.srv.Address(), "TEMPORAL_NAMESPACE="+dev.o.Namespace,
		"HAOBAN_BLOB_DIR="+s.blobDir, "HAOBAN_MASTER_KEY="+hex.EncodeToString([]byte(testMasterKey)),
		"HAOBAN_PAYLOAD_KEYS=test:"+hex.EncodeToString([]byte(payloadcrypttest.Secret)), "HAOBAN_PUBLIC_URL=http://haoban.test",
		"HAOBAN_LOG_LEVEL=warn")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("worker process output:\n%s", logs.String())
		}
	})
	return cmd
}

// TestWorkerKilledWhileSealing: the worker process is killed (SIGKILL)
// while it renders and seals a licence, not between activities. Another
// worker takes the activity over once its time runs out; the case issues
// each licence and document once.
func TestWorkerKilledWhileSealing(t *testing.T) {
	dev := newDevServer(t)
	s := startSystemWith(t, systemOptions{temporal: dev.dial})
	s.stopWorker()
	proc := s.startWorkerProcess(t, dev)
	applicant, samr := s.login("li-na"), s.login("reviewer-samr")
	form := map[string]any{"bundle": "open-restaurant", "form": readForm(t, "../testdata/open-restaurant.json")}
	var ids []string
	killed := ""
	for i := 0; i < 5 && killed == ""; i++ {
		id := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", fmt.Sprintf("kill-%d", i))).body["id"].(string)
		ids = append(ids, id)
		s.waitCase(samr, id, "the business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
		s.approve(samr, id, "business-licence")
		for deadline := time.Now().Add(10 * time.Second); killed == "" && time.Now().Before(deadline); {
			d, err := s.temporal.DescribeWorkflowExecution(context.Background(), workflows.CaseWorkflowID(id), "")
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range d.GetPendingActivities() {
				if a.GetActivityType().GetName() == workflows.ActivityIssue && a.GetState() == enumspb.PENDING_ACTIVITY_STATE_STARTED {
					if err := proc.Process.Signal(syscall.SIGKILL); err != nil {
						t.Fatal(err)
					}
					killed = id
				}
			}
			if d.GetWorkflowExecutionInfo().GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
				break
			}
		}
	}
	if killed == "" {
		t.Fatal("never caught the worker inside the sealing step")
	}
	_ = proc.Wait()
	s.startWorker()
	s.completeAll(t, ids)
	retried := false
	for _, e := range s.history(t, killed) {
		if a := e.GetActivityTaskStartedEventAttributes(); a != nil && a.GetAttempt() >= 2 {
			retried = true
		}
	}
	if !retried {
		t.Fatal("no activity of the case was tried again: the kill did not land inside the sealing step")
	}
	s.checkIssuedOnce(t, ids)
}
