package haoban

// CaseFigureCounts are the counters the case figures of the "799"
// dashboard are computed from, over one scope (the whole query when Key
// is "", else one department, item or window), read from the summary
// tables the projection keeps (issue 19).
type CaseFigureCounts struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	// Cases submitted in the period, and those filed online or on mobile.
	Cases  int `json:"cases"`
	Online int `json:"online"`
	// Prefilled cases have a recorded prefill ratio; PrefillSum adds them.
	Prefilled  int     `json:"prefilled"`
	PrefillSum float64 `json:"prefill_sum"`
	// Judged counts first submissions of applications that were accepted
	// or not accepted; FirstPass those accepted with no supplement request.
	Judged    int `json:"judged"`
	FirstPass int `json:"first_pass"`
	// Applied counts cases made from a draft; ApplySeconds adds the time
	// from the draft's first save to submission; ApplyP90 is its p90.
	Applied      int     `json:"applied"`
	ApplySeconds float64 `json:"apply_seconds"`
	ApplyP90     float64 `json:"apply_p90_seconds"`
	// Decided counts the tasks decided in the period; OnTime those decided
	// within their promised limit (the clock's pauses left out).
	Decided int `json:"decided"`
	OnTime  int `json:"on_time"`
}
