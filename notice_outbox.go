package haoban

import (
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Notices that leave the app go through the outbox: a row per notice and
// channel, written in the transaction of the fact that causes it, then
// delivered by a dispatcher (package outbox).

// NoticeChannel is a way to reach a person outside the app.
type NoticeChannel string

// The external channels.
const (
	ChannelEmail NoticeChannel = "email"
	ChannelSMS   NoticeChannel = "sms"
)

// OutboxStatus is where a notice is on its way to a person.
type OutboxStatus string

// The statuses of an outbox row. Sending rows hold a lease: a dispatcher
// that dies leaves them to be claimed again when the lease ends.
const (
	OutboxQueued    OutboxStatus = "queued"
	OutboxSending   OutboxStatus = "sending"
	OutboxSent      OutboxStatus = "sent"      // the provider accepted it
	OutboxDelivered OutboxStatus = "delivered" // the provider reported it delivered
	OutboxDead      OutboxStatus = "dead"      // refused, or out of attempts: an admin may send it again
)

// OutboxNotice is one notice to one person through one channel.
type OutboxNotice struct {
	ID      int64         `json:"id"`
	Key     string        `json:"key"`
	Channel NoticeChannel `json:"channel"`
	UserID  string        `json:"user_id"`
	Address string        `json:"address"`
	CaseID  string        `json:"case_id,omitempty"`
	Kind    string        `json:"kind"`
	Subject string        `json:"subject"`
	Body    string        `json:"body"`
	// Legal notices are served by law and are audited.
	Legal    bool         `json:"legal"`
	Status   OutboxStatus `json:"status"`
	Attempts int          `json:"attempts"`
	// NextAttemptAt is when a queued row is due; while sending, when the lease ends.
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	LastError     string     `json:"last_error,omitempty"`
	ProviderID    string     `json:"provider_id,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at,omitempty"`
	DeliveredAt   *time.Time `json:"delivered_at,omitempty"`
	ReadAt        *time.Time `json:"read_at,omitempty"`
	DeadAt        *time.Time `json:"dead_at,omitempty"`
	// Claim fences a dispatcher's results: only the holder of the current
	// claim may record what happened.
	Claim int64 `json:"-"`
}

// NoticeKey is a notice's idempotency key, derived from the case, the fact
// that caused it and the recipient: the same fact told to the same person
// twice is one notice. Receivers deduplicate on it too (the SMTP
// Message-ID, the SMS request), so it is short and plain ASCII.
func NoticeKey(caseID, fact, recipient string) string {
	sum := sha256.Sum256([]byte(caseID + "\x00" + fact + "\x00" + recipient))
	return hex.EncodeToString(sum[:16])
}

// DeliveryReceipt is what an SMS provider reports about a message it took.
type DeliveryReceipt struct {
	ProviderID string    `json:"message_id"`
	Key        string    `json:"key"`
	Status     string    `json:"status"` // delivered or failed
	Error      string    `json:"error,omitempty"`
	Nonce      string    `json:"nonce"`
	At         time.Time `json:"at"`
}

// Receipt statuses.
const (
	ReceiptDelivered = "delivered"
	ReceiptFailed    = "failed"
)

// mobile is a mainland mobile number, with or without +86.
var mobile = regexp.MustCompile(`^(?:\+?86)?(1[3-9][0-9]{9})$`)

// ValidateContact checks an address a person gives for a channel and
// returns it in the form it is stored and sent to.
func ValidateContact(ch NoticeChannel, address string) (string, error) {
	address = strings.TrimSpace(address)
	switch ch {
	case ChannelEmail:
		a, err := mail.ParseAddress(address)
		if err != nil || a.Address != address || !strings.Contains(address[strings.LastIndexByte(address, '@'):], ".") {
			return "", FieldErrorf(EINVALID, "email", "电子邮箱格式不正确，例如 li.na@example.cn")
		}
		return address, nil
	case ChannelSMS:
		m := mobile.FindStringSubmatch(strings.NewReplacer(" ", "", "-", "").Replace(address))
		if m == nil {
			return "", FieldErrorf(EINVALID, "phone", "手机号应为 11 位中国大陆手机号，例如 13800138000")
		}
		return m[1], nil
	}
	return "", FieldErrorf(EINVALID, "channel", "没有这种通知渠道")
}

// OutboxOutcome is what a dispatcher records about a row it claimed.
type OutboxOutcome struct {
	ID    int64
	Claim int64
	// Status is sent, dead, or queued: to be tried again at NextAttemptAt.
	Status        OutboxStatus
	ProviderID    string
	Error         string
	NextAttemptAt time.Time
	At            time.Time
	// Untried rows go back to the queue without counting an attempt: the
	// dispatcher stopped before handing them to the provider.
	Untried bool
}
