package workflows_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
	"haoban/demo"
	"haoban/workflows"
)

// Tuesday 3 March 2026, 10:00 in Beijing: no holiday for weeks either side.
var tuesday = time.Date(2026, 3, 3, 10, 0, 0, 0, calendar.Zone)

func newDeadlineTest(t *testing.T) *caseTest {
	return newCaseTestAt(t, tuesday)
}

// newCaseTestAt starts the workflow at an instant.
func newCaseTestAt(t *testing.T, start time.Time) *caseTest {
	ct := newCaseTest(t)
	ct.start = start
	ct.env.SetStartTime(start)
	return ct
}

// from makes the next steps happen from a Beijing time on, a minute apart.
func (ct *caseTest) from(when string) {
	ct.t.Helper()
	ct.step = beijingTime(ct.t, when).Sub(ct.start) - time.Minute
}

func beijingTime(t *testing.T, when string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", when, calendar.Zone)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// sent lists the alarms sent as "item kind Beijing-time".
func (ct *caseTest) sent() []string {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	var out []string
	for i, n := range ct.notified {
		out = append(out, fmt.Sprintf("%s %s %s", n.Task.Item, n.Kind, ct.sentAt[i].In(calendar.Zone).Format("01-02 15:04")))
	}
	return out
}

func (ct *caseTest) extend(item string, days int, reason, wantCode string) {
	ct.t.Helper()
	ct.update(workflows.UpdateExtend, workflows.ExtendInput{TaskID: haoban.TaskID(ct.caseID, item), By: "supervisor",
		Days: days, Reason: reason}, wantCode)
}

// The birth certificate has 2 working days from Tuesday 10:00: due Thursday
// the 5th. Half used and one day left fall due at Thursday 00:00, expiry at
// Friday 00:00; each is sent once though nobody acts for a week.
func TestRemindersAndEscalationFireOnce(t *testing.T) {
	ct := newDeadlineTest(t)
	b := demo.Newborn()
	ct.from("2026-03-10 10:00")
	for _, item := range []string{"birth-certificate", "hukou", "social-card", "medical-insurance"} {
		ct.approve(b, item)
	}
	ct.run(b)
	want := []string{"birth-certificate reminder:50% 03-05 00:00", "birth-certificate reminder:1d 03-05 00:00",
		"birth-certificate expired 03-06 00:00"}
	if got := ct.sent(); !slices.Equal(got, want) {
		t.Fatalf("alarms sent = %v, want %v", got, want)
	}
}

// The business licence's one-day limit opened at any hour of Thursday
// 3 December 2026 in Beijing ends with Friday: the last-day reminder goes
// out as the task opens and the escalation at Saturday 00:00, whatever the
// hour, and whatever the date in UTC. Near New Year the limit counts past
// 1–3 January 2027.
func TestRemindersAndEscalationAtEveryHour(t *testing.T) {
	restaurant := []string{"business-licence", "food-licence", "fire-check", "signage", "drainage"}
	for _, tc := range []struct{ name, opened, escalated string }{
		{"HalfPastMidnight", "2026-12-03 00:30", "12-05 00:00"},
		{"BeforeEightWhileUTCIsTheDayBefore", "2026-12-03 07:59", "12-05 00:00"},
		{"AtEightWhenUTCTurns", "2026-12-03 08:00", "12-05 00:00"},
		{"Noon", "2026-12-03 12:00", "12-05 00:00"},
		{"LastMinuteOfTheDay", "2026-12-03 23:59", "12-05 00:00"},
		{"DueOnTheYearsLastWorkingDay", "2026-12-30 23:59", "01-01 00:00"},
		{"OpenedEarlyOnTheYearsLastWorkingDay", "2026-12-31 00:30", "01-05 00:00"},
		{"OpenedLateOnTheYearsLastWorkingDay", "2026-12-31 23:59", "01-05 00:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opened := beijingTime(t, tc.opened)
			ct := newCaseTestAt(t, opened)
			b := demo.OpenRestaurant()
			ct.from("2027-01-06 10:00")
			for _, item := range restaurant {
				ct.approve(b, item)
			}
			ct.run(b)
			want := []string{"business-licence reminder:1d " + opened.Format("01-02 15:04"), "business-licence expired " + tc.escalated}
			if got := ct.sent(); !slices.Equal(got, want) {
				t.Fatalf("alarms sent = %v, want %v", got, want)
			}
		})
	}
}

// A supplement request on Tuesday answered the next Monday consumes none of
// the budget: due moves from Thursday the 5th to Wednesday the 11th, and no
// alarm fires while the clock waits for the applicant.
func TestSupplementPauseConsumesNoBudget(t *testing.T) {
	ct := newDeadlineTest(t)
	b := demo.Newborn()
	ct.claim("birth-certificate", "health", "reviewer-health", "")
	ct.askSupplement("birth-certificate", "health", []haoban.Missing{{Kind: "field", Key: "child.hospital", Reason: "医院名称有误"}}, "")
	ct.from("2026-03-09 10:00")
	ct.update(workflows.UpdateSupplement, workflows.SupplementInput{TaskID: haoban.TaskID(ct.caseID, "birth-certificate"),
		Applicant: "li-na", Fields: []string{"child.hospital"}}, "")
	ct.from("2026-03-13 10:00")
	ct.decide("birth-certificate", "reviewer-health", haoban.DecisionApprove, "", "")
	for _, item := range []string{"hukou", "social-card", "medical-insurance"} {
		ct.approve(b, item)
	}
	ct.run(b)
	want := []string{"birth-certificate reminder:50% 03-11 00:00", "birth-certificate reminder:1d 03-11 00:00",
		"birth-certificate expired 03-12 00:00"}
	if got := ct.sent(); !slices.Equal(got, want) {
		t.Fatalf("alarms sent = %v, want %v", got, want)
	}
}

// An extension on Thursday 09:00 (two days used) adds three working days:
// due moves to Tuesday the 10th and the reminders are sent again for it.
// A second extension and one past the cap are refused.
func TestExtensionMovesDueAndRearms(t *testing.T) {
	ct := newDeadlineTest(t)
	b := demo.Newborn()
	ct.from("2026-03-05 09:00")
	ct.extend("birth-certificate", workflows.MaxExtensionDays+1, "需要现场核查", haoban.EUNPROCESSABLE)
	ct.extend("birth-certificate", 3, "", haoban.EINVALID)
	ct.extend("birth-certificate", 3, "需要向医院核实出生记录", "")
	ct.extend("birth-certificate", 1, "再延一天", haoban.ECONFLICT)
	ct.from("2026-03-12 10:00")
	for _, item := range []string{"birth-certificate", "hukou", "social-card", "medical-insurance"} {
		ct.approve(b, item)
	}
	ct.run(b)
	want := []string{
		"birth-certificate reminder:50% 03-05 00:00", "birth-certificate reminder:1d 03-05 00:00",
		"birth-certificate reminder:50% 03-07 00:00", "birth-certificate reminder:1d 03-10 00:00",
		"birth-certificate expired 03-11 00:00"}
	if got := ct.sent(); !slices.Equal(got, want) {
		t.Fatalf("alarms sent = %v, want %v", got, want)
	}
	keys := map[string]bool{}
	for _, n := range ct.notified {
		if keys[n.Key] {
			t.Fatalf("alarm key %s used twice: the notification would be dropped as a duplicate", n.Key)
		}
		keys[n.Key] = true
	}
}

func TestSuspendAndResume(t *testing.T) {
	ct := newDeadlineTest(t)
	b := demo.Newborn()
	task := haoban.TaskID(ct.caseID, "birth-certificate")
	suspend := func(reason, want string) {
		ct.update(workflows.UpdateSuspend, workflows.SuspendInput{TaskID: task, By: "supervisor", Reason: reason}, want)
	}
	resume := func(want string) {
		ct.update(workflows.UpdateResume, workflows.ResumeInput{TaskID: task, By: "supervisor"}, want)
	}
	resume(haoban.ECONFLICT) // a running clock
	suspend("lunch", haoban.EINVALID)
	suspend(deadline.ReasonExpertReview, "")
	suspend(deadline.ReasonTesting, haoban.ECONFLICT) // already suspended
	ct.from("2026-03-16 10:00")
	resume("")
	ct.claim("birth-certificate", "health", "reviewer-health", "")
	ct.askSupplement("birth-certificate", "health", []haoban.Missing{{Kind: "field", Key: "child.name", Reason: "与医学记录不符"}}, "")
	resume(haoban.ECONFLICT) // only the applicant's answer resumes a supplement pause
	ct.update(workflows.UpdateSupplement, workflows.SupplementInput{TaskID: task, Applicant: "li-na", Fields: []string{"child.name"}}, "")
	ct.decide("birth-certificate", "reviewer-health", haoban.DecisionApprove, "", "")
	for _, item := range []string{"hukou", "social-card", "medical-insurance"} {
		ct.approve(b, item)
	}
	ct.run(b)
	// Suspended from Tuesday the 3rd to Monday the 16th: nothing was due.
	if got := ct.sent(); len(got) != 0 {
		t.Fatalf("alarms while suspended: %v", got)
	}
}
