package haoban

import "time"

// Resident is a person in the population registry (人口库).
type Resident struct {
	IDNumber  string    `json:"id_number"`
	Name      string    `json:"name"`
	Sex       string    `json:"sex"`
	BirthDate time.Time `json:"birth_date"`
	Phone     string    `json:"phone"`
	Address   string    `json:"address"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Enterprise is a market entity in the enterprise registry (市场主体库).
type Enterprise struct {
	USCC       string    `json:"uscc"`
	Name       string    `json:"name"`
	Type       string    `json:"type"`
	Address    string    `json:"address"`
	LegalRepID string    `json:"legal_rep_id"`
	Capital    float64   `json:"capital"`
	Scope      string    `json:"scope"`
	UpdatedAt  time.Time `json:"updated_at"`
}
