package outbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"haoban"
	"haoban/outbox"
)

const secret = "sms-secret-sms-secret-sms-secret!"

var smsNow = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

// provider is an SMS provider stub: a real HTTP server answering with the
// status each recipient's number asks for.
func provider(t *testing.T) (*httptest.Server, *[]outbox.SMSRequest) {
	var mu sync.Mutex
	var got []outbox.SMSRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if outbox.Sign([]byte(secret), r.Header.Get(outbox.HeaderTimestamp), body) != r.Header.Get(outbox.HeaderSignature) {
			http.Error(w, `{"error":"bad signature"}`, http.StatusUnauthorized)
			return
		}
		var in outbox.SMSRequest
		if json.Unmarshal(body, &in) != nil || in.Key != r.Header.Get("Idempotency-Key") {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		mu.Lock()
		got = append(got, in)
		mu.Unlock()
		switch in.To {
		case "13900000400":
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"号码已停机"}`)
		case "13900000500":
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, `upstream down`)
		case "13900000999":
			<-r.Context().Done() // never answers: the client times out
		default:
			fmt.Fprintf(w, `{"message_id":"m-%s"}`, in.Key)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func TestSMS(t *testing.T) {
	srv, got := provider(t)
	sms, err := outbox.NewSMS(outbox.SMSConfig{URL: srv.URL, Secret: secret, Timeout: 200 * time.Millisecond},
		haoban.FixedTime{T: smsNow})
	if err != nil {
		t.Fatal(err)
	}
	n := func(key, to string) haoban.OutboxNotice {
		return haoban.OutboxNotice{Key: key, Channel: haoban.ChannelSMS, Address: to, Subject: "补正通知", Body: "请补正材料"}
	}
	res := sms.Send(context.Background(), []haoban.OutboxNotice{n("k1", "13800138000"), n("k2", "13900000400"),
		n("k3", "13900000500"), n("k4", "13900000999")}, always)
	t.Run("OK", func(t *testing.T) {
		if res[0].Err != nil || res[0].ProviderID != "m-k1" {
			t.Fatalf("result = %+v", res[0])
		}
		if r := (*got)[0]; r.Key != "k1" || r.To != "13800138000" || r.Text != "【好办】补正通知：请补正材料" {
			t.Fatalf("provider got %+v", r)
		}
	})
	t.Run("Err4xxIsPermanentWithReason", func(t *testing.T) {
		if !outbox.IsPermanent(res[1].Err) || !strings.Contains(res[1].Err.Error(), "号码已停机") {
			t.Fatalf("400 → %v", res[1].Err)
		}
	})
	t.Run("Err5xxAndTimeoutAreTransient", func(t *testing.T) {
		for _, r := range res[2:] {
			if r.Err == nil || outbox.IsPermanent(r.Err) {
				t.Fatalf("result = %+v, want a transient error", r)
			}
		}
	})
	t.Run("ErrBadConfig", func(t *testing.T) {
		for _, cfg := range []outbox.SMSConfig{{URL: "ftp://x", Secret: secret}, {URL: srv.URL, Secret: "short"}} {
			if _, err := outbox.NewSMS(cfg, haoban.SystemTime{}); err == nil {
				t.Errorf("NewSMS(%+v) accepted", cfg)
			}
		}
	})
}

// nonces is a ReceiptStore that remembers nonces in memory.
type nonces map[string]haoban.DeliveryReceipt

func (n nonces) RecordReceipt(_ context.Context, r haoban.DeliveryReceipt, _, _ time.Time) error {
	if _, seen := n[r.Nonce]; seen {
		return haoban.Errorf(haoban.ECONFLICT, "回执重复")
	}
	n[r.Nonce] = r
	return nil
}

func TestReceiver(t *testing.T) {
	store := nonces{}
	rcv := &outbox.Receiver{Secret: []byte(secret), Store: store, Time: haoban.FixedTime{T: smsNow}}
	body := []byte(`{"message_id":"m-k1","key":"k1","status":"delivered","nonce":"n-0000001"}`)
	ts := strconv.FormatInt(smsNow.Unix(), 10)
	receive := func(ts string, sig string, body []byte) string {
		return haoban.ErrorCode(rcv.Receive(context.Background(), ts, sig, body))
	}
	if code := receive(ts, outbox.Sign([]byte(secret), ts, body), body); code != "" || store["n-0000001"].Status != "delivered" {
		t.Fatalf("a signed receipt: %q, stored %+v", code, store)
	}
	stale := strconv.FormatInt(smsNow.Add(-6*time.Minute).Unix(), 10)
	other := []byte(strings.Replace(string(body), "n-0000001", "n-0000002", 1))
	for name, tc := range map[string]struct {
		ts, sig string
		body    []byte
		want    string
	}{
		"ErrReplay":         {ts, outbox.Sign([]byte(secret), ts, body), body, haoban.ECONFLICT},
		"ErrBadSignature":   {ts, outbox.Sign([]byte("another-secret-another-secret-!!"), ts, other), other, haoban.EUNAUTHORIZED},
		"ErrNoSignature":    {ts, "", other, haoban.EUNAUTHORIZED},
		"ErrBodyChanged":    {ts, outbox.Sign([]byte(secret), ts, body), other, haoban.EUNAUTHORIZED},
		"ErrStaleTimestamp": {stale, outbox.Sign([]byte(secret), stale, other), other, haoban.EUNAUTHORIZED},
		"ErrBadTimestamp":   {"yesterday", outbox.Sign([]byte(secret), "yesterday", other), other, haoban.EUNAUTHORIZED},
		"ErrBadStatus": {ts, outbox.Sign([]byte(secret), ts, []byte(`{"message_id":"m","key":"k","status":"lost","nonce":"n-0000003"}`)),
			[]byte(`{"message_id":"m","key":"k","status":"lost","nonce":"n-0000003"}`), haoban.EINVALID},
	} {
		t.Run(name, func(t *testing.T) {
			if code := receive(tc.ts, tc.sig, tc.body); code != tc.want {
				t.Fatalf("code = %q, want %q", code, tc.want)
			}
		})
	}
	if len(store) != 1 {
		t.Fatalf("refused receipts were stored: %v", store)
	}
}
