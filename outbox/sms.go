package outbox

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"haoban"
)

// SMSConfig is how Haoban reaches a generic JSON SMS provider.
type SMSConfig struct {
	// URL takes POST {"key","to","text"} and answers {"message_id"}.
	URL string
	// Secret signs Haoban's requests and the provider's delivery receipts
	// (HMAC-SHA256 over timestamp "." body).
	Secret  string
	Timeout time.Duration
}

// The headers that carry a signature, both ways.
const (
	HeaderTimestamp = "X-Haoban-Timestamp"
	HeaderSignature = "X-Haoban-Signature"
)

// SMS sends notices through an HTTP provider. Each request carries the
// notice's key, in the body and as Idempotency-Key, so that the provider
// can drop a request it has seen.
type SMS struct {
	url    string
	secret []byte
	time   haoban.TimeSource
	http   *http.Client
}

// NewSMS builds the SMS channel.
func NewSMS(cfg SMSConfig, clock haoban.TimeSource) (*SMS, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("HAOBAN_SMS_URL %q: want an http(s) URL", cfg.URL)
	}
	if len(cfg.Secret) < 32 {
		return nil, errors.New("HAOBAN_SMS_SECRET must be at least 32 bytes")
	}
	return &SMS{url: cfg.URL, secret: []byte(cfg.Secret), time: clock,
		http: &http.Client{Timeout: or(cfg.Timeout, DefaultSendTimeout)}}, nil
}

// Name is the channel's name.
func (s *SMS) Name() haoban.NoticeChannel { return haoban.ChannelSMS }

// SMSRequest is what the provider receives for one message.
type SMSRequest struct {
	Key  string `json:"key"`
	To   string `json:"to"`
	Text string `json:"text"`
}

// Send posts each notice to the provider.
func (s *SMS) Send(ctx context.Context, notices []haoban.OutboxNotice, more func() bool) []Result {
	res := untried(len(notices))
	for i, n := range notices {
		if i > 0 && !more() {
			break
		}
		id, err := s.post(ctx, SMSRequest{Key: n.Key, To: n.Address, Text: "【好办】" + n.Subject + "：" + n.Body})
		res[i] = Result{ProviderID: id, Err: err}
	}
	return res
}

// post sends one request: a 4xx answer is permanent, with the provider's
// reason; a 5xx answer, a timeout or a broken connection is not.
func (s *SMS) post(ctx context.Context, in SMSRequest) (string, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return "", Permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return "", Permanent(err)
	}
	ts := strconv.FormatInt(s.time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", in.Key)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(s.secret, ts, body))
	resp, err := s.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("短信服务商无应答：%w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", fmt.Errorf("读取短信服务商应答：%w", err)
	}
	var out struct {
		MessageID string `json:"message_id"`
		Error     string `json:"error"`
	}
	_ = json.Unmarshal(raw, &out) // a body that is not JSON is quoted as the reason below
	reason := out.Error
	if reason == "" {
		reason = strings.TrimSpace(string(raw[:min(len(raw), 200)]))
	}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300 && out.MessageID != "":
		return out.MessageID, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return "", errors.New("短信服务商未返回 message_id")
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests:
		return "", Permanent(fmt.Errorf("短信服务商拒绝（%d）：%s", resp.StatusCode, reason))
	}
	return "", fmt.Errorf("短信服务商出错（%d）：%s", resp.StatusCode, reason)
}

// Sign is the HMAC-SHA256, in hex, of timestamp "." body.
func Sign(secret []byte, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}
