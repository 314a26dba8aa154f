package api

import (
	"context"

	"haoban"
)

// SMSReceipts takes the SMS provider's delivery receipts (outbox.Receiver).
type SMSReceipts interface {
	Receive(ctx context.Context, timestamp, signature string, body []byte) error
}

// SMSReceiptInput is a delivery receipt as the provider posts it. The
// route carries no user's token: the provider authenticates with an
// HMAC-SHA256 of timestamp "." body under the shared secret, and the
// timestamp window and the nonce in the body refuse a replay.
type SMSReceiptInput struct {
	Timestamp string `header:"X-Haoban-Timestamp" doc:"Unix 秒；与服务器时间相差不超过 5 分钟"`
	Signature string `header:"X-Haoban-Signature" doc:"HMAC-SHA256(密钥, 时间戳 + \".\" + 请求体)，十六进制"`
	RawBody   []byte
}

func (s *Server) smsReceipt(ctx context.Context, in *SMSReceiptInput) (*struct{}, error) {
	if s.SMSReceipts == nil {
		return nil, haoban.Errorf(haoban.ENOTFOUND, "短信渠道未开启")
	}
	return nil, s.SMSReceipts.Receive(ctx, in.Timestamp, in.Signature, in.RawBody)
}
