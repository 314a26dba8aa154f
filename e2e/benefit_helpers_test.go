package e2e_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"go.temporal.io/sdk/temporal"

	"haoban"
	"haoban/app"
	"haoban/seed"
	"haoban/treasury"
	"haoban/workflows"
)

// The benefit cases' tests (免申即享 delivery, issue 17) share these: a
// delivered matching run, waiting on the cases' workflows and saying why
// one is stuck, moving past publicity, generated residents, and reading
// the payment service's ledger.

// benefitWait is how long a test waits for the cases' workflows.
const benefitWait = 30 * time.Second

// matchAndDeliver runs a delivered match of the policy through the API as
// the catalogue admin and waits for the run and its delivery to finish.
func matchAndDeliver(t *testing.T, s *system, p haoban.Policy) {
	t.Helper()
	s.must(200, s.call("POST", "/api/v1/admin/policies/"+p.Code+"/match", s.login("catalogue-admin"), nil))
	waitDelivered(t, s, p)
}

// waitDelivered waits for the policy period's matching run and the
// delivery it started: every match then has its case's workflow.
func waitDelivered(t *testing.T, s *system, p haoban.Policy) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), benefitWait)
	defer cancel()
	if err := s.temporal.GetWorkflow(ctx, workflows.MatchWorkflowID(p.Code, p.Period()), "").Get(ctx, nil); err != nil {
		t.Fatalf("matching run of %s: %v", p.Code, err)
	}
	if err := s.temporal.GetWorkflow(ctx, workflows.DeliverWorkflowID(p.Code, p.Period()), "").Get(ctx, nil); err != nil {
		t.Fatalf("delivery of %s: %v", p.Code, err)
	}
}

// waitBenefit reads a case in the store after each event of its
// workflow until cond holds.
func waitBenefit(t *testing.T, s *system, id, what string, cond func(haoban.BenefitCase) bool) haoban.BenefitCase {
	t.Helper()
	var b haoban.BenefitCase
	untilWorkflowEvent(t, s, workflows.BenefitWorkflowID(id), "benefit "+id+": "+what, benefitWait, func() bool {
		var err error
		b, err = s.store.FindBenefit(context.Background(), id)
		if err != nil && haoban.ErrorCode(err) != haoban.ENOTFOUND {
			t.Fatal(err)
		}
		return err == nil && cond(b)
	})
	return b
}

// inStatus is a waitBenefit condition.
func inStatus(want haoban.BenefitStatus) func(haoban.BenefitCase) bool {
	return func(b haoban.BenefitCase) bool { return b.Status == want }
}

// endPublicity moves the service's clock past the case's publicity and
// tells its workflow, as the timer would when the days have passed.
func endPublicity(t *testing.T, s *system, b haoban.BenefitCase) {
	t.Helper()
	if b.PublicityTo.IsZero() {
		t.Fatalf("benefit %s has no publicity period (status %s)", b.ID, b.Status)
	}
	if s.clock.Now().Before(b.PublicityTo) {
		s.clock.Set(b.PublicityTo.Add(24 * time.Hour))
	}
	if err := workflows.NewClient(s.temporal).BenefitChanged(context.Background(), b.ID); err != nil {
		t.Fatal(err)
	}
}

// paymentsOf are the ledger's entries under the case's payment key.
func paymentsOf(s *system, id string) []treasury.LedgerEntry {
	var out []treasury.LedgerEntry
	for _, e := range s.ledger.Entries() {
		if e.Order.Key == app.PaymentKey(id) {
			out = append(out, e)
		}
	}
	return out
}

// policyBenefits lists the IDs and statuses of a policy's cases.
func policyBenefits(t *testing.T, s *system, policy string) map[string]haoban.BenefitStatus {
	t.Helper()
	rows, err := s.store.Pool().Query(context.Background(), `SELECT id, status FROM benefit_cases WHERE policy = $1`, policy)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]haoban.BenefitStatus{}
	for rows.Next() {
		var id string
		var st haoban.BenefitStatus
		if err := rows.Scan(&id, &st); err != nil {
			t.Fatal(err)
		}
		out[id] = st
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitSettled waits until the policy has want cases and every one is in
// a final status.
func waitSettled(t *testing.T, s *system, policy string, want int) map[string]haoban.BenefitStatus {
	t.Helper()
	return waitSettledWithin(t, s, policy, want, benefitWait)
}

// waitSettledWithin is waitSettled with a deadline of its own: it waits
// for the workflow of every match of the policy to close, which it does
// in a final status, then reads the cases.
func waitSettledWithin(t *testing.T, s *system, policy string, want int, wait time.Duration) map[string]haoban.BenefitStatus {
	t.Helper()
	rows, err := s.store.Pool().Query(context.Background(), `SELECT period, beneficiary FROM policy_matches WHERE policy = $1`, policy)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var period, beneficiary string
	if _, err := pgx.ForEachRow(rows, []any{&period, &beneficiary}, func() error {
		ids = append(ids, workflows.BenefitWorkflowID(haoban.BenefitID(policy, period, beneficiary)))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	untilWorkflowsClose(t, s, policy+": cases settling", wait, ids)
	cs := policyBenefits(t, s, policy)
	for id, st := range cs {
		if !st.Final() {
			t.Fatalf("%s: case %s closed its workflow in status %s", policy, id, st)
		}
	}
	if len(cs) != want {
		t.Fatalf("%s: %d cases, want %d", policy, len(cs), want)
	}
	return cs
}

// noticeKinds are the kinds of a user's in-app notifications, read
// through the API as the user.
func noticeKinds(t *testing.T, s *system, user string) map[string]int {
	t.Helper()
	r := s.must(200, s.call("GET", "/api/v1/notifications?limit=200", s.login(user), nil))
	out := map[string]int{}
	for _, n := range r.body["notifications"].([]any) {
		out[n.(map[string]any)["kind"].(string)]++
	}
	return out
}

// whyStuck describes what a case's workflow is retrying, for a failure
// message.
func whyStuck(t *testing.T, s *system, id string) string {
	return describeWorkflow(t, s, workflows.BenefitWorkflowID(id))
}

// describeWorkflow says what a workflow is doing and what its activities
// retry, for a failure message.
func describeWorkflow(t *testing.T, s *system, workflowID string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d, err := s.temporal.DescribeWorkflowExecution(ctx, workflowID, "")
	if err != nil {
		return fmt.Sprintf("; its workflow: %v", err)
	}
	out := fmt.Sprintf("; workflow %s is %s", workflowID, d.GetWorkflowExecutionInfo().GetStatus())
	dc := testCodec(t).DataConverter()
	fc := temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: dc, EncodeCommonAttributes: true})
	for _, a := range d.GetPendingActivities() {
		var last error
		if f := a.GetLastFailure(); f != nil {
			last = fc.FailureToError(f)
		}
		out += fmt.Sprintf("; %s %s attempt %d: %v", a.GetActivityType().GetName(), a.GetState(), a.GetAttempt(), last)
	}
	return out
}

// seedResidents writes the first n generated residents and their
// children's birth records, without the address library seed.Load writes
// first: enough for a policy that reads only these.
func seedResidents(t *testing.T, s *system, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		r := seed.NthResident(i)
		if err := s.store.UpsertResident(ctx, haoban.Resident{IDNumber: r.IDNumber, Name: r.Name, Sex: r.Sex,
			BirthDate: r.BirthDate, Phone: r.Phone, Address: r.Address}); err != nil {
			t.Fatal(err)
		}
		if !seed.HasBirth(i, n) {
			continue
		}
		sex, at, hospital := seed.NthBirth(i)
		if err := s.store.UpsertBirth(ctx, haoban.Birth{ParentID: r.IDNumber, ChildSex: sex, BirthTime: at,
			Hospital: hospital}); err != nil {
			t.Fatal(err)
		}
	}
}

// benefitRun is the run ID of the newest workflow of a case.
func benefitRun(t *testing.T, s *system, id string) string {
	t.Helper()
	d, err := s.temporal.DescribeWorkflowExecution(context.Background(), workflows.BenefitWorkflowID(id), "")
	if err != nil {
		t.Fatal(err)
	}
	return d.GetWorkflowExecutionInfo().GetExecution().GetRunId()
}
