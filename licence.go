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
	// CaseID and Item name the approval that issued it ("" for licences
	// held from before Haoban).
	CaseID        string `json:"case_id,omitempty"`
	Item          string `json:"item,omitempty"`
	SupersededBy  string `json:"superseded_by,omitempty"`
	RevokedReason string `json:"revoked_reason,omitempty"`
}

// Document kinds: the licence itself and the decision letter.
const (
	DocumentLicence  = "licence"
	DocumentDecision = "decision" // 准予行政许可决定书
)

// Document is a sealed outcome document: a signed PDF in the blob store
// and its GB/T 38540 electronic-seal signature.
type Document struct {
	ID           string    `json:"id"`
	LicenceID    string    `json:"licence_id"`
	BenefitID    string    `json:"benefit_id,omitempty"` // a grant or pledge's benefit case, instead of a licence
	CaseID       string    `json:"case_id,omitempty"`
	Kind         string    `json:"kind"`
	Department   string    `json:"department"`
	SHA256       string    `json:"sha256"`
	Size         int64     `json:"size"`
	SESSignature []byte    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// ValidOn reports whether the licence is in force at instant t: valid,
// begun and not past its end, comparing t's date in Beijing with the
// licence's dates (at 01:00 in Beijing it is already the next day).
func (l Licence) ValidOn(t time.Time) bool {
	day := DateOf(t)
	return l.Status == LicenceValid && !day.Before(dateValue(l.ValidFrom)) && (l.ValidTo == nil || day.Before(dateValue(*l.ValidTo)))
}

// ExpiredOn reports whether the licence's period ended before instant t's
// date in Beijing.
func (l Licence) ExpiredOn(t time.Time) bool {
	return l.Status == LicenceExpired || (l.ValidTo != nil && !DateOf(t).Before(dateValue(*l.ValidTo)))
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
