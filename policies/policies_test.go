package policies_test

import (
	"testing"

	"haoban/demo"
	"haoban/policies"
)

func TestPolicy(t *testing.T) {
	en, err := policies.New(demo.Users())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name               string
		sub, dom, obj, act string
		want               bool
	}{
		{"ApplicantCreatesCase", "li-na", "*", "case", "create", true},
		{"ApplicantReadsOwnCase", "li-na", "*", "case", "read_own", true},
		{"ApplicantReadsBundles", "zhang-wei", "*", "bundle", "read", true},
		{"ReviewerClaimsOwnDepartment", "reviewer-samr", "samr", "task", "claim", true},
		{"ReviewerDecidesOwnDepartment", "reviewer-fire", "fire", "task", "decide", true},
		{"ReviewerReadsCaseOfOwnDepartment", "reviewer-fire", "fire", "case", "read", true},
		{"SupervisorListsTasksAnywhere", "supervisor", "water", "task", "list", true},
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := en.Allow(tc.sub, tc.dom, tc.obj, tc.act)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("Allow(%s, %s, %s, %s) = %v, want %v", tc.sub, tc.dom, tc.obj, tc.act, got, tc.want)
			}
		})
	}
}

func TestSetUsersReplacesAssignments(t *testing.T) {
	en, err := policies.New(demo.Users())
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := en.Allow("reviewer-samr", "samr", "task", "decide"); !ok {
		t.Fatal("reviewer-samr should decide samr tasks before the change")
	}
	if err := en.SetUsers(nil); err != nil {
		t.Fatal(err)
	}
	if ok, _ := en.Allow("reviewer-samr", "samr", "task", "decide"); ok {
		t.Fatal("a removed user still decides: the cache kept a stale permit")
	}
}
