package treasury

import (
	"reflect"
	"testing"
)

func entry(serial, key, caseID string, amount int64) LedgerEntry {
	o := Order{Key: key, Case: caseID, Amount: amount}
	if amount < 0 {
		o.Recovers = "k1"
	}
	return LedgerEntry{Serial: serial, Order: o}
}

func TestReconcile(t *testing.T) {
	tests := []struct {
		name   string
		ours   []PaidOrder
		theirs []LedgerEntry
		want   []Difference
	}{
		{name: "agree, with a recovery",
			ours:   []PaidOrder{{"k1", "c1", 100}, {"k2", "c2", 50}, {"r1", "c1", -100}},
			theirs: []LedgerEntry{entry("T1", "k1", "c1", 100), entry("T2", "k2", "c2", 50), entry("T3", "r1", "c1", -100)}},
		{name: "both empty"},
		{name: "missing in the ledger",
			ours: []PaidOrder{{"k1", "c1", 100}},
			want: []Difference{{Kind: MissingTheirs, Key: "k1", Case: "c1", Ours: 100}}},
		{name: "missing in haoban",
			theirs: []LedgerEntry{entry("T1", "k1", "c1", 100)},
			want:   []Difference{{Kind: MissingOurs, Key: "k1", Case: "c1", Theirs: 100, Serial: "T1"}}},
		{name: "amount mismatch",
			ours:   []PaidOrder{{"k1", "c1", 100}},
			theirs: []LedgerEntry{entry("T1", "k1", "c1", 1000)},
			want:   []Difference{{Kind: AmountMismatch, Key: "k1", Case: "c1", Ours: 100, Theirs: 1000, Serial: "T1"}}},
		{name: "duplicate key on each side",
			ours:   []PaidOrder{{"k1", "c1", 100}, {"k1", "c1", 100}},
			theirs: []LedgerEntry{entry("T1", "k1", "c1", 100), entry("T2", "k1", "c1", 100)},
			want: []Difference{
				{Kind: DuplicateOurs, Key: "k1", Case: "c1", Ours: 200},
				{Kind: DuplicateTheirs, Key: "k1", Case: "c1", Theirs: 200, Serial: "T2"}}},
		{name: "one case paid under two keys",
			ours:   []PaidOrder{{"k1", "c1", 100}, {"k2", "c1", 100}},
			theirs: []LedgerEntry{entry("T1", "k1", "c1", 100), entry("T2", "k2", "c1", 100)},
			want:   []Difference{{Kind: CasePaidTwice, Key: "k2", Case: "c1", Theirs: 200, Serial: "T2"}}},
		{name: "every difference at once, sorted by key",
			ours:   []PaidOrder{{"k3", "c3", 30}, {"k1", "c1", 100}, {"k2", "c2", 20}},
			theirs: []LedgerEntry{entry("T1", "k1", "c1", 100), entry("T2", "k2", "c2", 25), entry("T3", "k4", "c4", 40)},
			want: []Difference{
				{Kind: AmountMismatch, Key: "k2", Case: "c2", Ours: 20, Theirs: 25, Serial: "T2"},
				{Kind: MissingTheirs, Key: "k3", Case: "c3", Ours: 30},
				{Kind: MissingOurs, Key: "k4", Case: "c4", Theirs: 40, Serial: "T3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Reconcile(tt.ours, tt.theirs)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Reconcile:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
