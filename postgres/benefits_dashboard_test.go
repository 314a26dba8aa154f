package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
)

func TestBenefitDashboard(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	p := demo.Policies()[0]
	bs := openBenefits(t, s, "run-dashboard", 1000, 100, haoban.ForPersons,
		"110101199001010061", "110101199001010062", "110101199001010063", "110101199001010064")
	for _, b := range bs[:3] {
		toPublicity(t, s, b.ID)
	}
	if _, err := s.FileObjection(ctx, haoban.Objection{Benefit: bs[2].ID, FiledBy: "zhang-wei", Reasons: "不符合条件",
		FiledAt: benefitDay.Add(time.Hour), DueAt: benefitDay.AddDate(0, 0, 7)}, haoban.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	for i, b := range bs[:2] {
		if _, err := s.ApproveBenefit(ctx, b.ID, benefitDay.AddDate(0, 0, 7)); err != nil {
			t.Fatal(err)
		}
		paid := benefitDay.AddDate(0, 0, 8+2*i) // 8 and 10 days after the match
		if _, err := s.TransitionBenefit(ctx, haoban.BenefitTransition{ID: b.ID, From: []haoban.BenefitStatus{haoban.BenefitApproved},
			To: haoban.BenefitPaid, At: paid, Key: "paid", Actor: "system",
			Set: haoban.BenefitFields{PaymentKey: "pay-" + b.ID, PaymentSerial: fmt.Sprintf("T%d", i), PaidAt: paid}}); err != nil {
			t.Fatal(err)
		}
	}

	// One declines: the timeline counts it, whatever its status later.
	if _, err := s.TransitionBenefit(ctx, haoban.BenefitTransition{ID: bs[3].ID, From: []haoban.BenefitStatus{haoban.BenefitMatched},
		To: haoban.BenefitDeclined, At: benefitDay.Add(time.Hour), Key: "answer", Event: "declined", Actor: "li-na"}); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		d, err := s.BenefitDashboard(ctx, p.Code)
		if err != nil {
			t.Fatal(err)
		}
		want := haoban.BenefitDashboard{Policy: p.Code, Name: p.Name, Matched: 4, Objected: 1, Declined: 1, Budget: 1000, Reserved: 200,
			Paid: 200, PaidCount: 2, AvgDays: 9}
		counts := d.Counts
		d.Counts = nil
		if fmt.Sprint(d) != fmt.Sprint(want) {
			t.Fatalf("dashboard %+v, want %+v", d, want)
		}
		if len(counts) != len(haoban.BenefitStatuses) || counts[haoban.BenefitPaid] != 2 || counts[haoban.BenefitObjected] != 1 ||
			counts[haoban.BenefitDeclined] != 1 || counts[haoban.BenefitMatched] != 0 || counts[haoban.BenefitApproved] != 0 {
			t.Fatalf("counts %v", counts)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.BenefitDashboard(ctx, "no-such-policy"); haoban.ErrorCode(err) != haoban.ENOTFOUND {
			t.Fatalf("got %v, want ENOTFOUND", err)
		}
	})
	t.Run("PaidBenefits", func(t *testing.T) {
		got, err := s.PaidBenefits(ctx, benefitDay.AddDate(0, 0, 8), benefitDay.AddDate(0, 0, 10))
		if err != nil || len(got) != 1 || got[0].PaymentSerial != "T0" || got[0].PaymentKey != "pay-"+bs[0].ID {
			t.Fatalf("paid in [8, 10) days: %+v (%v), want the first", got, err)
		}
	})
	t.Run("BenefitsOf", func(t *testing.T) {
		got, err := s.BenefitsOf(ctx, []string{bs[0].Beneficiary, bs[3].Beneficiary})
		if err != nil || len(got) != 2 || got[0].Facts == nil {
			t.Fatalf("benefits of two: %+v (%v)", got, err)
		}
	})
}
