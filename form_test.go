package haoban_test

import (
	"testing"

	"haoban"
)

// TestOnlyTheApplicantsMaterialsAreMissing: a required material the
// system generates or a department obtains is never asked of the
// applicant; one they provide is.
func TestOnlyTheApplicantsMaterialsAreMissing(t *testing.T) {
	b := haoban.Bundle{Code: "b", Items: []haoban.Item{{Code: "i", Materials: []haoban.Material{
		{Code: "form", Name: "申请书", Required: true, Provider: haoban.ProvidedGenerated},
		{Code: "deed", Name: "不动产权信息", Required: true, Provider: haoban.ProvidedByDepartment},
		{Code: "lease", Name: "租赁合同", Required: true},
		{Code: "photo", Name: "照片", Required: true, Provider: haoban.ProvidedByApplicant},
	}}}}
	details := haoban.ErrorDetails(b.ValidateSubmission(map[string]any{}, nil))
	var fields []string
	for _, d := range details {
		fields = append(fields, d.Field)
	}
	if len(fields) != 2 || fields[0] != "materials.lease" || fields[1] != "materials.photo" {
		t.Fatalf("missing = %v, want the lease and the photo only", fields)
	}
}
