package workflows_test

import (
	"path/filepath"
	"testing"

	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"haoban/payloadcrypt/payloadcrypttest"
	"haoban/workflows"
)

// TestReplayRecordedHistories replays the histories of cases recorded with
// earlier versions of the workflow code. A case lives for weeks, so a change
// that breaks replay would break running cases: guard it with
// workflow.GetVersion and record a new history (go test ./e2e -record-history).
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob("testdata/case-*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no recorded histories in workflows/testdata: run go test ./e2e -record-history")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			// Histories recorded since payloads were sealed open with the
			// tests' key; older ones are plain and pass through.
			r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
				DataConverter: payloadcrypttest.Codec(t).DataConverter()})
			if err != nil {
				t.Fatal(err)
			}
			r.RegisterWorkflowWithOptions(workflows.Case, workflow.RegisterOptions{Name: workflows.WorkflowCase})
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, f); err != nil {
				t.Fatalf("replay %s: %v", f, err)
			}
		})
	}
}
