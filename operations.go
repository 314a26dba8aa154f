package haoban

import "time"

// FigureQuery scopes an operations figure (数字化运营, issue 19): the
// period [From, To), and one department or item ("": all of them).
type FigureQuery struct {
	From       time.Time `json:"from"`
	To         time.Time `json:"to"`
	Department string    `json:"department,omitempty"`
	Item       string    `json:"item,omitempty"`
}

// RatingFigures are 好差评's figures for a period, read from the ratings
// given in it. Ratings excluded by an upheld appeal are counted only in
// Excluded and the appeal counts.
type RatingFigures struct {
	Total int `json:"total"` // ratings counted (not excluded)
	// Levels counts the ratings of each level, 1 (非常不满意) to 5 (非常满意):
	// Levels[0] is level 1.
	Levels [5]int `json:"levels"`
	// Bad ratings (不满意, 非常不满意) open a rectification task each;
	// Rectified counts those closed with the person asked whether satisfied.
	Bad       int `json:"bad"`
	Rectified int `json:"rectified"`
	// Named bad ratings must all be followed up (called back);
	// NamedFollowedUp counts those that were.
	NamedBad        int `json:"named_bad"`
	NamedFollowedUp int `json:"named_followed_up"`
	// Appeals by outcome; Excluded are the ratings an upheld appeal took
	// out of the figures (never deleted).
	AppealsPending  int `json:"appeals_pending"`
	AppealsUpheld   int `json:"appeals_upheld"`
	AppealsRejected int `json:"appeals_rejected"`
	Excluded        int `json:"excluded"`
}

// ObstacleFigures are 办不成事's figures for a period, read from the
// reports received in it.
type ObstacleFigures struct {
	Received       int `json:"received"`
	Accepted       int `json:"accepted"`         // accepted at all
	AcceptedOnTime int `json:"accepted_on_time"` // within 1 working day
	Resolved       int `json:"resolved"`         // resolved or answered with reasons
	ResolvedOnTime int `json:"resolved_on_time"` // within 5 working days
	Reopened       int `json:"reopened"`
	Open           int `json:"open"`
}

// FigureState is how a figure stands against its target.
type FigureState string

// Figure states. Unmeasured: the figure has no data source yet, or
// nothing in the period to measure (shown as "not measured yet", never 0).
const (
	FigureOnTarget   FigureState = "on"
	FigureNearTarget FigureState = "near"
	FigureOffTarget  FigureState = "off"
	FigureUnmeasured FigureState = "unmeasured"
)

// Figure is one "799" figure over a scope: its value, how it is
// computed (Definition, and the Numerator over the Denominator it was
// computed from), and its target. Unit is "ratio" (Value in [0,1]),
// "minutes" or "count".
type Figure struct {
	Key         string  `json:"key"`
	Name        string  `json:"name"`
	Definition  string  `json:"definition"`
	Unit        string  `json:"unit"`
	Value       float64 `json:"value"`
	Numerator   float64 `json:"numerator"`
	Denominator float64 `json:"denominator"`
	// P90 is the 90th percentile, for figures that are durations.
	P90 *float64 `json:"p90,omitempty"`
	// Target and whether higher is better (false: the figure must stay at
	// or below Target, as the application time).
	Target float64     `json:"target"`
	Higher bool        `json:"higher"`
	State  FigureState `json:"state"`
	// Drill says the figure can be drilled down to the cases (or ratings,
	// reports, conversations) that make it up.
	Drill bool `json:"drill"`
}

// FigureRow is the figures of one department, item or window.
type FigureRow struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Figures []Figure `json:"figures"`
}

// OperationsView is the "799" dashboard for a scope: the figures over
// it, the ratings' and reports' details, and the same figures broken down
// per department (per item when the scope is one department).
type OperationsView struct {
	Query     FigureQuery      `json:"query"`
	Figures   []Figure         `json:"figures"`
	Ratings   *RatingFigures   `json:"ratings,omitempty"`
	Obstacles *ObstacleFigures `json:"obstacles,omitempty"`
	By        string           `json:"by"` // department or item
	Rows      []FigureRow      `json:"rows"`
}

// FigureCase is one case (or rating, report, conversation) behind a
// figure, as the drill-down lists it: whether it counted for (In) the
// numerator, and why.
type FigureCase struct {
	Ref            string    `json:"ref"`  // the case's ID (or the rating's, report's …)
	Kind           string    `json:"kind"` // case, rating, obstacle, conversation
	Title          string    `json:"title"`
	DepartmentName string    `json:"department_name,omitempty"`
	At             time.Time `json:"at"`
	In             bool      `json:"in"`
	Why            string    `json:"why"`
	Value          float64   `json:"value,omitempty"`
}

// FigureCases is one page of a figure's drill-down.
type FigureCases struct {
	Figure     Figure       `json:"figure"`
	Cases      []FigureCase `json:"cases"`
	NextCursor string       `json:"next_cursor"`
	Total      int          `json:"total"`
}
