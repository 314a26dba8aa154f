package workflows_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"haoban"
	"haoban/calendar"
	"haoban/demo"
	"haoban/workflows"
)

// caseTest drives one Case workflow in the test environment: each step runs
// one minute of workflow time after the previous one, so steps happen in
// order, each after the workflow has settled.
type caseTest struct {
	t        *testing.T
	env      *testsuite.TestWorkflowEnvironment
	caseID   string
	start    time.Time // the workflow's start, when the test sets it
	step     time.Duration
	mu       sync.Mutex
	projects []workflows.ProjectInput
	notified []workflows.NotifyInput
	// prereview is what the pre-review activity answers.
	prereview workflows.PrereviewResult
	sentAt    []time.Time
	// refusals are the messages of the refused updates, in order.
	refusals []string
}

func newCaseTest(t *testing.T) *caseTest {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	ct := &caseTest{t: t, env: suite.NewTestWorkflowEnvironment(), caseID: "c1"}
	ct.env.RegisterWorkflow(workflows.Case)
	ct.env.RegisterActivityWithOptions(func(_ context.Context, in workflows.ProjectInput) error {
		ct.mu.Lock()
		defer ct.mu.Unlock()
		ct.projects = append(ct.projects, in)
		return nil
	}, activity.RegisterOptions{Name: workflows.ActivityProject})
	cal := builtinCalendar(t)
	ct.env.RegisterActivityWithOptions(func(_ context.Context, in workflows.PlanInput) (workflows.PlanResult, error) {
		return workflows.Plan(cal, in, in.Now)
	}, activity.RegisterOptions{Name: workflows.ActivityPlanAlarms})
	ct.env.RegisterActivityWithOptions(func(_ context.Context, in workflows.NotifyInput) error {
		ct.mu.Lock()
		defer ct.mu.Unlock()
		ct.notified = append(ct.notified, in)
		ct.sentAt = append(ct.sentAt, ct.env.Now())
		return nil
	}, activity.RegisterOptions{Name: workflows.ActivityNotify})
	ct.env.RegisterActivityWithOptions(func(_ context.Context, in workflows.RecheckInput) (workflows.RecheckResult, error) {
		return workflows.RecheckResult{}, nil
	}, activity.RegisterOptions{Name: workflows.ActivityRecheckPrefill})
	ct.env.RegisterActivityWithOptions(func(_ context.Context, in workflows.PrereviewInput) (workflows.PrereviewResult, error) {
		return ct.prereview, nil
	}, activity.RegisterOptions{Name: workflows.ActivityPrereview})
	ct.env.RegisterActivityWithOptions(func(_ context.Context, in workflows.IssueInput) (workflows.IssueResult, error) {
		return workflows.IssueResult{}, nil
	}, activity.RegisterOptions{Name: workflows.ActivityIssue})
	return ct
}

func builtinCalendar(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.BuiltinCalendar()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (ct *caseTest) next(f func()) {
	ct.step += time.Minute
	ct.env.RegisterDelayedCallback(f, ct.step)
}

// update sends an update at the next step and checks that it ends with the
// wanted error code ("" for success).
func (ct *caseTest) update(name string, in any, wantCode string) {
	ct.t.Helper()
	ct.next(func() {
		ct.env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnAccept: func() {},
			OnReject: func(err error) { ct.checkCode(name, in, err, wantCode) },
			OnComplete: func(_ any, err error) {
				ct.checkCode(name, in, err, wantCode)
			},
		}, in)
	})
}

func (ct *caseTest) checkCode(name string, in any, err error, want string) {
	got := ""
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		got = appErr.Type()
		ct.refusals = append(ct.refusals, appErr.Message())
	} else if err != nil {
		got = err.Error()
	}
	if got != want {
		ct.t.Errorf("update %s %+v: error code %q (%v), want %q", name, in, got, err, want)
	}
}

func (ct *caseTest) claim(item, dept, reviewer, wantCode string) {
	ct.t.Helper()
	ct.update(workflows.UpdateClaim, workflows.ClaimInput{TaskID: haoban.TaskID(ct.caseID, item),
		Reviewer: reviewer, Department: dept}, wantCode)
}

func (ct *caseTest) decide(item, reviewer string, d haoban.Decision, comment, wantCode string) {
	ct.t.Helper()
	ct.update(workflows.UpdateDecide, workflows.DecideInput{TaskID: haoban.TaskID(ct.caseID, item),
		Reviewer: reviewer, Decision: d, Comment: comment}, wantCode)
}

// approve claims and approves an item as its department's reviewer.
func (ct *caseTest) approve(b haoban.Bundle, item string) {
	ct.t.Helper()
	it, _ := b.Item(item)
	ct.claim(item, it.Department, "reviewer-"+it.Department, "")
	ct.decide(item, "reviewer-"+it.Department, haoban.DecisionApprove, "符合条件", "")
}

// state queries the workflow's state, reporting a failure as an error.
func (ct *caseTest) state() (workflows.CaseState, bool) {
	var s workflows.CaseState
	v, err := ct.env.QueryWorkflow(workflows.QueryState)
	if err == nil {
		err = v.Get(&s)
	}
	if err != nil {
		ct.t.Errorf("query state: %v", err)
	}
	return s, err == nil
}

// expectStatuses checks, at the next step, the status of every task.
func (ct *caseTest) expectStatuses(want map[string]haoban.TaskStatus) {
	ct.t.Helper()
	ct.next(func() {
		s, ok := ct.state()
		if !ok {
			return
		}
		for _, task := range s.Tasks {
			if w, ok := want[task.Item]; ok && task.Status != w {
				ct.t.Errorf("at %v: task %s is %s, want %s", ct.env.Now(), task.Item, task.Status, w)
			}
		}
	})
}

func (ct *caseTest) run(b haoban.Bundle) workflows.CaseResult {
	ct.t.Helper()
	ct.env.ExecuteWorkflow(workflows.Case, workflows.CaseInput{CaseID: ct.caseID, Applicant: "li-na", Bundle: b})
	if !ct.env.IsWorkflowCompleted() {
		ct.t.Fatal("workflow did not complete")
	}
	if err := ct.env.GetWorkflowError(); err != nil {
		ct.t.Fatalf("workflow error: %v", err)
	}
	var res workflows.CaseResult
	if err := ct.env.GetWorkflowResult(&res); err != nil {
		ct.t.Fatal(err)
	}
	return res
}

const (
	pending   = haoban.TaskPending
	open      = haoban.TaskOpen
	approved  = haoban.TaskApproved
	rejected  = haoban.TaskRejected
	cancelled = haoban.TaskCancelled
)

func TestCaseDAGOrderAndParallelTasks(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.OpenRestaurant()
	ct.expectStatuses(map[string]haoban.TaskStatus{"business-licence": open, "food-licence": pending,
		"fire-check": pending, "signage": pending, "drainage": pending})
	ct.approve(b, "business-licence")
	// All four dependents open at once and are decided in any order.
	ct.expectStatuses(map[string]haoban.TaskStatus{"business-licence": approved, "food-licence": open,
		"fire-check": open, "signage": open, "drainage": open})
	for _, item := range []string{"signage", "fire-check", "drainage", "food-licence"} {
		ct.approve(b, item)
	}
	if res := ct.run(b); res.Outcome != haoban.OutcomeApproved {
		t.Fatalf("outcome = %s, want approved", res.Outcome)
	}
	ct.checkTimeline(t)
}

func TestCaseChainOrder(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.Newborn()
	ct.approve(b, "birth-certificate")
	ct.expectStatuses(map[string]haoban.TaskStatus{"hukou": open, "social-card": pending, "medical-insurance": pending})
	ct.approve(b, "hukou")
	ct.expectStatuses(map[string]haoban.TaskStatus{"social-card": open, "medical-insurance": open})
	ct.approve(b, "medical-insurance")
	ct.approve(b, "social-card")
	if res := ct.run(b); res.Outcome != haoban.OutcomeApproved {
		t.Fatalf("outcome = %s, want approved", res.Outcome)
	}
}

func TestCaseRejectCascades(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.Newborn()
	ct.approve(b, "birth-certificate")
	ct.claim("hukou", "police", "reviewer-police", "")
	ct.decide("hukou", "reviewer-police", haoban.DecisionReject, "户籍地址与房产信息不符", "")
	ct.expectStatuses(map[string]haoban.TaskStatus{"birth-certificate": approved, "hukou": rejected,
		"social-card": cancelled, "medical-insurance": cancelled})
	if res := ct.run(b); res.Outcome != haoban.OutcomePartiallyApproved {
		t.Fatalf("outcome = %s, want partially_approved", res.Outcome)
	}
}

func TestCaseRejectFirstItemRejectsCase(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.OpenRestaurant()
	ct.claim("business-licence", "samr", "reviewer-samr", "")
	ct.decide("business-licence", "reviewer-samr", haoban.DecisionReject, "企业名称与已登记企业重名", "")
	if res := ct.run(b); res.Outcome != haoban.OutcomeRejected {
		t.Fatalf("outcome = %s, want rejected", res.Outcome)
	}
}

func TestCaseRefusedUpdates(t *testing.T) {
	ct := newCaseTest(t)
	b := demo.Newborn()
	// Not found, wrong department, not yet open, decide before claim.
	ct.claim("no-such-item", "health", "reviewer-health", haoban.ENOTFOUND)
	ct.claim("birth-certificate", "police", "reviewer-police", haoban.EFORBIDDEN)
	ct.claim("hukou", "police", "reviewer-police", haoban.ECONFLICT)
	ct.decide("birth-certificate", "reviewer-health", haoban.DecisionApprove, "", haoban.ECONFLICT)
	// Claimed: a second claim by the same reviewer is harmless, by another is refused.
	ct.claim("birth-certificate", "health", "reviewer-health", "")
	ct.claim("birth-certificate", "health", "reviewer-health", "")
	ct.claim("birth-certificate", "health", "another-reviewer", haoban.ECONFLICT)
	// Bad decisions.
	ct.decide("birth-certificate", "another-reviewer", haoban.DecisionApprove, "", haoban.EFORBIDDEN)
	ct.decide("birth-certificate", "reviewer-health", "maybe", "", haoban.EINVALID)
	ct.decide("birth-certificate", "reviewer-health", haoban.DecisionReject, "", haoban.EINVALID)
	ct.decide("birth-certificate", "reviewer-health", haoban.DecisionApprove, "", "")
	// Deciding twice is refused; deciding a cancelled task too.
	ct.decide("birth-certificate", "reviewer-health", haoban.DecisionReject, "改主意", haoban.ECONFLICT)
	ct.claim("hukou", "police", "reviewer-police", "")
	ct.decide("hukou", "reviewer-police", haoban.DecisionReject, "材料不全", "")
	ct.decide("social-card", "reviewer-hrss", haoban.DecisionApprove, "", haoban.ECONFLICT)
	if res := ct.run(b); res.Outcome != haoban.OutcomePartiallyApproved {
		t.Fatalf("outcome = %s, want partially_approved", res.Outcome)
	}
}

// checkTimeline asserts that events were projected once each, with the
// submission first and the completion last.
func (ct *caseTest) checkTimeline(t *testing.T) {
	t.Helper()
	var keys []string
	seen := map[string]bool{}
	for _, p := range ct.projects {
		for _, e := range p.Events {
			if seen[e.Key] {
				t.Errorf("event %s projected twice", e.Key)
			}
			seen[e.Key] = true
			keys = append(keys, e.Key)
		}
	}
	// The submission is the store's to record, as the API accepts it.
	if len(keys) < 2 || seen["submitted"] || keys[0] != "prereviewed" || keys[len(keys)-1] != "completed" {
		t.Fatalf("timeline = %v, want the pre-review first and completed last, the submission not again", keys)
	}
	last := ct.projects[len(ct.projects)-1]
	if last.Case == nil || last.Case.Outcome != string(haoban.OutcomeApproved) {
		t.Fatalf("last projection = %+v, want the case completed as approved", last.Case)
	}
}

// A task whose case is still in pre-review is not open yet: claiming it is
// refused with words that say to wait, not that something is missing.
func TestClaimBeforeTheTaskOpens(t *testing.T) {
	ct := newCaseTest(t)
	ct.env.OnActivity(workflows.ActivityPrereview, mock.Anything, mock.Anything).Return(workflows.PrereviewResult{}, nil).After(10 * time.Minute)
	b := demo.OpenRestaurant()
	refused := func(item, want string) {
		ct.next(func() {
			ct.env.UpdateWorkflow(workflows.UpdateClaim, "", &testsuite.TestUpdateCallback{
				OnAccept: func() { t.Errorf("claiming %s before it opened was accepted", item) },
				OnReject: func(err error) {
					var appErr *temporal.ApplicationError
					if !errors.As(err, &appErr) || appErr.Type() != haoban.ECONFLICT || appErr.Message() != want {
						t.Errorf("claiming %s: %v; want %s %q", item, err, haoban.ECONFLICT, want)
					}
				},
				OnComplete: func(any, error) {},
			}, workflows.ClaimInput{TaskID: haoban.TaskID(ct.caseID, item), Reviewer: "reviewer-samr", Department: "samr"})
		})
	}
	refused("business-licence", "该任务尚未开启，请稍候")
	refused("food-licence", "该任务尚在等待前置事项办结，暂不能办理")
	ct.step = 11 * time.Minute
	for _, item := range []string{"business-licence", "food-licence", "fire-check", "signage", "drainage"} {
		ct.approve(b, item)
	}
	ct.run(b)
}
