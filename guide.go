package haoban

import "time"

// GuideEntry is one bundle, or one item of a bundle, as the 办事指南
// indexes it: what the browse list and a search hit show without reading
// the whole bundle.
type GuideEntry struct {
	Bundle  string `json:"bundle"`
	Version int    `json:"version"`
	// Item is the item's code; "" for the bundle itself.
	Item       string `json:"item,omitempty"`
	Name       string `json:"name"`
	BundleName string `json:"bundle_name"`
	// Summary is the bundle's description (items have none).
	Summary      string    `json:"summary,omitempty"`
	Stage        string    `json:"stage,omitempty"`
	For          Audience  `json:"for,omitempty"`
	PromisedDays int       `json:"promised_days"`
	Items        int       `json:"items,omitempty"` // a bundle's number of items
	Demo         bool      `json:"demo,omitempty"`
	Effective    time.Time `json:"effective_from,omitzero"` // zero: in force since always
}

// GuideHit is an entry a search found, with the text that matched.
type GuideHit struct {
	GuideEntry
	// Matched says where the keywords were found: 名称, 简介, 受理条件 or
	// 材料, and Excerpt is that text.
	Matched string  `json:"matched"`
	Excerpt string  `json:"excerpt,omitempty"`
	Score   float64 `json:"score"`
}
