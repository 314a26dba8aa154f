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
	SpouseID  string    `json:"spouse_id,omitempty"` // from the marriage registry
	// SpouseName is the spouse's name in the population registry.
	SpouseName string    `json:"spouse_name,omitempty"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Enterprise is a market entity in the enterprise registry (市场主体库).
type Enterprise struct {
	USCC         string    `json:"uscc"`
	Name         string    `json:"name"`
	Type         string    `json:"type"`
	Address      string    `json:"address"`
	LegalRepID   string    `json:"legal_rep_id"`
	Capital      float64   `json:"capital"`
	Scope        string    `json:"scope"`
	Shareholders string    `json:"shareholders"`
	Employees    int       `json:"employees"` // insured with social security
	UpdatedAt    time.Time `json:"updated_at"`
}

// Birth is a hospital's record of a birth (出生医学信息), filed under a parent.
type Birth struct {
	ParentID  string    `json:"parent_id"`
	ChildSex  string    `json:"child_sex"`
	BirthTime time.Time `json:"birth_time"`
	Hospital  string    `json:"hospital"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Building is what fire acceptance recorded of the premises at an address.
type Building struct {
	Address        string    `json:"address"`
	Area           float64   `json:"area"`
	Floors         int       `json:"floors"`
	MaxOccupancy   int       `json:"max_occupancy"`
	FireFacilities []string  `json:"fire_facilities"`
	Exits          int       `json:"exits"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Drainage is the water authority's record of the drainage at an address.
type Drainage struct {
	Address    string    `json:"address"`
	Volume     float64   `json:"volume"`
	GreaseTrap bool      `json:"grease_trap"`
	UpdatedAt  time.Time `json:"updated_at"`
}
