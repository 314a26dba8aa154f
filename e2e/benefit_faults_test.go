package e2e_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/rules"
	"haoban/workflows"
)

// TestWorkerKilledDuringMatchingAndPayments stops the worker in the middle
// of a delivered matching run of small pages, and again while payments are
// in flight with the payment service failing, losing answers after booking
// and answering slowly. In the end every eligible resident was matched
// once and paid once, and reconciliation finds the ledger agrees. It takes
// about a minute: tasks handed to a stopping worker's pollers are lost,
// and Temporal hands them out again only when their timeouts pass.
func TestWorkerKilledDuringMatchingAndPayments(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(benefitDay)
	ctx := context.Background()
	at := s.clock.Now()
	seedResidents(t, s, 100)
	// The newborn subsidy, paid without asking and without publicity, so
	// that payments follow the matches at once.
	p := demo.Policies()[0]
	p.Code, p.Demo, p.Delivery, p.Publicity = "newborn-fault-test", false, haoban.DeliverAutomatic, 0
	if err := s.store.EnsurePolicy(ctx, p); err != nil {
		t.Fatal(err)
	}
	want := eligible(t, s, p, at)
	if len(want) < 30 {
		t.Fatalf("only %d residents are eligible: the test would prove little", len(want))
	}

	run := haoban.PolicyRun{ID: "fault-run", Policy: p.Code, Version: 1, Period: p.Period(), StartedAt: at}
	if err := s.store.StartPolicyRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	err := workflows.NewClient(s.temporal).StartMatch(ctx, workflows.MatchInput{RunID: run.ID, Policy: p.Code, Version: 1,
		Period: run.Period, At: at, PageSize: 10, Pages: 3, Deliver: true})
	if err != nil {
		t.Fatal(err)
	}
	untilWorkflowEvent(t, s, workflows.MatchWorkflowID(p.Code, run.Period), "the run reads 30 residents", benefitWait, func() bool {
		r, err := s.store.FindPolicyRun(ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		return r.Read >= 30
	})
	s.stopWorker()
	if r, err := s.store.FindPolicyRun(ctx, run.ID); err != nil || !r.FinishedAt.IsZero() {
		t.Fatalf("the run finished before the worker stopped (%v): the test proves nothing", err)
	}
	// The payment service refuses the first attempts, loses the answers
	// to the next after booking them, and is slow after that.
	s.ledger.FailNext(6, http.StatusServiceUnavailable)
	s.ledger.DropNext(6)
	s.ledger.SlowNext(6, 300*time.Millisecond)
	s.startWorker()

	paying, cancelPaying := context.WithTimeout(ctx, benefitWait)
	defer cancelPaying()
	if err := s.ledger.WaitEntries(paying, 3); err != nil {
		t.Fatalf("the first payments: %v", err)
	}
	if n := len(s.ledger.Entries()); n >= len(want) {
		t.Fatalf("all %d paid before the worker stopped: the test proves nothing", n)
	}
	s.ledger.DropNext(4)
	s.ledger.SlowNext(10, 500*time.Millisecond)
	s.stopWorker()
	s.startWorker()

	waitCtx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	for _, id := range []string{workflows.MatchWorkflowID(p.Code, run.Period), workflows.DeliverWorkflowID(p.Code, run.Period)} {
		if err := s.temporal.GetWorkflow(waitCtx, id, "").Get(waitCtx, nil); err != nil {
			var delivered, cases int
			_ = s.store.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL), (SELECT count(*) FROM benefit_cases)
				FROM policy_matches`).Scan(&delivered, &cases)
			t.Fatalf("%v%s; eligible %d, delivered %d, cases %d, ledger %d", err, describeWorkflow(t, s, id), len(want), delivered, cases, len(s.ledger.Entries()))
		}
	}
	cases := waitSettledWithin(t, s, p.Code, len(want), 90*time.Second)

	var matched []string
	if err := s.store.Pool().QueryRow(ctx, `SELECT array_agg(beneficiary ORDER BY beneficiary) FROM policy_matches
		WHERE policy = $1`, p.Code).Scan(&matched); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(matched, want) {
		t.Fatalf("matched %d residents, want the %d eligible ones once each", len(matched), len(want))
	}
	if r, err := s.store.FindPolicyRun(ctx, run.ID); err != nil || r.Matched != int64(len(want)) {
		t.Fatalf("the run recorded %+v (%v), want %d matched", r, err, len(want))
	}
	for _, id := range want {
		b := haoban.BenefitID(p.Code, p.Period(), id)
		if cases[b] != haoban.BenefitPaid {
			t.Fatalf("%s's case %s is %q, want paid", id, b, cases[b])
		}
		if pays := paymentsOf(s, b); len(pays) != 1 || pays[0].Order.Amount != 360_000 {
			t.Fatalf("%s's case %s has ledger entries %+v, want one of 360000 fen", id, b, pays)
		}
	}
	if n := len(s.ledger.Entries()); n != len(want) {
		t.Fatalf("the ledger holds %d entries for %d cases", n, len(want))
	}
	q := url.Values{"from": {at.Add(-time.Hour).Format(time.RFC3339)}, "to": {s.clock.Now().Add(time.Hour).Format(time.RFC3339)}}
	rec := s.must(200, s.call("GET", "/api/v1/admin/benefits/reconcile?"+q.Encode(), s.login("catalogue-admin"), nil))
	if rec.body["agree"] != true || len(rec.body["differences"].([]any)) != 0 {
		t.Fatalf("reconciliation: %s", rec.raw)
	}
}

// eligible evaluates the policy over every resident, a page at a time, as
// a bare loop does, and returns the ID numbers that qualify, sorted.
func eligible(t *testing.T, s *system, p haoban.Policy, at time.Time) []string {
	t.Helper()
	e := s.reviewer.Engine
	d := app.NewPolicyDecider(e, p)
	var out []string
	after := ""
	for {
		page, err := s.store.PersonFactsPage(context.Background(), after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range page {
			facts := e.Facts(rules.Input{Applicant: map[string]any{"id_number": f.Resident.IDNumber}, Sources: f.Sources(), Today: at})
			if d.Decide(facts, f.Resident.Name).Qualifies {
				out = append(out, f.Resident.IDNumber)
			}
		}
		if len(page) < 1000 {
			return out
		}
		after = page[len(page)-1].Resident.IDNumber
	}
}
