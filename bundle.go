package haoban

import (
	"fmt"
	"slices"
)

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
