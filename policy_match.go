package haoban

import "time"

// PolicyMatch is one beneficiary a matching run found for a policy
// period, with the facts that made them match (the policy's data needs and
// their values) and the amount.
type PolicyMatch struct {
	Policy      string         `json:"policy"`
	Version     int            `json:"version"`
	Period      string         `json:"period"`
	Beneficiary string         `json:"beneficiary"` // ID number or credit code
	Kind        Audience       `json:"kind"`
	Name        string         `json:"name"`
	Amount      float64        `json:"amount"`
	Facts       map[string]any `json:"facts"`
	MatchedAt   time.Time      `json:"matched_at"`
	RunID       string         `json:"run_id"`
}

// PolicyRun is one matching run of a policy version over the population.
type PolicyRun struct {
	ID         string    `json:"id"`
	Policy     string    `json:"policy"`
	Version    int       `json:"version"`
	Period     string    `json:"period"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	Cursor     string    `json:"cursor"` // last key done
	Read       int64     `json:"read"`
	Matched    int64     `json:"matched"`
}

// Period is the key under which the policy's matches are unique: its
// dates in force, so that runs within one period never match anybody
// twice.
func (p Policy) Period() string {
	to := "open"
	if !p.To.IsZero() {
		to = p.To.Format(time.DateOnly)
	}
	return p.From.Format(time.DateOnly) + "/" + to
}
