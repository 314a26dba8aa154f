// Package riskmodel learns from past cases (机器学习): for a new application of
// an item it estimates the chance of trouble, a supplement request (补正)
// or a rejection, and names the features that weigh most, so that a
// reviewer knows where to look first. The model advises; it never decides.
//
// The package is pure: no clock, no I/O, no database. The caller stores a
// trained Model as JSON, as a versioned record beside the item.
//
// The method is L2-regularized logistic regression over standardized
// features: simple enough that each weight can be read as "how much this
// feature moves the log-odds", which is what a reviewer is shown.
package riskmodel

// Case is one historical case of an item: the features of its application
// and how the review ended.
type Case struct {
	Item string `json:"item"` // the item code, such as "food-licence"
	// Features are numbers read from the application form, its uploads
	// and the registry prefill: areas, counts, shares, and 0/1 flags.
	Features map[string]float64 `json:"features"`
	Outcome
}

// Outcome is how a case's review ended.
type Outcome struct {
	// Trouble is true when the case needed a supplement or was rejected.
	Trouble bool `json:"trouble"`
	// Reason is the reviewer's reason when there was trouble, such as
	// "缺少设备布局和操作流程图"; empty otherwise.
	Reason string `json:"reason,omitempty"`
}

// Items returns the demo items Generate knows, in bundle order: the
// open-restaurant bundle, then the newborn bundle.
func Items() []string {
	return []string{
		"business-licence", "food-licence", "fire-check", "signage", "drainage",
		"birth-certificate", "hukou", "social-card", "medical-insurance",
	}
}
