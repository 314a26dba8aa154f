package treasury

import (
	"cmp"
	"slices"
)

// PaidOrder is an order that Haoban holds as paid.
type PaidOrder struct {
	Key    string
	Case   string
	Amount int64 // fen
}

// DifferenceKind names one way the two books disagree.
type DifferenceKind string

// The kinds of difference.
const (
	// MissingTheirs: we hold it paid, the ledger has no entry.
	MissingTheirs DifferenceKind = "missing_in_ledger"
	// MissingOurs: the ledger paid it, we do not hold it paid.
	MissingOurs DifferenceKind = "missing_in_haoban"
	// AmountMismatch: both have the key, with different amounts.
	AmountMismatch DifferenceKind = "amount_mismatch"
	// DuplicateOurs, DuplicateTheirs: one key appears twice on one side.
	DuplicateOurs   DifferenceKind = "duplicate_in_haoban"
	DuplicateTheirs DifferenceKind = "duplicate_in_ledger"
	// CasePaidTwice: the ledger holds two payments (not recoveries) under
	// different keys for one benefit case.
	CasePaidTwice DifferenceKind = "case_paid_twice"
)

// Difference is one disagreement. Ours and Theirs are the amounts each side
// holds under Key (for a duplicate, the first and the repeat together);
// Serial is the ledger's entry.
type Difference struct {
	Kind   DifferenceKind
	Key    string
	Case   string
	Ours   int64
	Theirs int64
	Serial string
}

// Reconcile lists every difference between our paid orders and the
// ledger's entries, sorted by key, then kind. Both lists must cover the
// same period. Nothing listed means the books agree.
func Reconcile(ours []PaidOrder, theirs []LedgerEntry) []Difference {
	var diffs []Difference
	our := map[string]PaidOrder{}
	for _, o := range ours {
		if prev, ok := our[o.Key]; ok {
			diffs = append(diffs, Difference{Kind: DuplicateOurs, Key: o.Key, Case: o.Case, Ours: prev.Amount + o.Amount})
			continue
		}
		our[o.Key] = o
	}
	their := map[string]LedgerEntry{}
	paidCase := map[string]LedgerEntry{}
	for _, e := range theirs {
		o := e.Order
		if prev, ok := their[o.Key]; ok {
			diffs = append(diffs, Difference{Kind: DuplicateTheirs, Key: o.Key, Case: o.Case, Theirs: prev.Order.Amount + o.Amount, Serial: e.Serial})
			continue
		}
		their[o.Key] = e
		if o.Recovery() {
			continue
		}
		if prev, ok := paidCase[o.Case]; ok {
			diffs = append(diffs, Difference{Kind: CasePaidTwice, Key: o.Key, Case: o.Case, Theirs: prev.Order.Amount + o.Amount, Serial: e.Serial})
		}
		paidCase[o.Case] = e
	}
	for key, o := range our {
		e, ok := their[key]
		switch {
		case !ok:
			diffs = append(diffs, Difference{Kind: MissingTheirs, Key: key, Case: o.Case, Ours: o.Amount})
		case e.Order.Amount != o.Amount:
			diffs = append(diffs, Difference{Kind: AmountMismatch, Key: key, Case: o.Case, Ours: o.Amount, Theirs: e.Order.Amount, Serial: e.Serial})
		}
	}
	for key, e := range their {
		if _, ok := our[key]; !ok {
			diffs = append(diffs, Difference{Kind: MissingOurs, Key: key, Case: e.Order.Case, Theirs: e.Order.Amount, Serial: e.Serial})
		}
	}
	slices.SortFunc(diffs, func(a, b Difference) int {
		return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Serial, b.Serial))
	})
	return diffs
}
