package policies_test

import "testing"

// TestScreenAndHotlinePolicy: 同屏 and the 12345 hand-off (issue 18). A
// helper views and highlights a shared draft but holds no draft or
// material right; only 12345's account submits tickets; a helper connects.
func TestScreenAndHotlinePolicy(t *testing.T) {
	checkPolicies(t, []policyCase{
		{"ApplicantConsents", "zhang-wei", "*", "screen", "consent", true},
		{"HelperViews", "helper-health", "*", "screen", "view", true},
		{"HelperHighlights", "helper-health", "health", "screen", "highlight", true},
		{"ErrHelperConsents", "helper-health", "*", "screen", "consent", false},
		{"ErrHelperWritesDraft", "helper-health", "*", "draft", "write", false},
		{"ErrHelperWritesDraftInDepartment", "helper-samr", "samr", "draft", "write", false},
		{"ErrHelperUploads", "helper-health", "*", "material", "upload", false},
		{"ErrApplicantViewsScreen", "li-na", "*", "screen", "view", false},
		{"ErrReviewerViewsScreen", "reviewer-health", "health", "screen", "view", false},
		{"HotlineSubmits", "hotline-12345", "*", "hotline", "submit", true},
		{"HotlineReadsRate", "hotline-12345", "*", "hotline", "read", true},
		{"HelperConnects", "helper-samr", "*", "hotline", "connect", true},
		{"SupervisorReadsRate", "supervisor", "*", "hotline", "read", true},
		{"ErrApplicantSubmits", "zhang-wei", "*", "hotline", "submit", false},
		{"ErrHelperSubmits", "helper-samr", "*", "hotline", "submit", false},
		{"ErrHotlineConnects", "hotline-12345", "*", "hotline", "connect", false},
		{"ErrApplicantReadsRate", "zhang-wei", "*", "hotline", "read", false},
		{"ErrHotlineWritesDraft", "hotline-12345", "*", "draft", "write", false},
	})
}
