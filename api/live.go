package api

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"haoban"
)

// liveMsg is one announcement from PostgreSQL: a timeline event or a
// notification.
type liveMsg struct {
	event  *haoban.LiveEvent
	note   *haoban.Notification
	screen *haoban.ScreenEvent // 同屏 (screen.go)
	help   *haoban.HelpNote    // a help conversation's message (help.go)
	// ops says a "799" figure may have changed (operations_live.go).
	ops *haoban.OperationsNote
}

// subscriber receives the messages its match accepts. A subscriber that
// falls behind is dropped: its channel closes, and a client reconnecting
// with Last-Event-ID loses nothing.
type subscriber struct {
	ch    chan liveMsg
	match func(liveMsg) bool
}

// hub fans the announcements of every API instance's writes out to this
// instance's subscribers.
type hub struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
	done chan struct{} // closed at shutdown: streams end
}

func newHub() *hub { return &hub{subs: map[*subscriber]struct{}{}, done: make(chan struct{})} }

func (h *hub) subscribe(match func(liveMsg) bool) *subscriber {
	sub := &subscriber{ch: make(chan liveMsg, 256), match: match}
	h.mu.Lock()
	h.subs[sub] = struct{}{}
	h.mu.Unlock()
	return sub
}

func (h *hub) unsubscribe(sub *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[sub]; ok {
		delete(h.subs, sub)
		close(sub.ch)
	}
}

func (h *hub) publish(a haoban.Announcement) {
	m := liveMsg{event: a.Event, note: a.Note, screen: a.Screen, help: a.Help, ops: a.Operations}
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		if !sub.match(m) {
			continue
		}
		select {
		case sub.ch <- m:
		default:
			delete(h.subs, sub)
			close(sub.ch)
		}
	}
}

// dropAll ends every subscription: after the listener lost its connection
// some announcements may be lost, and clients resume from their last event.
func (h *hub) dropAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		delete(h.subs, sub)
		close(sub.ch)
	}
}

// RunLive listens for announcements until ctx ends, reconnecting after a
// failure.
func (s *Server) RunLive(ctx context.Context) {
	for ctx.Err() == nil {
		err := s.Live.Listen(ctx, s.live.publish)
		s.live.dropAll()
		if ctx.Err() != nil {
			return
		}
		slog.WarnContext(ctx, "live listener lost its connection; reconnecting", "error", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}
