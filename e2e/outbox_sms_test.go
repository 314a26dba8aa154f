package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"haoban"
	"haoban/api"
	"haoban/outbox"
)

const smsSecret = "sms-secret-sms-secret-sms-secret!"

// smsAPI serves the API with the SMS receipt route on a loopback port;
// a nil receiver is SMS switched off.
func smsAPI(t *testing.T, rcv api.SMSReceipts) string {
	t.Helper()
	srv := api.New(api.Deps{Registry: prometheus.NewRegistry(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), SMSReceipts: rcv})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Fiber().Listener(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown(5 * time.Second) })
	return "http://" + ln.Addr().String() + "/api/v1/sms/receipts"
}

// postReceipt posts a receipt signed with secret at ts, as the provider does.
func postReceipt(t *testing.T, url, secret string, ts time.Time, body []byte, header map[string]string) (int, string) {
	t.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(outbox.HeaderTimestamp, stamp)
	req.Header.Set(outbox.HeaderSignature, outbox.Sign([]byte(secret), stamp, body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(msg)
}

// An SMS goes to a provider stub (a real HTTP server) with its key; the
// provider's signed delivery receipt comes back to the callback route,
// which no token opens and only the HMAC does.
func TestSMSDeliveryReceipt(t *testing.T) {
	store := outboxStore(t)
	ctx := context.Background()
	now := time.Now().Truncate(time.Second)
	clock := haoban.FixedTime{T: now}
	var took []outbox.SMSRequest
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in outbox.SMSRequest
		_ = json.NewDecoder(r.Body).Decode(&in)
		took = append(took, in)
		fmt.Fprintf(w, `{"message_id":"sms-%d"}`, len(took))
	}))
	t.Cleanup(provider.Close)
	sms, err := outbox.NewSMS(outbox.SMSConfig{URL: provider.URL, Secret: smsSecret}, clock)
	if err != nil {
		t.Fatal(err)
	}
	key := haoban.NoticeKey("case-1", "supplement_requested", "li-na")
	if _, err := store.EnqueueNotices(ctx, []haoban.OutboxNotice{{Key: key, Channel: haoban.ChannelSMS, UserID: "li-na",
		Address: "13800138000", Kind: "supplement_requested", Subject: "补正通知", Body: "请补正材料", Legal: true}}, now); err != nil {
		t.Fatal(err)
	}
	d := &outbox.Dispatcher{Store: store, Channels: []outbox.Channel{sms}, Time: clock}
	if n, err := d.RunOnce(ctx); n != 1 || err != nil || len(took) != 1 || took[0].Key != key {
		t.Fatalf("RunOnce = %d, %v; provider took %+v", n, err, took)
	}
	url := smsAPI(t, &outbox.Receiver{Secret: []byte(smsSecret), Store: store, Time: clock})
	receipt := func(nonce string) []byte {
		return []byte(fmt.Sprintf(`{"message_id":"sms-1","key":%q,"status":"delivered","nonce":%q}`, key, nonce))
	}
	for _, tc := range []struct {
		name   string
		secret string
		at     time.Time
		body   []byte
		header map[string]string
		want   int
	}{
		{"ErrBadSignature", "not-the-shared-secret-not-the-shared", now, receipt("nonce-0001"), nil, http.StatusUnauthorized},
		{"ErrStaleTimestamp", smsSecret, now.Add(-6 * time.Minute), receipt("nonce-0002"), nil, http.StatusUnauthorized},
		{"ErrFutureTimestamp", smsSecret, now.Add(6 * time.Minute), receipt("nonce-0003"), nil, http.StatusUnauthorized},
		{"ErrABearerTokenIsNoSignature", "", now, receipt("nonce-0004"), map[string]string{"Authorization": "Bearer x",
			outbox.HeaderSignature: ""}, http.StatusUnauthorized},
		{"OKWithoutAToken", smsSecret, now, receipt("nonce-0005"), nil, http.StatusNoContent},
		{"ErrReplay", smsSecret, now.Add(time.Minute), receipt("nonce-0005"), nil, http.StatusConflict},
		{"ErrNoSuchMessage", smsSecret, now, []byte(`{"message_id":"sms-9","key":"k","status":"delivered","nonce":"nonce-0006"}`),
			nil, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, msg := postReceipt(t, url, tc.secret, tc.at, tc.body, tc.header); got != tc.want {
				t.Fatalf("status %d (%s), want %d", got, msg, tc.want)
			}
		})
	}
	var status string
	var delivered *time.Time
	if err := store.Pool().QueryRow(ctx, `SELECT status, delivered_at FROM outbox WHERE key = $1`, key).Scan(&status, &delivered); err != nil ||
		status != "delivered" || delivered == nil || !delivered.Equal(now) {
		t.Fatalf("row is %s, delivered at %v (%v)", status, delivered, err)
	}
	t.Run("ErrSMSOff", func(t *testing.T) {
		if got, _ := postReceipt(t, smsAPI(t, nil), smsSecret, now, receipt("nonce-0007"), nil); got != http.StatusNotFound {
			t.Fatalf("status %d, want 404 while SMS is off", got)
		}
	})
}
