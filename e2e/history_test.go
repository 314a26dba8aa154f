package e2e_test

import (
	"context"
	"flag"
	"os"
	"testing"

	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"haoban/workflows"
)

var recordFlag = flag.Bool("record-history", false, "write the journey's workflow history to workflows/testdata for the replay test")

// recordHistory saves a completed case's history, which the replay test
// replays against the current workflow code to catch non-determinism.
func recordHistory(t *testing.T, s *system, caseID, file string) {
	t.Helper()
	if !*recordFlag {
		return
	}
	it := s.temporal.GetWorkflowHistory(context.Background(), workflows.CaseWorkflowID(caseID), "", false, 0)
	var h historypb.History
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		h.Events = append(h.Events, e)
	}
	raw, err := protojson.MarshalOptions{Indent: "  "}.Marshal(&h)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("../workflows/testdata/"+file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}
