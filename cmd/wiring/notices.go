package wiring

import (
	"context"
	"time"

	"haoban/api"
	"haoban/outbox"
)

// loadNotices reads the external channels' settings: a channel whose
// address is not set is off.
func (c *Config) loadNotices(get func(string) string) []error {
	var problems []error
	if addr := get("HAOBAN_SMTP_ADDR"); addr != "" {
		c.Email = &outbox.EmailConfig{Addr: addr, From: get("HAOBAN_SMTP_FROM"), User: get("HAOBAN_SMTP_USER"),
			Password: get("HAOBAN_SMTP_PASSWORD"), TLS: get("HAOBAN_SMTP_TLS")}
		if _, err := outbox.NewEmail(*c.Email, nil); err != nil {
			problems = append(problems, err)
		}
	}
	if u := get("HAOBAN_SMS_URL"); u != "" {
		c.SMS = &outbox.SMSConfig{URL: u, Secret: get("HAOBAN_SMS_SECRET")}
		if _, err := outbox.NewSMS(*c.SMS, nil); err != nil {
			problems = append(problems, err)
		}
	}
	return problems
}

// openNotices builds the outbox's dispatcher on the configured channels
// and the receiver of SMS delivery receipts, saying which channel is off.
func (p *System) openNotices(cfg Config) error {
	p.Dispatcher = &outbox.Dispatcher{Store: p.Store, Time: p.Clock, Log: p.Log}
	if cfg.Email == nil {
		p.Log.Info("通知渠道 email 关闭：未设置 HAOBAN_SMTP_ADDR")
	} else {
		e, err := outbox.NewEmail(*cfg.Email, p.Clock)
		if err != nil {
			return err
		}
		p.Dispatcher.Channels = append(p.Dispatcher.Channels, e)
		p.Log.Info("通知渠道 email 开启", "smtp", cfg.Email.Addr, "from", cfg.Email.From)
	}
	if cfg.SMS == nil {
		p.Log.Info("通知渠道 sms 关闭：未设置 HAOBAN_SMS_URL")
		return nil
	}
	sms, err := outbox.NewSMS(*cfg.SMS, p.Clock)
	if err != nil {
		return err
	}
	p.Dispatcher.Channels = append(p.Dispatcher.Channels, sms)
	p.Receipts = &outbox.Receiver{Secret: []byte(cfg.SMS.Secret), Store: p.Store, Time: p.Clock}
	p.Log.Info("通知渠道 sms 开启", "provider", cfg.SMS.URL)
	return nil
}

// RunNotices delivers the outbox's notices until ctx ends; with no
// channel on, the notices wait in the queue.
func (p *System) RunNotices(ctx context.Context) {
	if len(p.Dispatcher.Channels) == 0 {
		return
	}
	p.Dispatcher.Run(ctx, 2*time.Second)
}

// smsReceipts is the receipt route's receiver, nil while SMS is off.
func (p *System) smsReceipts() api.SMSReceipts {
	if p.Receipts == nil {
		return nil
	}
	return p.Receipts
}
