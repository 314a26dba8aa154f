package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// heartbeat keeps idle streams alive through proxies and lets the server
// notice clients that went away.
const heartbeat = 15 * time.Second

// caseEvents streams a case's timeline as Server-Sent Events. Each event's
// id is its sequence number, so a client reconnecting with Last-Event-ID
// gets what it missed, without gaps or duplicates.
func (s *Server) caseEvents(c *fiber.Ctx) error {
	ctx := c.UserContext()
	kase, err := s.App.Cases.Readable(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	last, _ := strconv.ParseInt(c.Get("Last-Event-ID", c.Query("last_event_id")), 10, 64)
	caseID := kase.ID
	// Subscribe before reading the backlog: an event committed in between
	// arrives both ways and is written once.
	sub := s.live.subscribe(func(m liveMsg) bool { return m.event != nil && m.event.CaseID == caseID })
	s.serveStream(c, sub, func(w *bufio.Writer) {
		backlog, err := s.App.Cases.EventsAfter(ctx, caseID, last)
		if err != nil {
			return
		}
		for _, e := range backlog {
			if writeEvent(w, e) != nil {
				return
			}
			last = e.Seq
		}
		if w.Flush() != nil {
			return
		}
		s.pump(ctx, w, sub, func(m liveMsg) error {
			if m.event.Event.Seq <= last {
				return nil
			}
			events := []haoban.Event{m.event.Event}
			if m.event.Truncated || m.event.Event.Seq > last+1 {
				// Read the gap (or the detail that did not fit) from the table.
				if events, err = s.App.Cases.EventsAfter(ctx, caseID, last); err != nil {
					return err
				}
			}
			for _, e := range events {
				if err := writeEvent(w, e); err != nil {
					return err
				}
				last = e.Seq
			}
			return nil
		})
	})
	return nil
}

// stream is the caller's own feed: events of their cases (applicant), of
// their department's tasks (reviewer), of every department (supervisor,
// admin), and their notifications.
func (s *Server) stream(c *fiber.Ctx) error {
	ctx, user := c.UserContext(), userFrom(c.UserContext())
	everything := user.HasRole(haoban.RoleSupervisor) || user.HasRole(haoban.RoleAdmin)
	sub := s.live.subscribe(func(m liveMsg) bool {
		if m.note != nil {
			return m.note.UserID == user.ID
		}
		e := m.event
		if e == nil {
			return false // another stream's message (同屏, screen.go)
		}
		return e.Applicant == user.ID || (e.Department != "" &&
			(everything || (user.HasRole(haoban.RoleReviewer) && e.Department == user.Department)))
	})
	s.serveStream(c, sub, func(w *bufio.Writer) {
		s.pump(ctx, w, sub, func(m liveMsg) error {
			if m.note != nil {
				return writeSSE(w, "notification", "", m.note)
			}
			return writeSSE(w, "case_event", "", struct {
				CaseID string       `json:"case_id"`
				Event  haoban.Event `json:"event"`
			}{m.event.CaseID, m.event.Event})
		})
	})
	return nil
}

// pump writes messages and heartbeats until the client goes, the
// subscription is dropped, or the server shuts down.
func (s *Server) pump(_ context.Context, w *bufio.Writer, sub *subscriber, write func(liveMsg) error) {
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case m, ok := <-sub.ch:
			if !ok || write(m) != nil || w.Flush() != nil {
				return
			}
		case <-tick.C:
			if _, err := w.WriteString(": ping\n\n"); err != nil || w.Flush() != nil {
				return
			}
		case <-s.live.done:
			return
		}
	}
}

// serveStream answers with an event stream: body writes the events after
// the stream's preamble, and the subscription ends with the stream.
func (s *Server) serveStream(c *fiber.Ctx, sub *subscriber, body func(w *bufio.Writer)) {
	startStream(c)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer s.live.unsubscribe(sub)
		if openStream(w) != nil {
			return
		}
		body(w)
	})
}

// startStream sets an event stream's headers.
func startStream(c *fiber.Ctx) {
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no") // no buffering in a reverse proxy
}

// openStream sends the headers at once, with how long a client waits before
// reconnecting, so it need not wait for the first event or heartbeat.
func openStream(w *bufio.Writer) error {
	if _, err := w.WriteString("retry: 3000\n\n"); err != nil {
		return err
	}
	return w.Flush()
}

func writeEvent(w *bufio.Writer, e haoban.Event) error {
	return writeSSE(w, e.Type, strconv.FormatInt(e.Seq, 10), e)
}

// writeSSE writes one message; JSON has no raw newlines, so data is one line.
func writeSSE(w *bufio.Writer, event, id string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var b strings.Builder
	if id != "" {
		fmt.Fprintf(&b, "id: %s\n", id)
	}
	fmt.Fprintf(&b, "event: %s\ndata: %s\n\n", event, data)
	_, err = w.WriteString(b.String())
	return err
}
