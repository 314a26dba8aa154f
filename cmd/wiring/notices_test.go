package wiring

import (
	"strings"
	"testing"
)

func TestLoadNoticeChannels(t *testing.T) {
	t.Run("OffByDefault", func(t *testing.T) {
		c, err := LoadConfig(env(nil))
		if err != nil || c.Email != nil || c.SMS != nil {
			t.Fatalf("channels = %+v, %+v (%v)", c.Email, c.SMS, err)
		}
	})
	t.Run("On", func(t *testing.T) {
		c, err := LoadConfig(env(map[string]string{"HAOBAN_SMTP_ADDR": "mail.example.cn:587", "HAOBAN_SMTP_FROM": "好办 <notice@example.cn>",
			"HAOBAN_SMS_URL": "https://sms.example.cn/send", "HAOBAN_SMS_SECRET": strings.Repeat("k", 32)}))
		if err != nil || c.Email == nil || c.Email.TLS != "starttls" || c.SMS == nil {
			t.Fatalf("channels = %+v, %+v (%v)", c.Email, c.SMS, err)
		}
	})
	t.Run("ErrEveryProblemAtOnce", func(t *testing.T) {
		_, err := LoadConfig(env(map[string]string{"HAOBAN_SMTP_ADDR": "mail.example.cn", "HAOBAN_SMS_URL": "sms.example.cn",
			"HAOBAN_SMS_SECRET": "short"}))
		for _, name := range []string{"HAOBAN_SMTP_ADDR", "HAOBAN_SMS_URL"} {
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("error does not name %s: %v", name, err)
			}
		}
	})
}
