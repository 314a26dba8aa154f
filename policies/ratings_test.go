package policies_test

import "testing"

// TestRatingPolicy: applicants rate; a department's reviewers act on its
// rectifications and appeal its ratings; only supervisors decide appeals.
func TestRatingPolicy(t *testing.T) {
	checkPolicies(t, []policyCase{
		{"ApplicantRates", "li-na", "*", "rating", "give", true},
		{"ApplicantReadsOwnRating", "zhang-wei", "*", "rating", "read_own", true},
		{"ReviewerActsOwnDepartment", "reviewer-samr", "samr", "rectification", "act", true},
		{"ReviewerAppealsOwnDepartment", "reviewer-samr", "samr", "rating_appeal", "file", true},
		{"SupervisorReadsAll", "supervisor", "samr", "rectification", "read", true},
		{"SupervisorDecidesAppeal", "supervisor", "samr", "rating_appeal", "decide", true},
		{"AdminReads", "admin", "samr", "rectification", "read", true},
		{"AdminActsForCentre", "admin", "centre", "rectification", "act", true},
		{"ErrReviewerOtherDepartmentActs", "reviewer-fire", "samr", "rectification", "act", false},
		{"ErrReviewerOtherDepartmentReads", "reviewer-fire", "samr", "rectification", "read", false},
		{"ErrReviewerOtherDepartmentAppeals", "reviewer-fire", "samr", "rating_appeal", "file", false},
		{"ErrReviewerDecidesAppeal", "reviewer-samr", "samr", "rating_appeal", "decide", false},
		{"ErrReviewerActsCentre", "reviewer-samr", "centre", "rectification", "act", false},
		{"ErrSupervisorActs", "supervisor", "samr", "rectification", "act", false},
		{"ErrSupervisorAppeals", "supervisor", "samr", "rating_appeal", "file", false},
		{"ErrAdminDecidesAppeal", "admin", "samr", "rating_appeal", "decide", false},
		{"ErrReviewerRates", "reviewer-samr", "*", "rating", "give", false},
		{"ErrApplicantReadsRectifications", "li-na", "*", "rectification", "read", false},
		{"ErrApplicantActs", "li-na", "samr", "rectification", "act", false},
	})
}
