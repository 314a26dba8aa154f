package outbox

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/json"
	"strconv"
	"time"

	"haoban"
)

// DefaultReceiptWindow is how far a receipt's timestamp may be from now.
const DefaultReceiptWindow = 5 * time.Minute

// ReceiptStore records delivery receipts (postgres.Store).
type ReceiptStore interface {
	// RecordReceipt records a receipt once per nonce (ECONFLICT for a
	// nonce seen before) and forgets nonces seen before forgetBefore.
	RecordReceipt(ctx context.Context, r haoban.DeliveryReceipt, seenAt, forgetBefore time.Time) error
}

// Receiver takes the SMS provider's delivery receipts. The callback route
// carries no user's token: the HMAC with the shared secret is what
// authenticates it, the timestamp window and the nonces what keep a
// captured receipt from being played again.
type Receiver struct {
	Secret []byte
	Store  ReceiptStore
	Time   haoban.TimeSource
	// Window is how far a receipt's timestamp may be from now.
	Window time.Duration
}

// Receive checks a receipt's signature, its timestamp (Unix seconds) and
// its nonce, then records it. A bad signature or a stale timestamp is
// EUNAUTHORIZED, a replay ECONFLICT, a malformed body EINVALID.
func (r *Receiver) Receive(ctx context.Context, timestamp, signature string, body []byte) error {
	now := r.Time.Now()
	want := Sign(r.Secret, timestamp, body)
	if len(r.Secret) == 0 || !hmac.Equal([]byte(want), []byte(signature)) {
		return haoban.Errorf(haoban.EUNAUTHORIZED, "回执签名不正确")
	}
	window := or(r.Window, DefaultReceiptWindow)
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	at := time.Unix(sec, 0)
	if err != nil || at.Before(now.Add(-window)) || at.After(now.Add(window)) {
		return haoban.Errorf(haoban.EUNAUTHORIZED, "回执时间戳须在服务器时间前后 %d 分钟内", int(window.Minutes()))
	}
	var rec haoban.DeliveryReceipt
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		return haoban.FieldErrorf(haoban.EINVALID, "body", "回执应为 JSON：message_id、key、status、nonce，可带 error 与 at")
	}
	switch {
	case rec.ProviderID == "":
		return haoban.FieldErrorf(haoban.EINVALID, "body.message_id", "缺少 message_id")
	case rec.Key == "":
		return haoban.FieldErrorf(haoban.EINVALID, "body.key", "缺少 key")
	case len(rec.Nonce) < 8 || len(rec.Nonce) > 128:
		return haoban.FieldErrorf(haoban.EINVALID, "body.nonce", "nonce 应为 8 到 128 个字符")
	case rec.Status != haoban.ReceiptDelivered && rec.Status != haoban.ReceiptFailed:
		return haoban.FieldErrorf(haoban.EINVALID, "body.status", "status 应为 delivered 或 failed")
	}
	if rec.At.IsZero() {
		rec.At = at
	}
	return r.Store.RecordReceipt(ctx, rec, now, now.Add(-2*window))
}
