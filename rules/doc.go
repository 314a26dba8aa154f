// Package rules checks an application against review points (审查要点):
// each point is a CEL expression, true when the application passes. The
// package is pure: no clock, no I/O, no calendar of its own, so a workflow
// may call it directly.
//
// # Variables
//
//	form       map(string, dyn)  the form by canonical key: form["premises.area"]
//	materials  map(string, dyn)  by material code: {present, exempted, fields}
//	applicant  map(string, dyn)  id_number, name, uscc…
//	sources    map(string, dyn)  registry values by canonical key
//	licences   list(dyn)         {type, number, holder, status, valid_from, valid_to, fields};
//	                             an open-ended licence has no valid_to
//	today      timestamp         the evaluation date, at midnight in Beijing
//
// Form numbers are doubles, as JSON decodes them: comparisons with an int
// work (form["venue.exits"] >= 2), arithmetic needs a double
// (form["venue.exits"] + 1.0).
//
// A rule that reads a key the input lacks is not applicable rather than
// failed, so a rule about an optional case needs no guard; when absence
// itself must fail, say so: "food.staff" in form, has(materials.layout).
// has() needs a key that is an identifier; use "k" in m for dotted keys
// and codes with hyphens.
//
// # Functions
//
//	valid_id_number(s) bool           GB 11643 check digit, as the form checks it
//	valid_uscc(s) bool                GB 32100 check character
//	age_on(id_number, date) int       whole years on date ("2026-01-31" or a timestamp)
//	age_on(date) int                  the same for form["person.id_number"]
//	date(s) timestamp                 "2026-01-31" at midnight in Beijing
//	working_days_between(from, to) int  working days after from up to and including to
//	in_district(address, code) bool   the Shanghai district (310115 浦东新区…) the address names first
//	licence_valid(type) bool          a licence of that type valid today
//	licence_field(type, key) string   that licence's field, "" without one
//	matches(field, "material.key") bool  the form's field equals what OCR read from the material
//
// Compare scans with matches: a field OCR could not read makes matches
// false, where materials["m"].fields.k would make the rule not applicable.
// The regular-expression matches of CEL remains available as s.matches(re).
package rules
