// Package prefill fills a bundle's one form from registered data sources
// (数源目录), recording for each value where it came from.
package prefill

import (
	"context"
	"fmt"
	"slices"
	"time"

	"haoban"
)

// Value is a prefilled value and its provenance.
type Value struct {
	Value  any       `json:"value"`
	Source string    `json:"source"`
	AsOf   time.Time `json:"as_of"`
}

// Source fills what it knows of the applicant's fields. A real registry's
// API can stand behind one without the callers changing.
type Source interface {
	// Code names the source in the catalogue and in provenance.
	Code() string
	// Fill returns values for the keys it can fill.
	Fill(ctx context.Context, applicant haoban.User) (map[string]Value, error)
}

// FormField is one field of the form as the applicant sees it.
type FormField struct {
	haoban.Field
	Value  any       `json:"value,omitempty"`
	Source string    `json:"source,omitempty"` // empty: the applicant fills it
	AsOf   time.Time `json:"as_of,omitzero"`
	ToFill bool      `json:"to_fill"`
}

// Form fills a bundle's fields from the sources, in order: the first
// source that knows a key wins.
func Form(ctx context.Context, b haoban.Bundle, applicant haoban.User, sources []Source) ([]FormField, error) {
	known, err := Values(ctx, applicant, sources)
	if err != nil {
		return nil, err
	}
	return Fields(b, known), nil
}

// Values is what the sources know of the applicant, by canonical key: the
// first source that knows a key wins.
func Values(ctx context.Context, applicant haoban.User, sources []Source) (map[string]Value, error) {
	known := map[string]Value{}
	for _, src := range sources {
		values, err := src.Fill(ctx, applicant)
		if err != nil {
			return nil, fmt.Errorf("prefill from %s: %w", src.Code(), err)
		}
		for k, v := range values {
			if _, ok := known[k]; !ok && v.Value != nil && v.Value != "" {
				known[k] = v
			}
		}
	}
	return known, nil
}

// Fields lays known values over a bundle's form, marking the rest to fill.
func Fields(b haoban.Bundle, known map[string]Value) []FormField {
	var out []FormField
	for _, f := range b.Fields() {
		field := FormField{Field: f, ToFill: true}
		if v, ok := known[f.Key]; ok {
			field.Value, field.Source, field.AsOf, field.ToFill = v.Value, v.Source, v.AsOf, false
		}
		out = append(out, field)
	}
	return out
}

// Ratio is the share of fields filled from sources.
func Ratio(fields []FormField) float64 {
	if len(fields) == 0 {
		return 0
	}
	n := 0
	for _, f := range fields {
		if !f.ToFill {
			n++
		}
	}
	return float64(n) / float64(len(fields))
}

// Override is a prefilled value the applicant changed.
type Override struct {
	Key       string `json:"key"`
	Source    string `json:"source"`
	Prefilled any    `json:"prefilled"`
	Submitted any    `json:"submitted"`
}

// Record is what a submission kept of the prefill: where each kept value
// came from, what the applicant overrode, and the prefill ratio (fields
// filled from sources and not overridden ÷ all fields of the form).
type Record struct {
	Sources   map[string]string `json:"sources"` // key → source, for values kept as prefilled
	Overrides []Override        `json:"overrides"`
	Ratio     float64           `json:"ratio"`
}

// Compare measures a submitted form against what was prefilled.
func Compare(fields []FormField, submitted map[string]any) Record {
	rec := Record{Sources: map[string]string{}, Overrides: []Override{}}
	if len(fields) == 0 {
		return rec
	}
	kept := 0
	for _, f := range fields {
		if f.ToFill {
			continue
		}
		v, ok := submitted[f.Key]
		switch {
		case !ok:
			// Left out of the submission: not counted as prefilled.
		case fmt.Sprint(v) != fmt.Sprint(f.Value):
			rec.Overrides = append(rec.Overrides, Override{Key: f.Key, Source: f.Source, Prefilled: f.Value, Submitted: v})
		default:
			rec.Sources[f.Key] = f.Source
			kept++
		}
	}
	rec.Ratio = float64(kept) / float64(len(fields))
	return rec
}

// Change is a value whose source changed after the applicant was shown it.
type Change struct {
	Key     string    `json:"key"`
	Source  string    `json:"source"`
	Shown   any       `json:"shown"`
	Current any       `json:"current"` // nil: the source no longer has it
	AsOf    time.Time `json:"as_of,omitzero"`
}

// Changes compares the values a submission kept as prefilled with what the
// sources say now.
func Changes(rec Record, form map[string]any, now map[string]Value) []Change {
	keys := make([]string, 0, len(rec.Sources))
	for k := range rec.Sources {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := []Change{}
	for _, k := range keys {
		cur, ok := now[k]
		if ok && fmt.Sprint(cur.Value) == fmt.Sprint(form[k]) {
			continue
		}
		c := Change{Key: k, Source: rec.Sources[k], Shown: form[k]}
		if ok {
			c.Current, c.AsOf = cur.Value, cur.AsOf
		}
		out = append(out, c)
	}
	return out
}
