// Package haoban holds the domain types and rules of the Haoban approval
// system: the catalogue (departments, items, bundles), cases, tasks and
// their errors. It depends on the standard library only.
package haoban

import (
	"slices"
)

// Department is one government department that reviews items.
type Department struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// ReviewBody is where an applicant applies for administrative
	// reconsideration (行政复议) of the department's decisions, usually the
	// people's government at its level; Court is where they sue (行政诉讼).
	ReviewBody string `json:"review_body,omitempty"`
	Court      string `json:"court,omitempty"`
}

// FieldType tells how a form value is checked.
type FieldType string

// Field types.
const (
	FieldText     FieldType = "text"
	FieldNumber   FieldType = "number"
	FieldBool     FieldType = "bool"
	FieldDate     FieldType = "date"
	FieldChoice   FieldType = "choice"
	FieldChoices  FieldType = "choices"
	FieldIDNumber FieldType = "id_number"
	FieldUSCC     FieldType = "uscc"
	FieldPhone    FieldType = "phone"
	// FieldAddress is text completed from the standard address library;
	// the library's ID is kept beside it.
	FieldAddress FieldType = "address"
)

// Field is one form field of an item. Key is canonical across items, so a
// bundle's form asks for each key once.
type Field struct {
	Key      string    `json:"key"`
	Label    string    `json:"label"`
	Type     FieldType `json:"type"`
	Required bool      `json:"required"`
	Options  []string  `json:"options,omitempty"`
	// Pattern is a regular expression a text value must match, and Hint
	// says in words what it wants (校验规则).
	Pattern string `json:"pattern,omitempty"`
	Hint    string `json:"hint,omitempty"`
	// Prefill names the registry (数源) expected to fill the field, for
	// the guide and the editor; the sources themselves decide at runtime.
	Prefill string `json:"prefill,omitempty"`
}

// Material is a document an item requires. A bundle asks for each code
// once (一套材料), so one upload serves every item that needs it.
type Material struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Required bool     `json:"required"`
	Types    []string `json:"types"`     // accepted content types, sniffed from the bytes
	MaxBytes int64    `json:"max_bytes"` // 0: DefaultMaxMaterialBytes
	// Licence is the type of e-licence that, held valid by the applicant,
	// serves instead of an upload (免于提交).
	Licence string `json:"licence,omitempty"`
	// OCR names the document a scan of this material shows ("id_card",
	// "business_licence"), whose fields are read on upload.
	OCR string `json:"ocr,omitempty"`
	// Provider is who provides it: the applicant (default), a department
	// (调取, never asked of the applicant) or generated from the form.
	Provider MaterialProvider `json:"provider,omitempty"`
	// Original: the original is shown at the window (原件); otherwise a
	// copy serves. Electronic: an electronic copy is accepted online.
	Original   bool `json:"original,omitempty"`
	Electronic bool `json:"electronic,omitempty"`
	Count      int  `json:"count,omitempty"` // copies; 0 means 1
	// Blank and Example describe the blank form and a filled example
	// the guide offers (a link or a short text).
	Blank   string `json:"blank,omitempty"`
	Example string `json:"example,omitempty"`
	// Registry names a registry whose record about the applicant serves
	// instead of the material (免于提交), as Licence does for e-licences.
	Registry string `json:"registry,omitempty"`
	// Template renders a generated material from the form: text lines
	// with {{field.key}} placeholders, part of the item's version.
	Template string `json:"template,omitempty"`
	// Pledge is the 告知承诺 text the applicant confirms for a generated
	// material, where the item allows one.
	Pledge string `json:"pledge,omitempty"`
}

// DefaultMaxMaterialBytes bounds a material that states no limit.
const DefaultMaxMaterialBytes = 10 << 20

// DefaultMaterialTypes are the content types accepted when a material
// states none: scanned documents and photos.
var DefaultMaterialTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// Limit returns the material's size limit.
func (m Material) Limit() int64 {
	if m.MaxBytes > 0 {
		return m.MaxBytes
	}
	return DefaultMaxMaterialBytes
}

// Accepts reports whether the material accepts a content type.
func (m Material) Accepts(contentType string) bool {
	types := m.Types
	if len(types) == 0 {
		types = DefaultMaterialTypes
	}
	return slices.Contains(types, contentType)
}

// Item (事项) is one service of one department.
type Item struct {
	Code         string     `json:"code"`
	Name         string     `json:"name"`
	Department   string     `json:"department"`
	DependsOn    []string   `json:"depends_on"`
	PromisedDays int        `json:"promised_days"`
	LegalDays    int        `json:"legal_days"`
	Instant      bool       `json:"instant"`
	Optional     bool       `json:"optional"`
	Fields       []Field    `json:"fields"`
	Materials    []Material `json:"materials"`
	Reminders    []string   `json:"reminders,omitempty"` // see ParseReminder; empty: DefaultReminders
	// Licence is the type of licence an approval issues, sealed by the
	// item's department ("" issues none); LicenceName is its title.
	Licence     string `json:"licence,omitempty"`
	LicenceName string `json:"licence_name,omitempty"`
	// Amends: approval issues the next version of the holder's licence of
	// that type with the form's values, and the licences embedding the
	// changed fields follow (联动变更).
	Amends bool `json:"amends,omitempty"`
	// What a 政务服务事项实施清单 carries for the guide.
	Type       ItemType `json:"type,omitempty"`
	LegalBasis []string `json:"legal_basis,omitempty"` // 设定依据, each cited by name
	Conditions []string `json:"conditions,omitempty"`  // 受理条件
	Fee        string   `json:"fee,omitempty"`         // "" : 不收费
	Channel    Channel  `json:"channel,omitempty"`     // "" : both
	Where      string   `json:"where,omitempty"`       // 办理地点
}
