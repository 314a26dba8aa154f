package policies_test

import "testing"

// TestKnowledgeTaskAndLeaderPolicy: the knowledge tasks are their
// department's (the catalogue admin's everywhere, the centre's included);
// the leaders' sessions are recorded by leaders and read by supervisors
// and admins.
func TestKnowledgeTaskAndLeaderPolicy(t *testing.T) {
	checkPolicies(t, []policyCase{
		{"ReviewerClosesOwnDepartment", "reviewer-samr", "samr", "knowledge_task", "close", true},
		{"EditorClosesOwnDepartment", "editor-samr", "samr", "knowledge_task", "close", true},
		{"CatalogueAdminClosesCentre", "catalogue-admin", "centre", "knowledge_task", "close", true},
		{"SupervisorReadsAll", "supervisor", "*", "knowledge_task", "read", true},
		{"ErrReviewerOtherDepartmentReads", "reviewer-fire", "samr", "knowledge_task", "read", false},
		{"ErrEditorOtherDepartmentCloses", "editor-fire", "samr", "knowledge_task", "close", false},
		{"ErrReviewerClosesCentre", "reviewer-samr", "centre", "knowledge_task", "close", false},
		{"ErrSupervisorCloses", "supervisor", "samr", "knowledge_task", "close", false},
		{"ErrApplicantReads", "li-na", "*", "knowledge_task", "read", false},
		{"LeaderRecords", "leader-samr", "samr", "leader_session", "record", true},
		{"LeaderReadsOwnDepartment", "leader-health", "health", "leader_session", "read", true},
		{"SupervisorReadsLeaders", "supervisor", "*", "leader_session", "read", true},
		{"AdminReadsLeaders", "admin", "*", "leader_session", "read", true},
		{"ErrLeaderReadsAll", "leader-samr", "*", "leader_session", "read", false},
		{"ErrReviewerRecords", "reviewer-samr", "samr", "leader_session", "record", false},
		{"ErrApplicantReadsLeaders", "zhang-wei", "*", "leader_session", "read", false},
		{"ErrSupervisorRecords", "supervisor", "*", "leader_session", "record", false},
	})
}
