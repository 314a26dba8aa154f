package policies_test

import "testing"

// TestOperationsPolicy: the "799" dashboard and the evaluation are the
// supervisors' and admins'; only admins publish the weights.
func TestOperationsPolicy(t *testing.T) {
	checkPolicies(t, []policyCase{
		{"SupervisorReads", "supervisor", "*", "operations", "read", true},
		{"AdminReads", "admin", "*", "operations", "read", true},
		{"AdminWeighs", "admin", "*", "operations", "weigh", true},
		{"ErrSupervisorWeighs", "supervisor", "*", "operations", "weigh", false},
		{"ErrReviewerReads", "reviewer-samr", "samr", "operations", "read", false},
		{"ErrApplicantReads", "zhang-wei", "*", "operations", "read", false},
		{"ErrHelperReads", "helper-samr", "*", "operations", "read", false},
		{"ErrLeaderReads", "leader-samr", "samr", "operations", "read", false},
		{"ErrCatalogueAdminWeighs", "catalogue-admin", "*", "operations", "weigh", false},
	})
}
