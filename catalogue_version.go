package haoban

import (
	"encoding/json"
	"fmt"
	"time"
)

// VersionState is where a catalogue version stands.
type VersionState string

// Version states. A published version is in force from its effective
// date until a later published one takes effect.
const (
	VersionDraft     VersionState = "draft"
	VersionPublished VersionState = "published"
	VersionWithdrawn VersionState = "withdrawn"
)

// CatalogueVersion is one version of a bundle and its items. Editing makes
// a draft; publishing fixes it and makes it effective from a date; a
// published version may be withdrawn until that date comes.
type CatalogueVersion struct {
	Bundle        string       `json:"bundle"`
	Version       int          `json:"version"`
	State         VersionState `json:"state"`
	Body          Bundle       `json:"body"`
	EffectiveFrom time.Time    `json:"effective_from,omitzero"`
	// Changes is what publishing changed against the version in force at
	// the time (its diff), kept for the history.
	Changes     []Change  `json:"changes,omitempty"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	PublishedBy string    `json:"published_by,omitempty"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	WithdrawnBy string    `json:"withdrawn_by,omitempty"`
	WithdrawnAt time.Time `json:"withdrawn_at,omitzero"`
}

// Change is one difference between two versions, at a path such as
// "items[food-licence].promised_days". Before is empty for an addition,
// After for a removal.
type Change struct {
	Path   string `json:"path"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// Status says where a version stands at now, in words: 草稿, 待生效,
// 现行, 已被取代 or 已撤回. inForce is the number of the version in force.
func (v CatalogueVersion) Status(now time.Time, inForce int) string {
	return versionStatus(v.State, v.EffectiveFrom, v.Version, inForce, now)
}

// versionStatus words where a version stands, catalogue's or policy's.
func versionStatus(state VersionState, effective time.Time, version, inForce int, now time.Time) string {
	switch {
	case state == VersionDraft:
		return "草稿"
	case state == VersionWithdrawn:
		return "已撤回"
	case effective.After(now):
		return "待生效"
	case version == inForce:
		return "现行"
	}
	return "已被取代"
}

// Withdrawable reports whether a published version may still be withdrawn:
// only before it takes effect, since cases may be running under it after.
func (v CatalogueVersion) Withdrawable(now time.Time) bool {
	return v.State == VersionPublished && v.EffectiveFrom.After(now)
}

// Canonical is the bundle's JSON with nulls and empty lists dropped and
// object keys sorted, so a file that writes `[]` and a store that reads
// back nothing compare equal.
func (b Bundle) Canonical() string {
	raw, err := json.Marshal(b)
	if err != nil {
		return fmt.Sprint(b)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	out, _ := json.Marshal(dropEmpty(v))
	return string(out)
}

func dropEmpty(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			e = dropEmpty(e)
			if l, ok := e.([]any); e == nil || e == false || e == "" || (ok && len(l) == 0) {
				delete(t, k)
				continue
			}
			t[k] = e
		}
	case []any:
		for i, e := range t {
			t[i] = dropEmpty(e)
		}
	}
	return v
}
