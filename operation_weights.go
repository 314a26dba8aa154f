package haoban

import "time"

// FigureWeight is the published weight of one "799" figure in the
// departments' monthly evaluation (部门考评, issue 19): data an admin
// edits, with who changed it last and when.
type FigureWeight struct {
	Figure    string    `json:"figure"` // a figure's key
	Weight    float64   `json:"weight"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitempty"`
}

// ScorePart is one figure's share of a score: its weight and how far it
// reached its target (attainment, 0 to 1). An unmeasured figure takes no
// part: neither its weight nor its attainment counts.
type ScorePart struct {
	Figure     string  `json:"figure"`
	Name       string  `json:"name"`
	Weight     float64 `json:"weight"`
	Value      float64 `json:"value"`
	Target     float64 `json:"target"`
	Unit       string  `json:"unit"`
	Attainment float64 `json:"attainment"`
	Measured   bool    `json:"measured"`
}

// Score is one department's (or window's) evaluation for a month:
// Σ weight × attainment / Σ weight over its measured figures, 0 to 100.
// Measured is false when no weighted figure was measured.
type Score struct {
	Key      string      `json:"key"`
	Name     string      `json:"name"`
	Score    float64     `json:"score"`
	Measured bool        `json:"measured"`
	Parts    []ScorePart `json:"parts"`
}

// ScoreBoard is a month's evaluation: the weights it used and a score per
// department (By "department") or per window (By "window").
type ScoreBoard struct {
	Month   string         `json:"month"` // YYYY-MM
	By      string         `json:"by"`
	Weights []FigureWeight `json:"weights"`
	Rows    []Score        `json:"rows"`
}

// OperationsNote says a "799" figure may have changed (the NOTIFY
// channel haoban_operations): a rating, a rectification, an appeal, a
// 办不成事 report, a case's summary row or the weights were written, for
// the department and item named ("" when unknown or all).
type OperationsNote struct {
	Kind       string `json:"kind"`
	Department string `json:"department,omitempty"`
	Item       string `json:"item,omitempty"`
}
