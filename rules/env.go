package rules

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/parser"
)

// mapOfDyn is the CEL type of form, applicant, sources and materials: maps
// by string key, so that has(form.x) and "premises.area" in form work.
var mapOfDyn = cel.MapType(cel.StringType, cel.DynType)

// newEnv declares the variables and functions rule authors may use.
//
// Functions that need the application (licence_valid, licence_field,
// matches, the one-argument age_on) are late-bound: declared here, checked
// at compile time, and given their implementation per evaluation through
// the activation. That keeps one compiled program per rule version, reused
// across applications, with no hidden variables for the author to misuse.
func newEnv(workingDays WorkingDaysFunc) (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.StdLib(),
		// matches(field, material_field) reads the way reviewers speak, but
		// CEL's standard library owns matches(string, regex) and cel-go
		// will not mix our late binding into it. A macro therefore rewrites
		// every global two-argument call to form_matches_material, which
		// shadows CEL's global regex form; the method s.matches(re) stays.
		cel.Macros(cel.GlobalMacro("matches", 2, expandMatches)),
		cel.Variable("form", mapOfDyn),
		cel.Variable("materials", mapOfDyn),
		cel.Variable("applicant", mapOfDyn),
		cel.Variable("sources", mapOfDyn),
		cel.Variable("licences", cel.ListType(cel.DynType)),
		cel.Variable("today", cel.TimestampType),

		cel.Function("valid_id_number",
			cel.Overload("valid_id_number_string", []*cel.Type{cel.StringType}, cel.BoolType,
				cel.UnaryBinding(validIDNumber))),
		cel.Function("valid_uscc",
			cel.Overload("valid_uscc_string", []*cel.Type{cel.StringType}, cel.BoolType,
				cel.UnaryBinding(validUSCC))),
		cel.Function("date",
			cel.Overload("date_string", []*cel.Type{cel.StringType}, cel.TimestampType,
				cel.UnaryBinding(dateFunc))),
		cel.Function("in_district",
			cel.Overload("in_district_string_string", []*cel.Type{cel.StringType, cel.StringType}, cel.BoolType,
				cel.BinaryBinding(inDistrict))),
		cel.Function("working_days_between",
			cel.Overload("working_days_between_timestamp_timestamp",
				[]*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType,
				cel.BinaryBinding(workingDaysBetween(workingDays))),
			cel.Overload("working_days_between_string_string",
				[]*cel.Type{cel.StringType, cel.StringType}, cel.IntType,
				cel.BinaryBinding(workingDaysBetween(workingDays)))),

		cel.Function("age_on",
			cel.Overload(ageOnIDDate, []*cel.Type{cel.StringType, cel.StringType}, cel.IntType,
				cel.LateFunctionBinding()),
			cel.Overload(ageOnIDTime, []*cel.Type{cel.StringType, cel.TimestampType}, cel.IntType,
				cel.LateFunctionBinding()),
			cel.Overload(ageOnTime, []*cel.Type{cel.TimestampType}, cel.IntType,
				cel.LateFunctionBinding())),
		cel.Function("licence_valid",
			cel.Overload("licence_valid_string", []*cel.Type{cel.StringType}, cel.BoolType,
				cel.LateFunctionBinding())),
		cel.Function("licence_field",
			cel.Overload("licence_field_string_string", []*cel.Type{cel.StringType, cel.StringType}, cel.StringType,
				cel.LateFunctionBinding())),
		cel.Function(matchesFunction,
			cel.Overload("form_matches_material_string_string", []*cel.Type{cel.StringType, cel.StringType}, cel.BoolType,
				cel.LateFunctionBinding())),
	}
	return cel.NewCustomEnv(opts...)
}

// Overload IDs of age_on, which the late binding dispatches on.
const (
	ageOnIDDate = "age_on_string_string"
	ageOnIDTime = "age_on_string_timestamp"
	ageOnTime   = "age_on_timestamp"
)

// matchesFunction is what matches(field, material_field) expands to.
const matchesFunction = "form_matches_material"

// expandMatches rewrites matches(a, b) to form_matches_material(a, b).
func expandMatches(eh parser.ExprHelper, _ ast.Expr, args []ast.Expr) (ast.Expr, *common.Error) {
	return eh.NewCall(matchesFunction, args...), nil
}
