package haoban

import "time"

// LeaderSession is one session of 领导干部帮办 ("我陪群众走流程"): a
// leader accompanied an applicant through a whole case of one of their
// department's items. Key makes recording it idempotent per leader.
type LeaderSession struct {
	ID            string    `json:"id"`
	Key           string    `json:"key"`
	Leader        string    `json:"leader"`
	Department    string    `json:"department"`
	ApplicantName string    `json:"applicant_name"`
	CaseID        string    `json:"case_id,omitempty"`
	Item          string    `json:"item"`
	StartedAt     time.Time `json:"started_at"`
	EndedAt       time.Time `json:"ended_at"`
	Notes         string    `json:"notes,omitempty"`
	RecordedAt    time.Time `json:"recorded_at"`
}

// ItemCount is how many cases asked for one item.
type ItemCount struct {
	Item  string `json:"item"`
	Name  string `json:"name"`
	Cases int    `json:"cases"`
}
