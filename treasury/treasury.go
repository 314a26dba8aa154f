// Package treasury pays benefits (一口兑付): one payment order per benefit
// case, sent to a payment service that keeps the money's ledger.
//
// The Treasury interface is what the rest of Haoban uses. Client talks to a
// payment service over HTTP; LedgerServer is a real local payment service,
// for development and for tests, that keeps its own ledger in memory.
// Reconcile compares our paid cases with the service's ledger.
//
// # Wire format
//
// Every request carries X-Haoban-Timestamp (Unix seconds) and
// X-Haoban-Signature: the hex HMAC-SHA256, with the shared secret, of
// timestamp "." body (outbox.Sign, as for SMS). A GET has no body, so the
// signed body is its request URI (path and query). The service refuses a
// bad signature or a timestamp more than five minutes off with 401.
//
//	POST /orders            Idempotency-Key: <order key>
//	  body  Order as JSON: {"key","payee":{"id","name","account"},"amount",
//	        "policy","case","purpose","recovers"}; amount in fen, negative
//	        for a recovery order, which names the key it recovers.
//	  201   LedgerEntry {"serial","at","order":{…}}: paid now.
//	  200   the same LedgerEntry: this key was paid before with this order.
//	  409   {"error"}: this key was paid before with a different order.
//	  422   {"error"}: the order is refused (bad payee, nothing to recover…).
//	  400   {"error"}: the body is not an order, or the header key differs.
//	GET /orders/{key}       200 LedgerEntry, 404 if the key was never paid.
//	GET /ledger?from=&to=   200 {"entries":[LedgerEntry…]}, entries with
//	                        from <= at < to (RFC 3339), in ledger order.
//	5xx, 429                the service is in trouble: try again later.
//
// A POST may be repeated safely, because of the key: the client retries a
// lost connection, a timeout, a 5xx or a 429, and nothing else.
package treasury

import (
	"context"
	"time"

	"haoban"
)

// Treasury pays orders and tells what it paid.
type Treasury interface {
	// Pay pays an order once per key: paying the same order again returns
	// the first entry; the same key with another order is ECONFLICT.
	Pay(ctx context.Context, o Order) (LedgerEntry, error)
	// Find returns the entry paid under a key, or ENOTFOUND.
	Find(ctx context.Context, key string) (LedgerEntry, error)
	// Ledger lists the entries paid in [from, to), for reconciliation.
	Ledger(ctx context.Context, from, to time.Time) ([]LedgerEntry, error)
}

// Payee is who receives the money: a person by ID number or an enterprise
// by unified social credit code.
type Payee struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Account string `json:"account"`
}

// Order is one payment order. Key is its idempotency key: derive it from the
// benefit case (and, for a recovery, the reversal), never from the attempt.
type Order struct {
	Key     string `json:"key"`
	Payee   Payee  `json:"payee"`
	Amount  int64  `json:"amount"` // fen; negative for a recovery order
	Policy  string `json:"policy"`
	Case    string `json:"case"`
	Purpose string `json:"purpose"`
	// Recovers is the key of the payment a recovery order reverses.
	Recovers string `json:"recovers,omitempty"`
}

// Recovery reports whether the order takes money back.
func (o Order) Recovery() bool { return o.Amount < 0 }

// Validate checks what both sides can check without the ledger.
func (o Order) Validate() error {
	switch {
	case o.Key == "" || len(o.Key) > 200:
		return haoban.FieldErrorf(haoban.EINVALID, "key", "付款指令须有 1 到 200 个字符的幂等键")
	case o.Payee.ID == "":
		return haoban.FieldErrorf(haoban.EINVALID, "payee.id", "缺少收款人证件号码或统一社会信用代码")
	case o.Payee.Name == "":
		return haoban.FieldErrorf(haoban.EINVALID, "payee.name", "缺少收款人名称")
	case o.Payee.Account == "":
		return haoban.FieldErrorf(haoban.EINVALID, "payee.account", "缺少收款账户")
	case o.Amount == 0:
		return haoban.FieldErrorf(haoban.EINVALID, "amount", "金额不能为零")
	case o.Policy == "" || o.Case == "":
		return haoban.FieldErrorf(haoban.EINVALID, "case", "付款指令须注明政策和办件")
	case o.Recovery() && o.Recovers == "":
		return haoban.FieldErrorf(haoban.EINVALID, "recovers", "追回指令须注明所追回的付款")
	case !o.Recovery() && o.Recovers != "":
		return haoban.FieldErrorf(haoban.EINVALID, "recovers", "付款指令不能注明追回")
	}
	return nil
}

// LedgerEntry is one order as the payment service booked it.
type LedgerEntry struct {
	Serial string    `json:"serial"`
	At     time.Time `json:"at"`
	Order  Order     `json:"order"`
}
