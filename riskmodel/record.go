package riskmodel

import "time"

// Record is one trained version of an item's model, as stored.
type Record struct {
	Item      string    `json:"item"`
	Version   int       `json:"version"`
	Model     Model     `json:"model"`
	Metrics   Metrics   `json:"metrics"`
	TrainedAt time.Time `json:"trained_at"`
	TrainedOn int       `json:"trained_on"` // cases
	Active    bool      `json:"active"`
}
