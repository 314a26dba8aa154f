package haoban

import "time"

// LicenceStatus is where an issued licence stands.
type LicenceStatus string

// Licence statuses.
const (
	LicenceValid      LicenceStatus = "valid"
	LicenceSuperseded LicenceStatus = "superseded"
	LicenceRevoked    LicenceStatus = "revoked"
	LicenceExpired    LicenceStatus = "expired"
)

// Licence (电子证照) is one licence in the e-licence library. Fields carry
// canonical form keys (enterprise.name, premises.address …), so a licence
// can prefill the forms of later applications and rules can read it.
type Licence struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	Number     string         `json:"number"`
	Holder     string         `json:"holder"` // ID number or credit code
	HolderName string         `json:"holder_name"`
	Fields     map[string]any `json:"fields"`
	ValidFrom  time.Time      `json:"valid_from"`
	ValidTo    *time.Time     `json:"valid_to,omitempty"`
	Status     LicenceStatus  `json:"status"`
	Version    int            `json:"version"`
	IssuedBy   string         `json:"issued_by"`
	IssuedAt   time.Time      `json:"issued_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
}

// ValidOn reports whether the licence is in force on day d: valid, begun,
// and not past its end.
func (l Licence) ValidOn(d time.Time) bool {
	return l.Status == LicenceValid && !d.Before(l.ValidFrom) && (l.ValidTo == nil || d.Before(*l.ValidTo))
}

// SourceInfo is one entry of the data-source catalogue (数源目录): who
// keeps the data, which canonical fields it provides, and how fresh it is.
type SourceInfo struct {
	Code      string   `json:"code" pattern:"^[a-z_]+$" doc:"数据来源编码"`
	Name      string   `json:"name" minLength:"1"`
	Authority string   `json:"authority" minLength:"1" doc:"提供数据的部门"`
	Fields    []string `json:"fields" minItems:"1" doc:"提供的规范字段，如 person.name"`
	Freshness string   `json:"freshness" minLength:"1" doc:"更新频率，如 实时、每日"`
}
