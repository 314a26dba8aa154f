package policies_test

import (
	"testing"

	"haoban"
	"haoban/demo"
	"haoban/policies"
)

// user is the demo user with that ID, or a user with no roles.
func user(id string) haoban.User {
	for _, u := range demo.Users() {
		if u.ID == id {
			return u
		}
	}
	return haoban.User{ID: id, Department: haoban.AnyDepartment}
}

func TestPolicy(t *testing.T) {
	checkPolicies(t, []policyCase{
		{"ApplicantCreatesCase", "li-na", "*", "case", "create", true},
		{"ApplicantReadsOwnCase", "li-na", "*", "case", "read_own", true},
		{"ApplicantReadsBundles", "zhang-wei", "*", "bundle", "read", true},
		{"ReviewerClaimsOwnDepartment", "reviewer-samr", "samr", "task", "claim", true},
		{"ReviewerDecidesOwnDepartment", "reviewer-fire", "fire", "task", "decide", true},
		{"ReviewerReadsCaseOfOwnDepartment", "reviewer-fire", "fire", "case", "read", true},
		{"SupervisorListsTasksAnywhere", "supervisor", "water", "task", "list", true},
		{"SupervisorReadsTaskAnywhere", "supervisor", "samr", "task", "read", true},
		{"ReviewerReadsTaskOwnDepartment", "reviewer-samr", "samr", "task", "read", true},
		{"ErrReviewerOtherDepartmentReadsTask", "reviewer-fire", "samr", "task", "read", false},
		{"ErrApplicantReadsTask", "li-na", "samr", "task", "read", false},
		{"SupervisorReadsCaseAnywhere", "supervisor", "greening", "case", "read", true},
		{"AdminReadsCases", "admin", "samr", "case", "read", true},

		{"ErrApplicantReadsAnyCase", "li-na", "samr", "case", "read", false},
		{"ErrApplicantListsAllCases", "li-na", "*", "case", "list", false},
		{"ErrApplicantDecides", "li-na", "samr", "task", "decide", false},
		{"ErrApplicantClaims", "zhang-wei", "*", "task", "claim", false},
		{"ErrReviewerOtherDepartmentDecides", "reviewer-fire", "samr", "task", "decide", false},
		{"ErrReviewerOtherDepartmentClaims", "reviewer-samr", "fire", "task", "claim", false},
		{"ErrReviewerOtherDepartmentReadsCase", "reviewer-water", "health", "case", "read", false},
		{"ErrReviewerAnyDepartment", "reviewer-samr", "*", "task", "decide", false},
		{"ErrReviewerCreatesCase", "reviewer-samr", "samr", "case", "create", false},
		{"ErrSupervisorDecides", "supervisor", "samr", "task", "decide", false},
		{"ErrAdminDecides", "admin", "samr", "task", "decide", false},
		{"AdminChecksCatalogue", "admin", "*", "catalogue", "check", true},
		{"ErrSupervisorChecksCatalogue", "supervisor", "*", "catalogue", "check", false},
		{"ErrReviewerChecksCatalogue", "reviewer-samr", "samr", "catalogue", "check", false},
		{"ErrAdminImportsCatalogue", "admin", "*", "catalogue", "import", false},
		{"CatalogueAdminImports", "catalogue-admin", "*", "catalogue", "import", true},
		{"CatalogueAdminPublishesPolicy", "catalogue-admin", "*", "policy", "publish", true},
		{"CatalogueAdminEditsPolicy", "catalogue-admin", "*", "policy", "edit", true},
		{"ApplicantChecksPolicies", "zhang-wei", "*", "policy", "check", true},
		{"ErrAdminPublishesPolicy", "admin", "*", "policy", "publish", false},
		{"ErrAdminReadsPolicy", "admin", "*", "policy", "read", false},
		{"ErrApplicantEditsPolicy", "li-na", "*", "policy", "edit", false},
		{"ErrReviewerReadsPolicy", "reviewer-samr", "samr", "policy", "read", false},
		{"ErrSupervisorChecksPolicies", "supervisor", "*", "policy", "check", false},
		{"CatalogueAdminMatchesPolicy", "catalogue-admin", "*", "policy", "match", true},
		{"ErrAdminMatchesPolicy", "admin", "*", "policy", "match", false},
		{"ErrApplicantMatchesPolicy", "zhang-wei", "*", "policy", "match", false},
		{"ErrReviewerMatchesPolicy", "reviewer-samr", "samr", "policy", "match", false},
		{"CatalogueAdminWithdrawsPolicy", "catalogue-admin", "*", "policy", "withdraw", true},
		{"ErrApplicantWithdrawsPolicy", "zhang-wei", "*", "policy", "withdraw", false},
		{"ErrReviewerWithdrawsPolicy", "reviewer-samr", "samr", "policy", "withdraw", false},
		{"ErrEditorWithdrawsPolicy", "editor-samr", "samr", "policy", "withdraw", false},
		{"ErrAdminWithdrawsPolicy", "admin", "*", "policy", "withdraw", false},
		{"ErrEditorEditsPolicy", "editor-samr", "samr", "policy", "edit", false},
		{"CatalogueAdminPublishes", "catalogue-admin", "*", "catalogue", "publish", true},
		{"CatalogueAdminWithdraws", "catalogue-admin", "*", "catalogue", "withdraw", true},
		{"CatalogueAdminEditsAnyDepartment", "catalogue-admin", "fire", "catalogue", "edit", true},
		{"CatalogueAdminEditsTheBundle", "catalogue-admin", "*", "catalogue", "edit_bundle", true},
		{"EditorEditsOwnDepartment", "editor-samr", "samr", "catalogue", "edit", true},
		{"EditorReadsCatalogue", "editor-samr", "samr", "catalogue", "read", true},
		{"ErrEditorEditsOtherDepartment", "editor-samr", "fire", "catalogue", "edit", false},
		{"ErrEditorEditsTheBundle", "editor-samr", "*", "catalogue", "edit_bundle", false},
		{"ErrEditorPublishes", "editor-samr", "samr", "catalogue", "publish", false},
		{"ErrEditorWithdraws", "editor-fire", "fire", "catalogue", "withdraw", false},
		{"ErrAdminPublishes", "admin", "*", "catalogue", "publish", false},
		{"ErrAdminEditsCatalogue", "admin", "samr", "catalogue", "edit", false},
		{"ErrReviewerEditsCatalogue", "reviewer-samr", "samr", "catalogue", "edit", false},
		{"ErrApplicantReadsCatalogueVersions", "li-na", "*", "catalogue", "read", false},
		{"ErrSupervisorImportsCatalogue", "supervisor", "*", "catalogue", "import", false},
		{"ApplicantWithdraws", "li-na", "*", "case", "withdraw", true},
		{"ApplicantSupplements", "li-na", "*", "case", "supplement", true},
		{"ApplicantUploads", "zhang-wei", "*", "material", "upload", true},
		{"SupervisorReassigns", "supervisor", "fire", "task", "reassign", true},
		{"ReviewerReleasesOwnDepartment", "reviewer-fire", "fire", "task", "release", true},
		{"ReviewerCommentsOwnDepartment", "reviewer-samr", "samr", "task", "comment", true},
		{"ReviewerReadsAuditOwnDepartment", "reviewer-samr", "samr", "audit", "read", true},
		{"AdminReadsAudit", "admin", "water", "audit", "read", true},

		{"ErrReviewerReassigns", "reviewer-samr", "samr", "task", "reassign", false},
		{"ErrReviewerReleasesOtherDepartment", "reviewer-samr", "fire", "task", "release", false},
		{"ErrApplicantComments", "li-na", "samr", "task", "comment", false},
		{"ErrApplicantReadsAudit", "li-na", "*", "audit", "read", false},
		{"ErrReviewerReadsAuditOtherDepartment", "reviewer-fire", "samr", "audit", "read", false},
		{"ErrReviewerWithdraws", "reviewer-samr", "samr", "case", "withdraw", false},
		{"ErrSupervisorUploads", "supervisor", "*", "material", "upload", false},
		{"AdminLoadsCalendar", "admin", "*", "calendar", "write", true},
		{"SupervisorReadsCalendar", "supervisor", "*", "calendar", "read", true},
		{"ErrSupervisorLoadsCalendar", "supervisor", "*", "calendar", "write", false},
		{"ErrReviewerLoadsCalendar", "reviewer-samr", "samr", "calendar", "write", false},
		{"AdminRegistersSource", "admin", "*", "source", "write", true},
		{"AdminWritesRule", "admin", "*", "rule", "write", true},
		{"ApplicantReadsOwnLicences", "zhang-wei", "*", "licence", "read_own", true},
		{"ErrApplicantReadsAnyLicence", "zhang-wei", "*", "licence", "read", false},
		{"AdminRevokesLicence", "admin", "*", "licence", "revoke", true},
		{"ErrSupervisorRevokesLicence", "supervisor", "*", "licence", "revoke", false},
		{"ErrReviewerRevokesLicence", "reviewer-samr", "samr", "licence", "revoke", false},
		{"ReviewerReadsRules", "reviewer-samr", "samr", "rule", "read", true},
		{"ErrReviewerWritesRule", "reviewer-samr", "samr", "rule", "write", false},
		{"ErrSupervisorWritesRule", "supervisor", "*", "rule", "write", false},
		{"ErrApplicantReadsRules", "zhang-wei", "*", "rule", "read", false},
		{"ErrSupervisorRegistersSource", "supervisor", "*", "source", "write", false},
		{"ErrApplicantRegistersSource", "zhang-wei", "*", "source", "write", false},
		{"SupervisorExtends", "supervisor", "samr", "task", "extend", true},
		{"SupervisorSuspends", "supervisor", "fire", "task", "suspend", true},
		{"SupervisorReadsBoard", "supervisor", "*", "supervision", "read", true},
		{"ReviewerReadsNotifications", "reviewer-fire", "fire", "notification", "read", true},
		{"ErrReviewerExtends", "reviewer-samr", "samr", "task", "extend", false},
		{"ErrReviewerSuspends", "reviewer-samr", "samr", "task", "suspend", false},
		{"ErrReviewerReadsBoard", "reviewer-samr", "samr", "supervision", "read", false},
		{"ErrApplicantReminds", "li-na", "*", "task", "remind", false},
		{"ErrUnknownUser", "mallory", "*", "bundle", "read", false},
		{"ErrUnknownAction", "admin", "*", "case", "delete", false},
		{"AdminDisablesUsers", "admin", "*", "user", "write", true},
		{"ErrSupervisorDisablesUsers", "supervisor", "*", "user", "write", false},
		{"ApplicantSignsOut", "li-na", "*", "session", "end", true},
		{"ReviewerSignsOut", "reviewer-fire", "fire", "session", "end", true},
		{"ApplicantReadsOwnBenefits", "li-na", "*", "benefit", "read_own", true},
		{"ApplicantAnswersBenefit", "li-na", "*", "benefit", "answer", true},
		{"ApplicantObjects", "zhang-wei", "*", "benefit", "object", true},
		{"ReviewerObjectsInOwnDepartment", "reviewer-fire", "fire", "benefit", "object", true},
		{"SupervisorObjects", "supervisor", "*", "benefit", "object", true},
		{"AdminObjects", "admin", "*", "benefit", "object", true},
		{"CatalogueAdminObjects", "catalogue-admin", "*", "benefit", "object", true},
		{"EditorObjects", "editor-samr", "samr", "benefit", "object", true},
		{"ReviewerReadsBenefitOwnDepartment", "reviewer-health", "health", "benefit", "read", true},
		{"ReviewerDecidesBenefitOwnDepartment", "reviewer-health", "health", "benefit", "decide", true},
		{"SupervisorReadsBenefitAnywhere", "supervisor", "hrss", "benefit", "read", true},
		{"CatalogueAdminReadsBenefit", "catalogue-admin", "health", "benefit", "read", true},
		{"CatalogueAdminCorrectsBenefit", "catalogue-admin", "*", "benefit", "correct", true},
		{"CatalogueAdminReconciles", "catalogue-admin", "*", "benefit", "reconcile", true},
		{"ErrApplicantReadsAnyBenefit", "li-na", "health", "benefit", "read", false},
		{"ErrApplicantDecidesBenefit", "li-na", "health", "benefit", "decide", false},
		{"ErrApplicantCorrectsBenefit", "zhang-wei", "*", "benefit", "correct", false},
		{"ErrReviewerOtherDepartmentDecidesBenefit", "reviewer-fire", "health", "benefit", "decide", false},
		{"ErrReviewerOtherDepartmentReadsBenefit", "reviewer-fire", "health", "benefit", "read", false},
		{"ErrReviewerAnswersBenefit", "reviewer-health", "health", "benefit", "answer", false},
		{"ErrReviewerReadsOwnBenefits", "reviewer-health", "health", "benefit", "read_own", false},
		{"ErrReviewerCorrectsBenefit", "reviewer-health", "health", "benefit", "correct", false},
		{"ErrSupervisorDecidesBenefit", "supervisor", "health", "benefit", "decide", false},
		{"ErrSupervisorCorrectsBenefit", "supervisor", "*", "benefit", "correct", false},
		{"ErrAdminReadsBenefit", "admin", "health", "benefit", "read", false},
		{"ErrAdminCorrectsBenefit", "admin", "*", "benefit", "correct", false},
		{"ErrAdminReconciles", "admin", "*", "benefit", "reconcile", false},
		{"ErrCatalogueAdminDecidesBenefit", "catalogue-admin", "health", "benefit", "decide", false},
		{"ErrCatalogueAdminAnswersBenefit", "catalogue-admin", "*", "benefit", "answer", false},
		{"ErrEditorReadsBenefit", "editor-samr", "samr", "benefit", "read", false},
		{"ErrUnknownUserObjects", "mallory", "*", "benefit", "object", false},
		// Human help (issue 18): whose conversation and which skills are checked in Go.
		{"ApplicantAsksHelp", "zhang-wei", "*", "help", "ask", true},
		{"HelperAnswers", "helper-samr", "*", "help", "answer", true},
		{"HelperReadsAlerts", "helper-health", "*", "notification", "read", true},
		{"SupervisorWatchesHelp", "supervisor", "*", "help", "supervise", true},
		{"ErrApplicantAnswersHelp", "zhang-wei", "*", "help", "answer", false},
		{"ErrHelperAsksHelp", "helper-samr", "*", "help", "ask", false},
		{"ErrHelperWatchesBoard", "helper-centre", "*", "help", "supervise", false},
		{"ErrReviewerAnswersHelp", "reviewer-samr", "samr", "help", "answer", false},
		{"AdminSetsHelperSkills", "admin", "*", "help", "staff", true},
		{"ErrHelperSetsSkills", "helper-centre", "*", "help", "staff", false},
		{"ErrSupervisorSetsSkills", "supervisor", "*", "help", "staff", false},
	})
}

// The record as read for each request decides: a role removed, a
// department changed or the user disabled takes effect at once, though
// the enforcer cached the permit before.
func TestChangedUserTakesEffectAtOnce(t *testing.T) {
	en, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	u := user("reviewer-samr")
	allow := func(u haoban.User, dept string) bool {
		t.Helper()
		ok, err := en.Allow(u, dept, "task", "decide")
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !allow(u, "samr") {
		t.Fatal("reviewer-samr should decide samr tasks before the change")
	}
	removed := u
	removed.Roles = nil
	if allow(removed, "samr") {
		t.Fatal("a reviewer whose role was removed still decides: the cache kept a stale permit")
	}
	moved := u
	moved.Department = "fire"
	if allow(moved, "samr") || !allow(moved, "fire") {
		t.Fatal("a reviewer moved to fire should decide fire's tasks and no longer samr's")
	}
	disabled := u
	disabled.Disabled = true
	if allow(disabled, "samr") {
		t.Fatal("a disabled reviewer still decides")
	}
	if !allow(u, "samr") {
		t.Fatal("restored, the reviewer decides again")
	}
}

// policyCase is one question to the policy and the answer it must give.
type policyCase struct {
	name               string
	sub, dom, obj, act string
	want               bool
}

// checkPolicies asks the policy each question, as the users the demo
// data defines.
func checkPolicies(t *testing.T, cases []policyCase) {
	t.Helper()
	en, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := en.Allow(user(tc.sub), tc.dom, tc.obj, tc.act)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("Allow(%s, %s, %s, %s) = %v, want %v", tc.sub, tc.dom, tc.obj, tc.act, got, tc.want)
			}
		})
	}
}
