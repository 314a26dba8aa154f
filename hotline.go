package haoban

import "time"

// The 12345 hand-off: the city hotline passes a caller's question to the
// department that can answer it; a specialist must take it (connect) within
// the connect target, counted in service seconds.

// HotlineStatus is where a hotline ticket stands.
type HotlineStatus string

const (
	HotlineWaiting   HotlineStatus = "waiting"   // routed, no specialist has taken it
	HotlineConnected HotlineStatus = "connected" // a specialist took it
)

// HotlineTicket is one caller's question handed over by 12345. Phone is
// kept whole, since the specialist calls back; Masked hides it wherever a
// list shows it.
type HotlineTicket struct {
	ID             string        `json:"id"`
	CallerName     string        `json:"caller"`
	Phone          string        `json:"phone"`
	Question       string        `json:"question"`
	Item           string        `json:"item"`
	CaseNumber     string        `json:"case_number,omitempty"`
	Department     string        `json:"department"`
	Specialist     string        `json:"specialist,omitempty"`
	Conversation   string        `json:"conversation"`
	Status         HotlineStatus `json:"status"`
	ReceivedAt     time.Time     `json:"received_at"`
	ConnectedAt    *time.Time    `json:"connected_at,omitempty"`
	ConnectSeconds *int          `json:"connect_seconds,omitempty"`
	SubmittedBy    string        `json:"-"`
}

// Masked is the ticket as lists show it: the caller's name and phone
// number partly hidden.
func (t HotlineTicket) Masked() HotlineTicket {
	t.CallerName, t.Phone = MaskName(t.CallerName, ForPersons), MaskPersonal(t.Phone)
	return t
}

// HotlineStats is the connect rate of the 12345 hand-off over a period:
// tickets connected within the target over the tickets received whose
// target has passed or that were connected (a ticket still inside its
// target counts neither way yet).
type HotlineStats struct {
	TargetSeconds   int     `json:"target_seconds"`
	Received        int     `json:"received"`
	Counted         int     `json:"counted"`
	ConnectedInTime int     `json:"connected_in_time"`
	ConnectedLate   int     `json:"connected_late"`
	Waiting         int     `json:"waiting"`
	Missed          int     `json:"missed"` // not connected, target passed
	Rate            float64 `json:"rate"`   // ConnectedInTime / Counted; 0 when nothing counts
	Goal            float64 `json:"goal"`   // 0.9
	MeetsGoal       bool    `json:"meets_goal"`
}
