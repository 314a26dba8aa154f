package policies_test

import "testing"

// TestObstaclePolicy: 办不成事 reports are handled by their department's
// reviewers, and the service centre's by supervisors only; supervisors
// and admins read them all; applicants file and read their own.
func TestObstaclePolicy(t *testing.T) {
	checkPolicies(t, []policyCase{
		{"ApplicantFiles", "li-na", "*", "obstacle", "file", true},
		{"ApplicantReadsOwn", "li-na", "*", "obstacle", "read_own", true},
		{"ReviewerHandlesOwnDepartment", "reviewer-samr", "samr", "obstacle", "handle", true},
		{"ReviewerReadsOwnDepartment", "reviewer-samr", "samr", "obstacle", "read", true},
		{"SupervisorHandlesCentre", "supervisor", "centre", "obstacle", "handle", true},
		{"SupervisorReadsAll", "supervisor", "*", "obstacle", "read", true},
		{"AdminReadsAll", "admin", "*", "obstacle", "read", true},
		{"ErrApplicantReadsAll", "li-na", "*", "obstacle", "read", false},
		{"ErrApplicantHandles", "li-na", "samr", "obstacle", "handle", false},
		{"ErrReviewerOtherDepartmentHandles", "reviewer-fire", "samr", "obstacle", "handle", false},
		{"ErrReviewerOtherDepartmentReads", "reviewer-fire", "samr", "obstacle", "read", false},
		{"ErrReviewerHandlesCentre", "reviewer-samr", "centre", "obstacle", "handle", false},
		{"ErrSupervisorHandlesDepartment", "supervisor", "samr", "obstacle", "handle", false},
		{"ErrAdminHandles", "admin", "samr", "obstacle", "handle", false},
	})
}
