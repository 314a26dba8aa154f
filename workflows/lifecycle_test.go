package workflows_test

import (
	"strings"
	"testing"

	"haoban"
	"haoban/demo"
	"haoban/workflows"
)

// expectCase checks, at the next step, the case's status.
func (ct *caseTest) expectCase(want haoban.CaseStatus) {
	ct.t.Helper()
	ct.next(func() {
		if s, ok := ct.state(); ok && s.Status != want {
			ct.t.Errorf("at %v: case is %s, want %s", ct.env.Now(), s.Status, want)
		}
	})
}

func (ct *caseTest) askSupplement(item, dept string, missing []haoban.Missing, wantCode string) {
	ct.t.Helper()
	ct.update(workflows.UpdateDecide, workflows.DecideInput{TaskID: haoban.TaskID(ct.caseID, item),
		Reviewer: "reviewer-" + dept, Decision: haoban.DecisionSupplement, Comment: "请补正", Missing: missing}, wantCode)
}

func (ct *caseTest) answer(item string, fields, materials []string, wantCode string) {
	ct.t.Helper()
	ct.update(workflows.UpdateSupplement, workflows.SupplementInput{TaskID: haoban.TaskID(ct.caseID, item),
		Applicant: "li-na", Fields: fields, Materials: materials,
		Changes: []workflows.FieldChange{{Key: "card.mailing_address", Before: "旧地址", After: "新地址"}}}, wantCode)
}

func TestSupplementsFromTwoDepartments(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.Newborn()
	ct.approve(b, "birth-certificate")
	ct.approve(b, "hukou")
	ct.claim("social-card", "hrss", "reviewer-hrss", "")
	ct.claim("medical-insurance", "medins", "reviewer-medins", "")
	// Refused requests: nothing listed, an unknown field, no reason.
	ct.askSupplement("social-card", "hrss", nil, haoban.EUNPROCESSABLE)
	ct.askSupplement("social-card", "hrss", []haoban.Missing{{Kind: "field", Key: "no.such", Reason: "x"}}, haoban.EUNPROCESSABLE)
	ct.askSupplement("social-card", "hrss", []haoban.Missing{{Kind: "field", Key: "card.bank", Reason: ""}}, haoban.EUNPROCESSABLE)
	// Both departments ask at once, each listing everything.
	ct.askSupplement("social-card", "hrss", []haoban.Missing{
		{Kind: "field", Key: "card.mailing_address", Reason: "邮寄地址不完整"},
		{Kind: "field", Key: "card.bank", Reason: "该银行暂不支持制卡"},
	}, "")
	ct.askSupplement("medical-insurance", "medins", []haoban.Missing{
		{Kind: "material", Key: "insurance-form", Reason: "缺少参保登记表"},
	}, haoban.EUNPROCESSABLE) // newborn has no such material
	ct.askSupplement("medical-insurance", "medins", []haoban.Missing{
		{Kind: "field", Key: "insurance.start", Reason: "起始日期早于出生日期"},
	}, "")
	ct.expectCase(haoban.CaseAwaitingSupplement)
	ct.expectStatuses(map[string]haoban.TaskStatus{"social-card": haoban.TaskAwaitingSupplement,
		"medical-insurance": haoban.TaskAwaitingSupplement})
	// Deciding or claiming a task that waits for the applicant is refused.
	ct.decide("social-card", "reviewer-hrss", haoban.DecisionApprove, "", haoban.ECONFLICT)
	// An answer that leaves a listed item out is refused, naming it.
	ct.answer("social-card", []string{"card.mailing_address"}, nil, haoban.EUNPROCESSABLE)
	ct.answer("social-card", []string{"card.mailing_address", "card.bank"}, nil, "")
	// Only the answered task resumes; the case still waits for the other.
	ct.expectStatuses(map[string]haoban.TaskStatus{"social-card": haoban.TaskClaimed,
		"medical-insurance": haoban.TaskAwaitingSupplement})
	ct.expectCase(haoban.CaseAwaitingSupplement)
	ct.answer("social-card", []string{"card.mailing_address", "card.bank"}, nil, haoban.ECONFLICT)
	ct.answer("medical-insurance", []string{"insurance.start"}, nil, "")
	ct.expectCase(haoban.CaseInReview)
	ct.decide("social-card", "reviewer-hrss", haoban.DecisionApprove, "", "")
	ct.decide("medical-insurance", "reviewer-medins", haoban.DecisionApprove, "", "")
	if res := ct.run(b); res.Outcome != haoban.OutcomeApproved {
		t.Fatalf("outcome = %s, want approved", res.Outcome)
	}
	// The refusals name what is missing as people call it: labels, not keys.
	all := strings.Join(ct.refusals, "\n")
	if !strings.Contains(all, "尚缺：「制卡银行」") || !strings.Contains(all, "「制卡银行」缺少原因") || strings.Contains(all, "card.bank") {
		t.Errorf("refusals: %s", all)
	}
	var requested, received int
	for _, p := range ct.projects {
		for _, e := range p.Events {
			switch e.Type {
			case haoban.EventSupplementRequested:
				requested++
			case haoban.EventSupplementReceived:
				received++
				if p.FormPatch["card.mailing_address"] != nil && p.FormPatch["card.mailing_address"] != "新地址" {
					t.Errorf("form patch = %v", p.FormPatch)
				}
			}
		}
	}
	if requested != 2 || received != 2 {
		t.Fatalf("supplement events: %d requested, %d received; want 2 and 2", requested, received)
	}
}

func TestWithdrawal(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.OpenRestaurant()
	ct.approve(b, "business-licence")
	ct.claim("fire-check", "fire", "reviewer-fire", "")
	ct.update(workflows.UpdateWithdraw, workflows.WithdrawInput{Applicant: "zhang-wei", Reason: "不开了"}, haoban.EFORBIDDEN)
	ct.update(workflows.UpdateWithdraw, workflows.WithdrawInput{Applicant: "li-na"}, haoban.EINVALID)
	ct.update(workflows.UpdateWithdraw, workflows.WithdrawInput{Applicant: "li-na", Reason: "店面租约取消"}, "")
	// The workflow ends after a withdrawal, so later updates cannot reach it;
	// the refusals are checked through the state it closed with.
	res := ct.run(b)
	if res.Outcome != "" {
		t.Fatalf("outcome = %s, want none for a withdrawn case", res.Outcome)
	}
	last := ct.projects[len(ct.projects)-1]
	if last.Case == nil || last.Case.Status != string(haoban.CaseWithdrawn) {
		t.Fatalf("last projection = %+v, want the case withdrawn", last.Case)
	}
	cancelled := map[string]bool{}
	for _, task := range last.Tasks {
		if task.Status == haoban.TaskCancelled {
			cancelled[task.Item] = true
		}
	}
	for _, item := range []string{"food-licence", "fire-check", "signage", "drainage"} {
		if !cancelled[item] {
			t.Errorf("withdrawal left %s uncancelled", item)
		}
	}
	if cancelled["business-licence"] {
		t.Error("withdrawal cancelled the already approved business licence")
	}
}

func TestDecisionOnCancelledTaskRefused(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.Newborn()
	ct.claim("birth-certificate", "health", "reviewer-health", "")
	ct.decide("birth-certificate", "reviewer-health", haoban.DecisionReject, "出生信息与医院记录不符", "")
	ct.claim("hukou", "police", "reviewer-police", haoban.ECONFLICT)
	ct.decide("hukou", "reviewer-police", haoban.DecisionApprove, "", haoban.ECONFLICT)
	if res := ct.run(b); res.Outcome != haoban.OutcomeRejected {
		t.Fatalf("outcome = %s, want rejected", res.Outcome)
	}
}

func TestReassignAndRelease(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.Newborn()
	task := haoban.TaskID(ct.caseID, "birth-certificate")
	ct.claim("birth-certificate", "health", "reviewer-health", "")
	ct.update(workflows.UpdateReassign, workflows.ReassignInput{TaskID: task, By: "supervisor", To: "reviewer-police", Department: "police"}, haoban.EUNPROCESSABLE)
	ct.update(workflows.UpdateReassign, workflows.ReassignInput{TaskID: task, By: "supervisor", To: "health-2", Department: "health"}, "")
	ct.decide("birth-certificate", "reviewer-health", haoban.DecisionApprove, "", haoban.EFORBIDDEN)
	ct.update(workflows.UpdateRelease, workflows.ReleaseInput{TaskID: task, By: "reviewer-health"}, haoban.EFORBIDDEN)
	ct.update(workflows.UpdateRelease, workflows.ReleaseInput{TaskID: task, By: "health-2"}, "")
	ct.expectStatuses(map[string]haoban.TaskStatus{"birth-certificate": haoban.TaskOpen})
	ct.update(workflows.UpdateRelease, workflows.ReleaseInput{TaskID: task, By: "health-2"}, haoban.ECONFLICT)
	ct.claim("birth-certificate", "health", "reviewer-health", "")
	ct.update(workflows.UpdateRelease, workflows.ReleaseInput{TaskID: task, By: "supervisor", BySupervisor: true}, "")
	ct.approve(b, "birth-certificate")
	ct.update(workflows.UpdateReassign, workflows.ReassignInput{TaskID: task, By: "supervisor", To: "health-2", Department: "health"}, haoban.ECONFLICT)
	for _, item := range []string{"hukou", "social-card", "medical-insurance"} {
		ct.approve(b, item)
	}
	if res := ct.run(b); res.Outcome != haoban.OutcomeApproved {
		t.Fatalf("outcome = %s, want approved", res.Outcome)
	}
}
