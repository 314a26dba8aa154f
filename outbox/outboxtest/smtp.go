// Package outboxtest runs the receiving ends of the outbox's channels for
// tests: a real SMTP server on a loopback port that keeps what it accepts.
package outboxtest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message the SMTP server accepted.
type Received struct {
	HELO      string
	From      string
	To        []string
	Header    mail.Header
	Body      []byte // as sent, still transfer-encoded
	MessageID string
	At        time.Time
}

// SMTPOptions change how the server answers.
type SMTPOptions struct {
	// User and Password, when set, are required through AUTH PLAIN.
	User, Password string
	// OnData sees each message before it is accepted; it may block, and
	// an error it returns (an *smtp.SMTPError for a reply code of one's
	// choosing) refuses the message.
	OnData func(m Received) error
}

// SMTPServer is a real SMTP server (go-smtp) listening on 127.0.0.1.
type SMTPServer struct {
	Addr string
	opts SMTPOptions
	mu   sync.Mutex
	got  []Received
}

// StartSMTP starts a server for the test; it stops when the test ends.
func StartSMTP(tb testing.TB, opts SMTPOptions) *SMTPServer {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &SMTPServer{Addr: ln.Addr().String(), opts: opts}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: s, helo: c.Hostname()}, nil
	}))
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return s
}

// Messages returns what the server accepted, in order.
func (s *SMTPServer) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.got...)
}

// Count is how many messages the server accepted.
func (s *SMTPServer) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}

type session struct {
	srv    *SMTPServer
	helo   string
	authed bool
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != s.srv.opts.User || password != s.srv.opts.Password {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.opts.User != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "malformed message: " + err.Error()}
	}
	body, _ := io.ReadAll(msg.Body)
	m := Received{HELO: s.helo, From: s.from, To: s.to, Header: msg.Header, Body: body,
		MessageID: msg.Header.Get("Message-Id"), At: time.Now()}
	if s.srv.opts.OnData != nil {
		if err := s.srv.opts.OnData(m); err != nil {
			return err
		}
	}
	s.srv.mu.Lock()
	s.srv.got = append(s.srv.got, m)
	s.srv.mu.Unlock()
	return nil
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error { return nil }
