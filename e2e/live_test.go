package e2e_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// sseEvent is one Server-Sent Event as a client sees it.
type sseEvent struct {
	id, event string
	data      map[string]any
}

// listen opens an SSE stream and delivers its events until the test ends.
func (s *system) listen(path, token, lastEventID string) (<-chan sseEvent, int) {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s.t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", s.base+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if lastEventID != "" {
		req.Header.Set("Last-Event-ID", lastEventID)
	}
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	out := make(chan sseEvent, 1024)
	if resp.StatusCode != 200 {
		resp.Body.Close()
		close(out)
		return out, resp.StatusCode
	}
	go func() {
		defer resp.Body.Close()
		defer close(out)
		var ev sseEvent
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.event != "" {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.event = line[7:]
			case strings.HasPrefix(line, "data: "):
				_ = json.Unmarshal([]byte(line[6:]), &ev.data)
			}
		}
	}()
	return out, 200
}

// next waits for the next event of a type.
func next(t *testing.T, ch <-chan sseEvent, typ string) sseEvent {
	t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("stream closed while waiting for %s", typ)
			}
			if ev.event == typ {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s event in 15s", typ)
		}
	}
}

// TestLiveAcrossInstances: an event written through one API instance
// reaches a subscriber of another, through PostgreSQL LISTEN/NOTIFY.
func TestLiveAcrossInstances(t *testing.T) {
	a := startSystem(t)
	b := serve(t, a.store, a.temporal, a.dbURL) // a second API instance on the same database
	b.t = t
	applicant, health := a.login("li-na"), a.login("reviewer-health")
	id := a.newbornCase(applicant, "live-1")

	t.Run("ErrAccess", func(t *testing.T) {
		if _, status := b.listen("/api/v1/cases/"+id+"/events", "", ""); status != 401 {
			t.Fatalf("no token: %d", status)
		}
		if _, status := b.listen("/api/v1/cases/"+id+"/events", b.login("zhang-wei"), ""); status != 404 {
			t.Fatalf("another applicant: %d", status)
		}
		if _, status := b.listen("/api/v1/cases/"+id+"/events", b.login("reviewer-fire"), ""); status != 404 {
			t.Fatalf("a reviewer of an uninvolved department: %d", status)
		}
	})

	events, _ := b.listen("/api/v1/cases/"+id+"/events", applicant, "")
	feed, _ := b.listen("/api/v1/stream", b.login("reviewer-police"), "")
	first := next(t, events, "submitted")
	if first.id != "1" {
		t.Fatalf("backlog starts at id %q, want 1", first.id)
	}
	next(t, events, "task_opened")
	a.approve(health, id, "birth-certificate") // through instance a
	decided := next(t, events, "task_decided")
	if decided.data["actor"] != "reviewer-health" {
		t.Fatalf("decision event = %v", decided.data)
	}
	opened := next(t, feed, "case_event")
	if ev := opened.data["event"].(map[string]any); ev["type"] != "task_opened" || opened.data["case_id"] != id {
		t.Fatalf("police feed got %v, want the hukou task opening", opened.data)
	}

	t.Run("ResumeWithoutGapsOrDuplicates", func(t *testing.T) {
		resumed, _ := b.listen("/api/v1/cases/"+id+"/events", applicant, decided.id)
		ev := next(t, resumed, "task_opened")
		if ev.id != itoa(mustFloat(decided.id)+1) {
			t.Fatalf("resumed at id %s after %s", ev.id, decided.id)
		}
	})
}

func mustFloat(s string) float64 {
	var f float64
	_ = json.Unmarshal([]byte(s), &f)
	return f
}
