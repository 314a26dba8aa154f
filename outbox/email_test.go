package outbox_test

import (
	"context"
	"encoding/base64"
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"haoban"
	"haoban/outbox"
	"haoban/outbox/outboxtest"
)

func always() bool { return true }

func notice(key, to string) haoban.OutboxNotice {
	return haoban.OutboxNotice{Key: key, Channel: haoban.ChannelEmail, Address: to, Kind: "supplement_requested",
		Subject: "补正通知：开办餐饮店", Body: "请在 2026年12月10日 前补正：\n1. 食品经营场所平面图"}
}

func emailTo(t *testing.T, srv *outboxtest.SMTPServer, cfg outbox.EmailConfig) *outbox.Email {
	t.Helper()
	cfg.Addr, cfg.TLS = srv.Addr, "none"
	if cfg.From == "" {
		cfg.From = "好办 <notice@haoban.example>"
	}
	e, err := outbox.NewEmail(cfg, haoban.FixedTime{T: time.Date(2026, 12, 3, 9, 0, 0, 0, haoban.Beijing)})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEmail(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		srv := outboxtest.StartSMTP(t, outboxtest.SMTPOptions{User: "haoban", Password: "s3cret"})
		e := emailTo(t, srv, outbox.EmailConfig{User: "haoban", Password: "s3cret", HELO: "dispatcher-a"})
		res := e.Send(ctx, []haoban.OutboxNotice{notice("k1", "li.na@example.cn"), notice("k2", "zhang.wei@example.cn")}, always)
		for i, r := range res {
			if r.Err != nil || r.Untried || r.ProviderID != []string{"k1@haoban", "k2@haoban"}[i] {
				t.Fatalf("result %d = %+v", i, r)
			}
		}
		got := srv.Messages()
		if len(got) != 2 {
			t.Fatalf("server received %d messages", len(got))
		}
		m := got[0]
		if m.HELO != "dispatcher-a" || m.From != "notice@haoban.example" || len(m.To) != 1 || m.To[0] != "li.na@example.cn" {
			t.Fatalf("envelope = %q from %q to %v", m.HELO, m.From, m.To)
		}
		if m.MessageID != "<k1@haoban>" || got[1].MessageID != "<k2@haoban>" {
			t.Fatalf("Message-IDs = %q, %q", m.MessageID, got[1].MessageID)
		}
		raw := m.Header.Get("Subject")
		subject, err := new(mime.WordDecoder).DecodeHeader(raw)
		if !strings.HasPrefix(raw, "=?UTF-8?") || err != nil || subject != "补正通知：开办餐饮店" {
			t.Fatalf("Subject %q decodes to %q (%v)", raw, subject, err)
		}
		from, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("From"))
		if from != "好办 <notice@haoban.example>" || m.Header.Get("To") != "<li.na@example.cn>" {
			t.Fatalf("From = %q, To = %q", from, m.Header.Get("To"))
		}
		if d, err := m.Header.Date(); err != nil || !d.Equal(time.Date(2026, 12, 3, 9, 0, 0, 0, haoban.Beijing)) {
			t.Fatalf("Date = %v (%v)", d, err)
		}
		ct, enc := m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding")
		body, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(m.Body), "\r\n", ""))
		if !strings.Contains(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "utf-8") || enc != "base64" || err != nil ||
			string(body) != notice("", "").Body {
			t.Fatalf("body %s %s = %q (%v)", ct, enc, body, err)
		}
	})
	// A refused login is the relay's settings, not the notice's fault: the
	// notice waits for its next try.
	t.Run("ErrBadPasswordSendsNothing", func(t *testing.T) {
		srv := outboxtest.StartSMTP(t, outboxtest.SMTPOptions{User: "haoban", Password: "s3cret"})
		e := emailTo(t, srv, outbox.EmailConfig{User: "haoban", Password: "wrong"})
		res := e.Send(ctx, []haoban.OutboxNotice{notice("k1", "li.na@example.cn")}, always)
		if res[0].Err == nil || outbox.IsPermanent(res[0].Err) || srv.Count() != 0 {
			t.Fatalf("result = %+v; received %d", res[0], srv.Count())
		}
	})
	t.Run("Err5yzIsPermanent4yzIsNot", func(t *testing.T) {
		srv := outboxtest.StartSMTP(t, outboxtest.SMTPOptions{OnData: func(m outboxtest.Received) error {
			if m.To[0] == "gone@example.cn" {
				return &smtp.SMTPError{Code: 550, Message: "mailbox unavailable"}
			}
			return &smtp.SMTPError{Code: 451, Message: "try again later"}
		}})
		e := emailTo(t, srv, outbox.EmailConfig{})
		res := e.Send(ctx, []haoban.OutboxNotice{notice("k1", "gone@example.cn"), notice("k2", "busy@example.cn")}, always)
		if !outbox.IsPermanent(res[0].Err) || !strings.Contains(res[0].Err.Error(), "mailbox unavailable") {
			t.Fatalf("550 → %v, want permanent with the server's reason", res[0].Err)
		}
		if res[1].Err == nil || outbox.IsPermanent(res[1].Err) {
			t.Fatalf("451 → %v, want a transient error", res[1].Err)
		}
	})
	t.Run("ErrNoServerIsTransient", func(t *testing.T) {
		srv := outboxtest.StartSMTP(t, outboxtest.SMTPOptions{})
		e := emailTo(t, srv, outbox.EmailConfig{})
		srv.Addr = "127.0.0.1:1"
		e = emailTo(t, srv, outbox.EmailConfig{})
		res := e.Send(ctx, []haoban.OutboxNotice{notice("k1", "li.na@example.cn")}, always)
		if res[0].Err == nil || outbox.IsPermanent(res[0].Err) || res[0].Untried {
			t.Fatalf("refused connection → %+v, want a transient error", res[0])
		}
	})
	t.Run("StopsWhenToldTo", func(t *testing.T) {
		srv := outboxtest.StartSMTP(t, outboxtest.SMTPOptions{})
		res := emailTo(t, srv, outbox.EmailConfig{}).Send(ctx,
			[]haoban.OutboxNotice{notice("k1", "a@example.cn"), notice("k2", "b@example.cn")}, func() bool { return false })
		if res[0].Err != nil || res[0].Untried || !res[1].Untried || srv.Count() != 1 {
			t.Fatalf("results = %+v; received %d", res, srv.Count())
		}
	})
	t.Run("ErrBadConfig", func(t *testing.T) {
		for _, cfg := range []outbox.EmailConfig{{Addr: "nohost", From: "a@b.cn"}, {Addr: "h:25", From: "not an address"},
			{Addr: "h:25", From: "a@b.cn", TLS: "maybe"}} {
			if _, err := outbox.NewEmail(cfg, haoban.SystemTime{}); err == nil {
				t.Errorf("NewEmail(%+v) accepted", cfg)
			}
		}
	})
}
