package outbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/wneessen/go-mail"

	"haoban"
)

// EmailConfig is how Haoban reaches its SMTP relay.
type EmailConfig struct {
	Addr     string // host:port
	From     string
	User     string
	Password string
	// TLS is "starttls" (required; the default), "tls" (implicit, port
	// 465) or "none" (a relay on a trusted network only).
	TLS string
	// HELO is the name Haoban gives the relay; empty: the host's name.
	HELO    string
	Timeout time.Duration
}

// Email sends notices over SMTP, one connection per batch. Each message's
// Message-ID is derived from the notice's key, so a receiver can drop a
// message it has seen.
type Email struct {
	client *mail.Client
	from   string
	time   haoban.TimeSource
	// timeout bounds the dial, and each command on the connection.
	timeout time.Duration
}

// NewEmail builds the e-mail channel.
func NewEmail(cfg EmailConfig, clock haoban.TimeSource) (*Email, error) {
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("HAOBAN_SMTP_ADDR %q: want host:port", cfg.Addr)
	}
	portNum, err := strconv.Atoi(port)
	if err != nil {
		return nil, fmt.Errorf("HAOBAN_SMTP_ADDR %q: bad port", cfg.Addr)
	}
	timeout := or(cfg.Timeout, DefaultSendTimeout)
	// Without NOOP and RSET around each message: a finished DATA ends the
	// transaction, and a failed one is reset by the client anyway.
	opts := []mail.Option{mail.WithPort(portNum), mail.WithTimeout(timeout), mail.WithoutNoop(), mail.WithoutRset()}
	switch cfg.TLS {
	case "", "starttls":
		opts = append(opts, mail.WithTLSPortPolicy(mail.TLSMandatory))
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("HAOBAN_SMTP_TLS must be starttls, tls or none")
	}
	if cfg.User != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(cfg.User), mail.WithPassword(cfg.Password))
	}
	if cfg.HELO != "" {
		opts = append(opts, mail.WithHELO(cfg.HELO))
	}
	c, err := mail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("SMTP client: %w", err)
	}
	if err := mail.NewMsg().From(cfg.From); err != nil || cfg.From == "" {
		return nil, fmt.Errorf("HAOBAN_SMTP_FROM %q is not an e-mail address", cfg.From)
	}
	return &Email{client: c, from: cfg.From, time: clock, timeout: timeout}, nil
}

// Name is the channel's name.
func (e *Email) Name() haoban.NoticeChannel { return haoban.ChannelEmail }

// MessageID is the Message-ID of a notice's e-mail, without brackets.
func MessageID(key string) string { return key + "@haoban" }

// Message builds the e-mail of a notice: UTF-8, base64 encoded, so that
// Chinese subjects and bodies pass any relay.
func (e *Email) Message(n haoban.OutboxNotice) (*mail.Msg, error) {
	m := mail.NewMsg(mail.WithEncoding(mail.EncodingB64), mail.WithNoDefaultUserAgent())
	if err := m.From(e.from); err != nil {
		return nil, err
	}
	if err := m.To(n.Address); err != nil {
		return nil, fmt.Errorf("收件地址无效：%w", err)
	}
	m.Subject(n.Subject)
	m.SetMessageIDWithValue(MessageID(n.Key))
	m.SetDateWithValue(e.time.Now())
	m.SetBodyString(mail.TypeTextPlain, n.Body)
	return m, nil
}

// Send sends the notices over one connection.
func (e *Email) Send(ctx context.Context, notices []haoban.OutboxNotice, more func() bool) []Result {
	res := untried(len(notices))
	dialCtx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	conn, err := e.client.DialToSMTPClientWithContext(dialCtx)
	if err != nil {
		// Nothing was handed over; the whole batch waits for its next try.
		for i := range res {
			res[i] = Result{Err: smtpError(err)}
		}
		return res
	}
	defer e.client.CloseWithSMTPClient(conn) //nolint:errcheck // the messages are sent or not by now
	for i, n := range notices {
		if i > 0 && !more() {
			break
		}
		m, err := e.Message(n)
		if err != nil {
			res[i] = Result{Err: Permanent(err)}
			continue
		}
		res[i] = Result{ProviderID: MessageID(n.Key), Err: smtpError(e.client.SendWithSMTPClient(conn, m))}
	}
	return res
}

// smtpError classes an SMTP failure: a 5yz reply is permanent; a 4yz
// reply, a timeout or a broken connection may pass on a later try.
func smtpError(err error) error {
	var se *mail.SendError
	if errors.As(err, &se) && se.ErrorCode() >= 500 {
		return Permanent(err)
	}
	return err
}
