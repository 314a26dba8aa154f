package rules

import (
	"time"
)

// Input is everything a rule may look at for one application.
type Input struct {
	// Form is the application form by canonical key ("enterprise.uscc",
	// "premises.area"); values are string, float64, bool or []any, as
	// decoded from JSON.
	Form map[string]any
	// Materials are keyed by material code. List every material the items
	// ask for, absent ones with Present false: a rule reading a material
	// that is not listed at all counts as not applicable.
	Materials map[string]Material
	// Applicant is who applies: id_number, name, uscc…
	Applicant map[string]any
	// Sources are registry values by canonical key, as prefill found them.
	Sources map[string]any
	// Licences are the licences the applicant holds, in any status.
	Licences []Licence
	// Today is the evaluation date in Beijing. The package never reads the
	// clock, so that a workflow replaying an evaluation gets the same report.
	Today time.Time
}

// Material is what the review knows of one material of the application.
type Material struct {
	Code string
	// Present is true when the applicant uploaded it.
	Present bool
	// Exempted is true when an e-licence satisfies it (免于提交).
	Exempted bool
	// Fields are values read from the scan by OCR: "id_number", "name",
	// "uscc"…
	Fields map[string]string
}

// Licence is a licence or certificate the applicant holds.
type Licence struct {
	Type   string
	Number string
	Holder string
	// HolderName is the holder's name: a form naming an enterprise reads
	// that enterprise's licence, not another the applicant represents.
	HolderName string
	// Status is "valid", "superseded", "revoked" or "expired".
	Status    string
	ValidFrom time.Time
	ValidTo   time.Time // zero: no expiry
	Fields    map[string]string
}

// Licence statuses that matter to the rules.
const licenceValid = "valid"

// inForceOn reports whether the licence is valid on day's date: status
// valid and ValidFrom <= day < ValidTo. Dates are compared, as on the
// licence itself.
func (l Licence) inForceOn(day time.Time) bool {
	if l.Status != licenceValid {
		return false
	}
	d := dateOf(day)
	if d.Before(dateOf(l.ValidFrom)) {
		return false
	}
	return l.ValidTo.IsZero() || d.Before(dateOf(l.ValidTo))
}

// vars is the input as CEL variables. It is built once per Evaluate and
// shared by every rule, so the conversion is paid once per application.
func (in Input) vars() map[string]any {
	materials := make(map[string]any, len(in.Materials))
	for code, m := range in.Materials {
		materials[code] = map[string]any{
			"present":  m.Present,
			"exempted": m.Exempted,
			"fields":   orEmpty(m.Fields),
		}
	}
	licences := make([]any, 0, len(in.Licences))
	for _, l := range in.Licences {
		v := map[string]any{
			"type":       l.Type,
			"number":     l.Number,
			"holder":     l.Holder,
			"status":     l.Status,
			"valid_from": l.ValidFrom,
			"fields":     orEmpty(l.Fields),
		}
		// An open-ended licence has no valid_to, so that has(l.valid_to)
		// tells the two apart instead of a year-1 timestamp.
		if !l.ValidTo.IsZero() {
			v["valid_to"] = l.ValidTo
		}
		licences = append(licences, v)
	}
	return map[string]any{
		"form":      orEmptyAny(in.Form),
		"materials": materials,
		"applicant": orEmptyAny(in.Applicant),
		"sources":   orEmptyAny(in.Sources),
		"licences":  licences,
		"today":     dateOf(in.Today), // a date: rules compare days, not hours
	}
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func orEmptyAny(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
