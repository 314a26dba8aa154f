package treasury

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"haoban"
	"haoban/outbox"
)

// signatureWindow is how far a request's timestamp may be from the
// service's clock.
const signatureWindow = 5 * time.Minute

// LedgerServer is a real payment service kept in memory: it books each
// order once per key, and it can be told to misbehave, so that tests see
// what a real service does when it is down, slow or loses an answer.
type LedgerServer struct {
	secret []byte
	time   haoban.TimeSource
	mux    *http.ServeMux

	mu       sync.Mutex
	entries  []LedgerEntry
	byKey    map[string]int // index into entries
	fail     int            // answer the next fail requests with failCode, booking nothing
	failCode int
	drop     int // after booking, close the connection without an answer
	slow     int // after booking, wait delay (or until the client goes) before answering
	delay    time.Duration
	booked   chan struct{} // closed and replaced at each booking
}

// NewLedgerServer starts an empty ledger that accepts requests signed with
// secret.
func NewLedgerServer(secret string, clock haoban.TimeSource) *LedgerServer {
	s := &LedgerServer{secret: []byte(secret), time: clock, byKey: map[string]int{}, mux: http.NewServeMux(),
		booked: make(chan struct{})}
	s.mux.HandleFunc("POST /orders", s.pay)
	s.mux.HandleFunc("GET /orders/{key}", s.find)
	s.mux.HandleFunc("GET /ledger", s.ledger)
	return s
}

// FailNext makes the next n requests fail with status, before anything is
// booked.
func (s *LedgerServer) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail, s.failCode = n, status
}

// DropNext makes the next n payments book the order and then close the
// connection without answering: the client cannot know it was paid.
func (s *LedgerServer) DropNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop = n
}

// SlowNext makes the next n payments book the order and then wait d, or
// until the client gives up, before answering.
func (s *LedgerServer) SlowNext(n int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow, s.delay = n, d
}

// Entries is a copy of the whole ledger.
func (s *LedgerServer) Entries() []LedgerEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]LedgerEntry(nil), s.entries...)
}

// WaitEntries returns when the ledger holds at least n entries, or with
// ctx's error: a caller waits for payments as they are booked rather than
// asking again and again.
func (s *LedgerServer) WaitEntries(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		have, booked := len(s.entries), s.booked
		s.mu.Unlock()
		if have >= n {
			return nil
		}
		select {
		case <-booked:
		case <-ctx.Done():
			return fmt.Errorf("the ledger holds %d entries, waiting for %d: %w", have, n, ctx.Err())
		}
	}
}

// ServeHTTP checks the signature, then the injected faults, then routes.
func (s *LedgerServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		answer(w, http.StatusBadRequest, errorBody("读取请求失败"))
		return
	}
	signed := body
	if r.Method == http.MethodGet {
		signed = []byte(r.URL.RequestURI())
	}
	if msg := s.verify(r.Header.Get(outbox.HeaderTimestamp), r.Header.Get(outbox.HeaderSignature), signed); msg != "" {
		answer(w, http.StatusUnauthorized, errorBody(msg))
		return
	}
	if code := s.injectedFailure(); code != 0 {
		answer(w, code, errorBody("故障注入"))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.mux.ServeHTTP(w, r)
}

func (s *LedgerServer) verify(timestamp, signature string, body []byte) string {
	if !hmac.Equal([]byte(outbox.Sign(s.secret, timestamp, body)), []byte(signature)) {
		return "签名不正确"
	}
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	now := s.time.Now()
	if at := time.Unix(sec, 0); err != nil || at.Before(now.Add(-signatureWindow)) || at.After(now.Add(signatureWindow)) {
		return "时间戳须在服务器时间前后 5 分钟内"
	}
	return ""
}

func (s *LedgerServer) injectedFailure() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail == 0 {
		return 0
	}
	s.fail--
	return s.failCode
}

func (s *LedgerServer) pay(w http.ResponseWriter, r *http.Request) {
	var o Order
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		answer(w, http.StatusBadRequest, errorBody("请求体应为付款指令 JSON"))
		return
	}
	if r.Header.Get("Idempotency-Key") != o.Key {
		answer(w, http.StatusBadRequest, errorBody("Idempotency-Key 与指令的 key 不一致"))
		return
	}
	if err := o.Validate(); err != nil {
		answer(w, http.StatusUnprocessableEntity, errorBody(haoban.ErrorMessage(err)))
		return
	}
	e, status, msg, drop, delay := s.book(o)
	switch {
	case msg != "":
		answer(w, status, errorBody(msg))
	case drop:
		hangUp()
	default:
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		answer(w, status, e)
	}
}

// book enters the order in the ledger unless its key is there already. It
// also takes the faults that apply after booking.
func (s *LedgerServer) book(o Order) (e LedgerEntry, status int, refusal string, drop bool, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.drop > 0 {
		s.drop--
		drop = true
	} else if s.slow > 0 {
		s.slow--
		delay = s.delay
	}
	if i, ok := s.byKey[o.Key]; ok {
		if s.entries[i].Order != o {
			return LedgerEntry{}, http.StatusConflict, "该幂等键已用于另一笔指令", false, 0
		}
		return s.entries[i], http.StatusOK, "", drop, delay
	}
	if o.Recovery() {
		if msg := s.recoverable(o); msg != "" {
			return LedgerEntry{}, http.StatusUnprocessableEntity, msg, false, 0
		}
	}
	e = LedgerEntry{Serial: fmt.Sprintf("T%08d", len(s.entries)+1), At: s.time.Now().UTC(), Order: o}
	s.byKey[o.Key] = len(s.entries)
	s.entries = append(s.entries, e)
	close(s.booked)
	s.booked = make(chan struct{})
	return e, http.StatusCreated, "", drop, delay
}

// recoverable checks that a recovery takes back no more than was paid to
// the same payee under the key it names, less what was recovered before.
func (s *LedgerServer) recoverable(o Order) string {
	i, ok := s.byKey[o.Recovers]
	if !ok || s.entries[i].Order.Recovery() {
		return "所追回的付款不存在"
	}
	paid := s.entries[i].Order
	if paid.Payee != o.Payee {
		return "追回对象与原付款收款人不一致"
	}
	left := paid.Amount
	for _, e := range s.entries {
		if e.Order.Recovers == o.Recovers {
			left += e.Order.Amount
		}
	}
	if -o.Amount > left {
		return fmt.Sprintf("追回金额超过可追回的 %d 分", left)
	}
	return ""
}

func (s *LedgerServer) find(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i, ok := s.byKey[r.PathValue("key")]
	var e LedgerEntry
	if ok {
		e = s.entries[i]
	}
	s.mu.Unlock()
	if !ok {
		answer(w, http.StatusNotFound, errorBody("没有这笔指令"))
		return
	}
	answer(w, http.StatusOK, e)
}

func (s *LedgerServer) ledger(w http.ResponseWriter, r *http.Request) {
	from, err1 := time.Parse(time.RFC3339Nano, r.URL.Query().Get("from"))
	to, err2 := time.Parse(time.RFC3339Nano, r.URL.Query().Get("to"))
	if err1 != nil || err2 != nil {
		answer(w, http.StatusBadRequest, errorBody("from 与 to 应为 RFC 3339 时间"))
		return
	}
	out := struct {
		Entries []LedgerEntry `json:"entries"`
	}{Entries: []LedgerEntry{}}
	for _, e := range s.Entries() {
		if !e.At.Before(from) && e.At.Before(to) {
			out.Entries = append(out.Entries, e)
		}
	}
	answer(w, http.StatusOK, out)
}

func errorBody(msg string) any { return map[string]string{"error": msg} }

func answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client may have gone; it will ask again
}

// hangUp closes the connection without a response, as a service that
// crashed after booking would: the server aborts a handler that panics with
// ErrAbortHandler and logs nothing.
func hangUp() { panic(http.ErrAbortHandler) }
