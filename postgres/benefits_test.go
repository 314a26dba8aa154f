package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/postgres"
)

var _ app.BenefitStore = (*postgres.Store)(nil)

// benefitDay is the fixed instant the benefit tests start from.
var benefitDay = time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)

// openBenefits matches the beneficiaries to the demo newborn subsidy, a
// run of their own, and opens their cases against budget.
func openBenefits(tb testing.TB, s *postgres.Store, run string, budget, amount float64, kind haoban.Audience, beneficiaries ...string) []haoban.BenefitCase {
	tb.Helper()
	ctx := context.Background()
	p := demo.Policies()[0]
	if err := s.StartPolicyRun(ctx, haoban.PolicyRun{ID: run, Policy: p.Code, Version: 1, Period: p.Period(), StartedAt: benefitDay}); err != nil {
		tb.Fatal(err)
	}
	var ms []haoban.PolicyMatch
	for _, b := range beneficiaries {
		ms = append(ms, haoban.PolicyMatch{Policy: p.Code, Version: 1, Period: p.Period(), Beneficiary: b, Kind: kind,
			Name: "受益人" + b[len(b)-2:], Amount: amount, Facts: map[string]any{"birth.latest": "2026-11-01"},
			MatchedAt: benefitDay, RunID: run})
	}
	if _, err := s.RecordMatchPage(ctx, run, "", "end", len(ms), ms, benefitDay); err != nil {
		tb.Fatal(err)
	}
	var bs []haoban.BenefitCase
	for _, m := range ms {
		b, err := s.OpenBenefit(ctx, haoban.BenefitCase{ID: haoban.BenefitID(m.Policy, m.Period, m.Beneficiary), Policy: m.Policy,
			Version: m.Version, Period: m.Period, Department: p.Department, Beneficiary: m.Beneficiary, Kind: m.Kind, Name: m.Name,
			Amount: m.Amount, Delivery: p.Delivery, MatchedAt: m.MatchedAt}, budget)
		if err != nil {
			tb.Fatal(err)
		}
		bs = append(bs, b)
	}
	return bs
}

// toPublicity moves a case from matched into a publicity period of a
// week from benefitDay.
func toPublicity(tb testing.TB, s *postgres.Store, id string) haoban.BenefitCase {
	tb.Helper()
	b, err := s.TransitionBenefit(context.Background(), haoban.BenefitTransition{ID: id, From: []haoban.BenefitStatus{haoban.BenefitMatched},
		To: haoban.BenefitPublicity, At: benefitDay, Key: "publicity", Actor: "system",
		Set: haoban.BenefitFields{PublicityFrom: benefitDay, PublicityTo: benefitDay.AddDate(0, 0, 7)}})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func noticesOf(tb testing.TB, s *postgres.Store, user string) []haoban.Notification {
	tb.Helper()
	ns, _, err := s.Notifications(context.Background(), user, false, 0, 100)
	if err != nil {
		tb.Fatal(err)
	}
	return ns
}

func TestBenefitOpen(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if _, err := s.Pool().Exec(ctx, `INSERT INTO credit_records (subject, level, reason, listed_on)
		VALUES ('110101199001010022', '严重失信', '拒不履行法院判决', '2025-06-01')`); err != nil {
		t.Fatal(err)
	}
	bs := openBenefits(t, s, "run-open", 1000, 100, haoban.ForPersons, "110101199001010011", "110101199001010022")

	t.Run("OK", func(t *testing.T) {
		b, err := s.FindBenefit(ctx, bs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != haoban.BenefitMatched || b.PolicyName != "新生儿一次性育儿补贴" || b.Delivery != haoban.DeliverConfirm ||
			b.Amount != 100 || b.Facts["birth.latest"] != "2026-11-01" || b.Flagged ||
			b.Account != haoban.BenefitAccount(haoban.ForPersons, "110101199001010011") || !b.MatchedAt.Equal(benefitDay) {
			t.Fatalf("opened %+v", b)
		}
	})
	t.Run("Flagged", func(t *testing.T) {
		if !bs[1].Flagged {
			t.Fatal("a seriously untrustworthy beneficiary's case is not flagged")
		}
	})
	t.Run("Review", func(t *testing.T) {
		if _, err := s.TransitionBenefit(ctx, haoban.BenefitTransition{ID: bs[1].ID, From: []haoban.BenefitStatus{haoban.BenefitMatched},
			To: haoban.BenefitReview, At: benefitDay, Key: "review", Actor: "system"}); err != nil {
			t.Fatal(err)
		}
		objs, review, err := s.DepartmentBenefitWork(ctx, "health")
		if err != nil || len(objs) != 0 || len(review) != 1 || review[0].ID != bs[1].ID || review[0].PolicyName == "" {
			t.Fatalf("department work %+v %+v (%v), want the flagged case in review", objs, review, err)
		}
	})
	t.Run("OpenTwice", func(t *testing.T) {
		again, err := s.OpenBenefit(ctx, haoban.BenefitCase{ID: bs[0].ID, Policy: bs[0].Policy, Version: 1, Period: bs[0].Period,
			Department: "health", Beneficiary: bs[0].Beneficiary, Kind: haoban.ForPersons, Name: "别的名字", Amount: 999,
			Delivery: haoban.DeliverConfirm, MatchedAt: benefitDay.Add(time.Hour)}, 5)
		if err != nil || again.Amount != 100 || again.Name != bs[0].Name {
			t.Fatalf("opened again %+v (%v), want the case as it was", again, err)
		}
		var cases, budgets int
		var budget float64
		if err := s.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM benefit_cases),
				(SELECT count(*) FROM policy_budgets), (SELECT budget::float8 FROM policy_budgets)`).Scan(&cases, &budgets, &budget); err != nil {
			t.Fatal(err)
		}
		if cases != 2 || budgets != 1 || budget != 1000 {
			t.Fatalf("%d cases, %d budget rows of %v, want 2 and 1 of 1000", cases, budgets, budget)
		}
		evs, err := s.BenefitEvents(ctx, bs[0].ID)
		if err != nil || len(evs) != 1 || evs[0].Type != "matched" {
			t.Fatalf("events %+v (%v), want one matched", evs, err)
		}
	})
	t.Run("Delivered", func(t *testing.T) {
		p := demo.Policies()[0]
		ms, err := s.UndeliveredMatches(ctx, p.Code, p.Period(), 10)
		if err != nil || len(ms) != 2 {
			t.Fatalf("undelivered %d (%v), want 2", len(ms), err)
		}
		if err := s.MarkDelivered(ctx, p.Code, p.Period(), []string{ms[0].Beneficiary}, benefitDay); err != nil {
			t.Fatal(err)
		}
		ms, err = s.UndeliveredMatches(ctx, p.Code, p.Period(), 10)
		if err != nil || len(ms) != 1 || ms[0].Beneficiary != "110101199001010022" {
			t.Fatalf("undelivered %+v (%v), want the second only", ms, err)
		}
	})
}

func TestBenefitTransition(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	const person = "110101199001010033"
	if err := s.UpsertUsers(ctx, []haoban.User{{ID: "bf-person", Name: "受益人", Roles: []string{haoban.RoleApplicant},
		Department: haoban.AnyDepartment, IDNumber: person}}); err != nil {
		t.Fatal(err)
	}
	b := openBenefits(t, s, "run-transition", 1000, 100, haoban.ForPersons, person)[0]
	ask := haoban.BenefitTransition{ID: b.ID, From: []haoban.BenefitStatus{haoban.BenefitMatched}, To: haoban.BenefitAsked,
		At: benefitDay.Add(time.Minute), Key: "asked", Event: "asked", Actor: "system",
		Set:    haoban.BenefitFields{ConfirmBy: benefitDay.AddDate(0, 0, haoban.ConfirmDays)},
		Notice: &haoban.BenefitNotice{Kind: haoban.KindBenefitMatched, Title: "政策找到您", Body: "请确认是否领取新生儿一次性育儿补贴"}}

	t.Run("OK", func(t *testing.T) {
		got, err := s.TransitionBenefit(ctx, ask)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != haoban.BenefitAsked || !got.ConfirmBy.Equal(ask.Set.ConfirmBy) || !got.UpdatedAt.Equal(ask.At) {
			t.Fatalf("asked %+v", got)
		}
		ns := noticesOf(t, s, "bf-person")
		if len(ns) != 1 || ns[0].Kind != string(haoban.KindBenefitMatched) || ns[0].CaseID != "" {
			t.Fatalf("notices %+v, want one benefit_matched", ns)
		}
	})
	t.Run("Retried", func(t *testing.T) {
		got, err := s.TransitionBenefit(ctx, ask)
		if err != nil || got.Status != haoban.BenefitAsked {
			t.Fatalf("retried step: %+v (%v), want the case unchanged", got, err)
		}
		evs, err := s.BenefitEvents(ctx, b.ID)
		if err != nil || len(evs) != 2 {
			t.Fatalf("events %+v (%v), want matched and asked once", evs, err)
		}
		if ns := noticesOf(t, s, "bf-person"); len(ns) != 1 {
			t.Fatalf("%d notices after a retry, want 1", len(ns))
		}
		var audits int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM audit WHERE target = $1 AND action = 'benefit.asked'`, b.ID).
			Scan(&audits); err != nil || audits != 1 {
			t.Fatalf("%d audit entries of the step (%v), want 1", audits, err)
		}
	})
	t.Run("ErrWrongFrom", func(t *testing.T) {
		_, err := s.TransitionBenefit(ctx, haoban.BenefitTransition{ID: b.ID, From: []haoban.BenefitStatus{haoban.BenefitMatched},
			To: haoban.BenefitPublicity, At: benefitDay.Add(2 * time.Minute), Key: "publicity", Actor: "system"})
		if haoban.ErrorCode(err) != haoban.ECONFLICT || !strings.Contains(haoban.ErrorMessage(err), "待确认") {
			t.Fatalf("got %v, want ECONFLICT naming 待确认", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.TransitionBenefit(ctx, haoban.BenefitTransition{ID: "bf-none", From: []haoban.BenefitStatus{haoban.BenefitMatched},
			To: haoban.BenefitAsked, At: benefitDay, Key: "asked"})
		if haoban.ErrorCode(err) != haoban.ENOTFOUND {
			t.Fatalf("got %v, want ENOTFOUND", err)
		}
	})
	t.Run("EnterpriseLegalRep", func(t *testing.T) {
		// 李娜 represents 上海好味餐饮有限公司: its notices reach her.
		e := openBenefits(t, s, "run-enterprise", 1000, 100, haoban.ForEnterprises, "91310115MA1K4ABCDD")[0]
		ask.ID = e.ID
		if _, err := s.TransitionBenefit(ctx, ask); err != nil {
			t.Fatal(err)
		}
		ns := noticesOf(t, s, "li-na")
		if len(ns) != 1 || ns[0].Kind != string(haoban.KindBenefitMatched) {
			t.Fatalf("legal representative's notices %+v, want one", ns)
		}
	})
}

// TestBenefitApproveConcurrently approves more cases at once than the
// budget covers: exactly those it covers are approved, the rest unfunded,
// and the reserve never passes the budget.
func TestBenefitApproveConcurrently(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	const n, k, amount = 16, 5, 120.5
	var ids []string
	for i := range n {
		ids = append(ids, fmt.Sprintf("1101011990010101%02d", i))
	}
	bs := openBenefits(t, s, "run-budget", k*amount, amount, haoban.ForPersons, ids...)
	for _, b := range bs {
		toPublicity(t, s, b.ID)
	}
	approve := func(t *testing.T) map[haoban.BenefitStatus]int {
		var wg sync.WaitGroup
		got := make([]haoban.BenefitCase, n)
		errs := make([]error, n)
		for i, b := range bs {
			wg.Go(func() { got[i], errs[i] = s.ApproveBenefit(ctx, b.ID, benefitDay.AddDate(0, 0, 8)) })
		}
		wg.Wait()
		counts := map[haoban.BenefitStatus]int{}
		for i := range got {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			counts[got[i].Status]++
		}
		return counts
	}
	reserved := func(t *testing.T) float64 {
		var r float64
		if err := s.Pool().QueryRow(ctx, `SELECT reserved::float8 FROM policy_budgets`).Scan(&r); err != nil {
			t.Fatal(err)
		}
		return r
	}

	t.Run("OK", func(t *testing.T) {
		counts := approve(t)
		if counts[haoban.BenefitApproved] != k || counts[haoban.BenefitUnfunded] != n-k {
			t.Fatalf("statuses %v, want %d approved and %d unfunded", counts, k, n-k)
		}
		if r := reserved(t); r != k*amount {
			t.Fatalf("reserved %v, want %v", r, k*amount)
		}
	})
	t.Run("Again", func(t *testing.T) {
		if counts := approve(t); counts[haoban.BenefitApproved] != k {
			t.Fatalf("approving again gave %v", counts)
		}
		if r := reserved(t); r != k*amount {
			t.Fatalf("reserved %v after approving again, want %v", r, k*amount)
		}
	})
	t.Run("Unfunded", func(t *testing.T) {
		for _, b := range bs {
			b, err := s.FindBenefit(ctx, b.ID)
			if err != nil {
				t.Fatal(err)
			}
			if b.Status == haoban.BenefitUnfunded && (b.Reason != "本期资金已用完" || !b.ApprovedAt.IsZero()) ||
				b.Status == haoban.BenefitApproved && !b.ApprovedAt.Equal(benefitDay.AddDate(0, 0, 8)) {
				t.Fatalf("case %+v", b)
			}
		}
	})
	t.Run("Release", func(t *testing.T) {
		var approved string
		for _, b := range bs {
			if b, _ := s.FindBenefit(ctx, b.ID); b.Status == haoban.BenefitApproved {
				approved = b.ID
				break
			}
		}
		b, err := s.TransitionBenefit(ctx, haoban.BenefitTransition{ID: approved, From: []haoban.BenefitStatus{haoban.BenefitApproved},
			To: haoban.BenefitCorrected, At: benefitDay.AddDate(0, 0, 9), Key: "corrected", Actor: "admin", ReleaseBudget: true,
			Set: haoban.BenefitFields{Reason: "重复享受", ReversedAt: benefitDay.AddDate(0, 0, 9)}})
		if err != nil || b.Status != haoban.BenefitCorrected || b.Reason != "重复享受" {
			t.Fatalf("corrected %+v (%v)", b, err)
		}
		if r := reserved(t); r != (k-1)*amount {
			t.Fatalf("reserved %v after a reversal, want %v", r, (k-1)*amount)
		}
	})
	t.Run("ErrNotInPublicity", func(t *testing.T) {
		b := openBenefits(t, s, "run-budget-2", k*amount, amount, haoban.ForPersons, "110101199001019999")[0]
		if _, err := s.ApproveBenefit(ctx, b.ID, benefitDay); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("approving a matched case: %v, want ECONFLICT", err)
		}
	})
}
