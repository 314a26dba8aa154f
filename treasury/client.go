package treasury

import (
	"bytes"
	"context"
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
	"haoban/outbox"
)

// ClientConfig is how Haoban reaches the payment service.
type ClientConfig struct {
	URL string // base URL; the routes are in the package comment
	// Secret signs requests (at least 32 bytes).
	Secret string
	// Timeout bounds one attempt; Attempts is how many attempts a safe
	// request gets; Backoff is the wait before the second, doubled after
	// (negative: no wait, for tests).
	Timeout  time.Duration
	Attempts int
	Backoff  time.Duration
}

// Defaults for a ClientConfig's zero fields.
const (
	DefaultTimeout  = 10 * time.Second
	DefaultAttempts = 4
	DefaultBackoff  = 200 * time.Millisecond
)

// Client is the Treasury over HTTP.
type Client struct {
	base     string
	secret   []byte
	time     haoban.TimeSource
	http     *http.Client
	attempts int
	backoff  time.Duration
}

var _ Treasury = (*Client)(nil)

// NewClient checks the configuration and builds the client.
func NewClient(cfg ClientConfig, clock haoban.TimeSource) (*Client, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("HAOBAN_TREASURY_URL %q: want an http(s) URL", cfg.URL)
	}
	if len(cfg.Secret) < 32 {
		return nil, errors.New("HAOBAN_TREASURY_SECRET must be at least 32 bytes")
	}
	c := &Client{base: strings.TrimSuffix(cfg.URL, "/"), secret: []byte(cfg.Secret), time: clock,
		http: &http.Client{Timeout: cfg.Timeout}, attempts: cfg.Attempts, backoff: cfg.Backoff}
	if c.http.Timeout <= 0 {
		c.http.Timeout = DefaultTimeout
	}
	if c.attempts <= 0 {
		c.attempts = DefaultAttempts
	}
	if c.backoff < 0 {
		c.backoff = 0
	} else if c.backoff == 0 {
		c.backoff = DefaultBackoff
	}
	return c, nil
}

// Pay sends the order, retrying under the same key until the service
// answers: a retry after a lost answer gets the first entry back.
func (c *Client) Pay(ctx context.Context, o Order) (LedgerEntry, error) {
	if err := o.Validate(); err != nil {
		return LedgerEntry{}, err
	}
	body, err := json.Marshal(o)
	if err != nil {
		return LedgerEntry{}, err
	}
	var e LedgerEntry
	return e, c.do(ctx, http.MethodPost, "/orders", o.Key, body, &e)
}

// Find asks what was paid under a key.
func (c *Client) Find(ctx context.Context, key string) (LedgerEntry, error) {
	var e LedgerEntry
	return e, c.do(ctx, http.MethodGet, "/orders/"+url.PathEscape(key), "", nil, &e)
}

// Ledger lists the entries booked in [from, to).
func (c *Client) Ledger(ctx context.Context, from, to time.Time) ([]LedgerEntry, error) {
	q := url.Values{"from": {from.UTC().Format(time.RFC3339Nano)}, "to": {to.UTC().Format(time.RFC3339Nano)}}
	var out struct {
		Entries []LedgerEntry `json:"entries"`
	}
	err := c.do(ctx, http.MethodGet, "/ledger?"+q.Encode(), "", nil, &out)
	return out.Entries, err
}

// do makes up to c.attempts attempts, stopping at the first answer that is
// not worth repeating.
func (c *Client) do(ctx context.Context, method, path, key string, body []byte, out any) error {
	wait := c.backoff
	var err error
	for try := 1; ; try++ {
		var again bool
		again, err = c.once(ctx, method, path, key, body, out)
		if !again || try == c.attempts {
			return err
		}
		select {
		case <-ctx.Done():
			return haoban.Errorf(haoban.EUNAVAILABLE, "支付服务暂不可用：%v", ctx.Err())
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// once makes one attempt and says whether another may help.
func (c *Client) once(ctx context.Context, method, path, key string, body []byte, out any) (again bool, err error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	signed := body
	if method == http.MethodGet {
		signed = []byte(req.URL.RequestURI())
	}
	ts := strconv.FormatInt(c.time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(outbox.HeaderTimestamp, ts)
	req.Header.Set(outbox.HeaderSignature, outbox.Sign(c.secret, ts, signed))
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// Sent or not, the key makes a repeat safe.
		return ctx.Err() == nil, haoban.Errorf(haoban.EUNAVAILABLE, "支付服务无应答：%v", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return ctx.Err() == nil, haoban.Errorf(haoban.EUNAVAILABLE, "读取支付服务应答：%v", err)
	}
	if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusCreated {
		if err := json.Unmarshal(raw, out); err != nil {
			return false, haoban.Errorf(haoban.EINTERNAL, "支付服务应答不是预期的 JSON：%v", err)
		}
		return false, nil
	}
	return failure(resp.StatusCode, raw)
}

// failure maps a refusal to a Haoban error, and says whether to try again.
func failure(status int, raw []byte) (again bool, err error) {
	var out struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(raw, &out) // a body that is not JSON is quoted below
	reason := out.Error
	if reason == "" {
		reason = strings.TrimSpace(string(raw[:min(len(raw), 200)]))
	}
	switch {
	case status >= 500 || status == http.StatusTooManyRequests:
		return true, haoban.Errorf(haoban.EUNAVAILABLE, "支付服务暂不可用（%d）：%s", status, reason)
	case status == http.StatusConflict:
		return false, haoban.Errorf(haoban.ECONFLICT, "支付服务拒绝重复使用幂等键：%s", reason)
	case status == http.StatusNotFound:
		return false, haoban.Errorf(haoban.ENOTFOUND, "支付服务没有这笔指令：%s", reason)
	case status == http.StatusUnprocessableEntity:
		return false, haoban.Errorf(haoban.EUNPROCESSABLE, "支付服务拒绝付款：%s", reason)
	}
	// 400, 401 and the rest: our request or our secret is wrong; an
	// operator must fix it, and a person can do nothing about it.
	return false, haoban.Errorf(haoban.EINTERNAL, "支付服务不接受请求（%d）：%s", status, reason)
}
