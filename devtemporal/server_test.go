package devtemporal_test

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"haoban/devtemporal"
)

func greet(_ workflow.Context, name string) (string, error) { return "你好，" + name, nil }

func freePort(t *testing.T) int {
	t.Helper()
	port, err := devtemporal.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return port
}

func start(t *testing.T, o devtemporal.Options) (*devtemporal.Server, client.Client) {
	t.Helper()
	s, err := devtemporal.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.Dial(client.Options{HostPort: s.Address(), Namespace: o.Namespace})
	if err != nil {
		s.Stop()
		t.Fatal(err)
	}
	return s, c
}

// TestStatePersistsAcrossRestarts is what `make dev` promises: stop the
// server, start it on the same file, and the workflows are still there.
func TestStatePersistsAcrossRestarts(t *testing.T) {
	o := devtemporal.Options{DatabaseFile: filepath.Join(t.TempDir(), "temporal.sqlite"),
		FrontendPort: freePort(t), UIPort: freePort(t), Namespace: "default"}
	s, c := start(t, o)
	w := worker.New(c, "greet", worker.Options{})
	w.RegisterWorkflow(greet)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "greet-1", TaskQueue: "greet"}, greet, "好办")
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil || got != "你好，好办" {
		t.Fatalf("workflow = %q, %v", got, err)
	}
	resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(o.UIPort) + "/")
	if err != nil {
		t.Fatalf("Temporal UI does not answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("Temporal UI answered %d", resp.StatusCode)
	}
	w.Stop()
	c.Close()
	s.Stop()

	s, c = start(t, o)
	defer s.Stop()
	defer c.Close()
	var again string
	if err := c.GetWorkflow(ctx, "greet-1", "").Get(ctx, &again); err != nil || again != got {
		t.Fatalf("after a restart the workflow's result is %q, %v; want %q", again, err, got)
	}
}

func TestPortTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = devtemporal.Start(devtemporal.Options{DatabaseFile: filepath.Join(t.TempDir(), "t.sqlite"),
		FrontendPort: l.Addr().(*net.TCPAddr).Port, Namespace: "default"})
	if err == nil {
		t.Fatal("started on a port another process holds")
	}
}
