package e2e_test

import (
	"context"
	"flag"
	"os"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
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

// history reads a case's workflow history as the server keeps it.
func (s *system) history(t *testing.T, caseID string) []*historypb.HistoryEvent {
	t.Helper()
	it := s.temporal.GetWorkflowHistory(context.Background(), workflows.CaseWorkflowID(caseID), "", false, 0)
	var events []*historypb.HistoryEvent
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	return events
}

// waitHistory waits until the history's event types satisfy cond.
func (s *system) waitHistory(t *testing.T, caseID, what string, cond func([]enumspb.EventType) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var types []enumspb.EventType
		for _, e := range s.history(t, caseID) {
			types = append(types, e.GetEventType())
		}
		if cond(types) {
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("case %s: %s did not happen in 30s", caseID, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitSettled waits until the case's workflow has nothing to do until its
// next timer: no workflow task and no activity pending. Whatever it was
// going to send by then has been sent.
func (s *system) waitSettled(t *testing.T, caseID string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		d, err := s.temporal.DescribeWorkflowExecution(context.Background(), workflows.CaseWorkflowID(caseID), "")
		if err != nil {
			t.Fatal(err)
		}
		if d.GetPendingWorkflowTask() == nil && len(d.GetPendingActivities()) == 0 {
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("case %s did not settle in 30s", caseID)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// activityCount counts the activities of a type the workflow scheduled.
func (s *system) activityCount(t *testing.T, caseID, activityType string) int {
	t.Helper()
	n := 0
	for _, e := range s.history(t, caseID) {
		if a := e.GetActivityTaskScheduledEventAttributes(); a != nil && a.GetActivityType().GetName() == activityType {
			n++
		}
	}
	return n
}
