// Package haoban holds the domain types and rules of the Haoban approval
// system: the catalogue (departments, items, bundles), cases, tasks and
// their errors. It depends on the standard library only.
package haoban

import (
	"fmt"
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

// MaterialProvider says who provides a material.
type MaterialProvider string

// Material providers.
const (
	ProvidedByApplicant  MaterialProvider = "applicant"
	ProvidedByDepartment MaterialProvider = "department"
	ProvidedGenerated    MaterialProvider = "generated"
)

// Generated reports whether the material is rendered from the form at
// submission instead of being uploaded.
func (m Material) Generated() bool { return m.Provider == ProvidedGenerated }

// FromApplicant reports whether the applicant provides the material: not
// generated, and not obtained by a department (调取).
func (m Material) FromApplicant() bool {
	return m.Provider == "" || m.Provider == ProvidedByApplicant
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

// ItemType is the kind of power an item exercises.
type ItemType string

// Item types of the 政务服务事项 list.
const (
	ItemLicensing     ItemType = "licensing"      // 行政许可
	ItemConfirmation  ItemType = "confirmation"   // 行政确认
	ItemPayment       ItemType = "payment"        // 行政给付
	ItemPublicService ItemType = "public_service" // 公共服务
	ItemOther         ItemType = "other"          // 其他行政权力
)

// Name is the type in words.
func (t ItemType) Name() string {
	switch t {
	case ItemLicensing:
		return "行政许可"
	case ItemConfirmation:
		return "行政确认"
	case ItemPayment:
		return "行政给付"
	case ItemPublicService:
		return "公共服务"
	}
	return "其他行政权力"
}

// Channel is where an item can be applied for.
type Channel string

// Channels.
const (
	ChannelOnline Channel = "online"
	ChannelWindow Channel = "window"
	ChannelBoth   Channel = "both"
)

// Name is the channel in words.
func (c Channel) Name() string {
	switch c {
	case ChannelOnline:
		return "网上办理"
	case ChannelWindow:
		return "窗口办理"
	}
	return "网上或窗口办理"
}

// Bundle (一件事) is several items across departments with dependencies
// between them, applied for with one form.
type Bundle struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	PromisedDays int    `json:"promised_days"`
	Items        []Item `json:"items"`
	// Version is the catalogue version the bundle was read at; a case
	// keeps the one it was accepted under (0: not versioned yet).
	Version int `json:"version,omitempty"`
	// Lead is the department that leads the bundle (牵头部门).
	Lead string `json:"lead,omitempty"`
	// Stage is the life event or business stage the guide files it under
	// (出生, 入学, 开办企业 …); For is who applies: persons or enterprises.
	Stage string   `json:"stage,omitempty"`
	For   Audience `json:"for,omitempty"`
	// Summary is the guide's one-paragraph description.
	Summary string `json:"summary,omitempty"`
	// Demo marks demo data, which the guide says is not legal advice.
	Demo bool `json:"demo,omitempty"`
}

// Audience is who a bundle serves.
type Audience string

// Audiences.
const (
	ForPersons     Audience = "person"
	ForEnterprises Audience = "enterprise"
)

// Item returns the bundle's item with the given code.
func (b Bundle) Item(code string) (Item, bool) {
	for _, it := range b.Items {
		if it.Code == code {
			return it, true
		}
	}
	return Item{}, false
}

// Departments returns the codes of the departments the bundle involves, in
// item order, each once.
func (b Bundle) Departments() []string {
	var out []string
	for _, it := range b.Items {
		if !slices.Contains(out, it.Department) {
			out = append(out, it.Department)
		}
	}
	return out
}

// Fields returns the bundle's one form: the union of its items' fields,
// each key once, in item order. A field is required if any item requires it.
func (b Bundle) Fields() []Field {
	var out []Field
	index := map[string]int{}
	for _, it := range b.Items {
		for _, f := range it.Fields {
			if i, ok := index[f.Key]; ok {
				out[i].Required = out[i].Required || f.Required
				continue
			}
			index[f.Key] = len(out)
			out = append(out, f)
		}
	}
	return out
}

// Materials returns the bundle's one set of materials: each code once, in
// item order, required if any item requires it.
func (b Bundle) Materials() []Material {
	var out []Material
	index := map[string]int{}
	for _, it := range b.Items {
		for _, m := range it.Materials {
			if i, ok := index[m.Code]; ok {
				out[i].Required = out[i].Required || m.Required
				continue
			}
			index[m.Code] = len(out)
			out = append(out, m)
		}
	}
	return out
}

// Material returns the bundle's material with the given code.
func (b Bundle) Material(code string) (Material, bool) {
	for _, m := range b.Materials() {
		if m.Code == code {
			return m, true
		}
	}
	return Material{}, false
}

// Validate checks that item codes are unique, every dependency names an
// item of the bundle, and the dependencies have no cycle.
func (b Bundle) Validate() error {
	if b.Code == "" || len(b.Items) == 0 {
		return Errorf(EINVALID, "bundle %q has no code or no items", b.Code)
	}
	seen := map[string]bool{}
	for _, it := range b.Items {
		if seen[it.Code] {
			return Errorf(EINVALID, "bundle %s: item %s appears twice", b.Code, it.Code)
		}
		seen[it.Code] = true
		if it.PromisedDays <= 0 || it.LegalDays < it.PromisedDays {
			return Errorf(EINVALID, "bundle %s: item %s needs 0 < promised days <= legal days", b.Code, it.Code)
		}
		for _, p := range it.Reminders {
			if _, _, err := ParseReminder(p); err != nil {
				return err
			}
		}
	}
	for _, it := range b.Items {
		for _, d := range it.DependsOn {
			if !seen[d] {
				return Errorf(EINVALID, "bundle %s: item %s depends on unknown item %s", b.Code, it.Code, d)
			}
		}
	}
	if cycle := b.findCycle(); cycle != "" {
		return Errorf(EINVALID, "bundle %s: dependency cycle through %s", b.Code, cycle)
	}
	return nil
}

// findCycle returns an item on a dependency cycle, or "".
func (b Bundle) findCycle() string {
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var visit func(code string) string
	visit = func(code string) string {
		switch state[code] {
		case visiting:
			return code
		case done:
			return ""
		}
		state[code] = visiting
		it, _ := b.Item(code)
		for _, d := range it.DependsOn {
			if c := visit(d); c != "" {
				return c
			}
		}
		state[code] = done
		return ""
	}
	for _, it := range b.Items {
		if c := visit(it.Code); c != "" {
			return c
		}
	}
	return ""
}

// Dependents returns the codes of the items that depend on code, directly
// or through other items, in item order.
func (b Bundle) Dependents(code string) []string {
	var out []string
	changed := true
	reached := map[string]bool{code: true}
	for changed {
		changed = false
		for _, it := range b.Items {
			if reached[it.Code] {
				continue
			}
			for _, d := range it.DependsOn {
				if reached[d] {
					reached[it.Code] = true
					changed = true
					break
				}
			}
		}
	}
	for _, it := range b.Items {
		if it.Code != code && reached[it.Code] {
			out = append(out, it.Code)
		}
	}
	return out
}

// String names the bundle for logs.
func (b Bundle) String() string { return fmt.Sprintf("%s(%s)", b.Code, b.Name) }
