package policies_test

import "testing"

// TestWindowPolicy: 窗口代办 (issue 19). A clerk uses the counter's pages
// and nothing of an applicant's or a reviewer's; an applicant cannot act
// at a counter.
func TestWindowPolicy(t *testing.T) {
	checkPolicies(t, []policyCase{
		{"ClerkIdentifies", "clerk-1", "*", "window", "identify", true},
		{"ClerkFillsDraft", "clerk-1", "*", "window", "draft", true},
		{"ClerkSubmits", "clerk-2", "*", "window", "submit", true},
		{"ErrClerkReadsOwnCases", "clerk-1", "*", "case", "read_own", false},
		{"ErrClerkListsCases", "clerk-1", "*", "case", "list_own", false},
		{"ErrClerkReadsAnyCase", "clerk-1", "samr", "case", "read", false},
		{"ErrClerkWritesApplicantDrafts", "clerk-1", "*", "draft", "write", false},
		{"ErrClerkUploadsAsApplicant", "clerk-1", "*", "material", "upload", false},
		{"ErrClerkCreatesCase", "clerk-1", "*", "case", "create", false},
		{"ErrClerkDecides", "clerk-1", "samr", "task", "decide", false},
		{"ErrApplicantIdentifies", "zhang-wei", "*", "window", "identify", false},
		{"ErrApplicantSubmitsAtWindow", "zhang-wei", "*", "window", "submit", false},
		{"ErrApplicantFillsWindowDraft", "li-na", "*", "window", "draft", false},
		{"ErrReviewerSubmitsAtWindow", "reviewer-samr", "samr", "window", "submit", false},
		{"ErrHelperSubmitsAtWindow", "helper-centre", "*", "window", "submit", false},
	})
}
