package e2e_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
	"haoban/workflows"
)

// benefitDay is when these tests start, whatever the machine's date: in
// the demo policies' period, two weeks after the demo births.
var benefitDay = time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)

// zhangWeiID is the demo parent whose newborn the hospital registered on
// 2026-11-20 (demo.Births).
const zhangWeiID = "31010419900307123X"

// TestNewbornSubsidyEndToEnd is the acceptance test of 免申即享 delivery:
// the newborn subsidy matches the newborn's parent, who is asked and
// confirms on the page; the publicity period passes; the payment service
// records one payment of 3,600 yuan; the sealed grant decision verifies;
// and the parent was told at each step.
func TestNewbornSubsidyEndToEnd(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(benefitDay)
	ctx := context.Background()
	p := demo.Policies()[0]
	matchAndDeliver(t, s, p)

	id := haoban.BenefitID(p.Code, p.Period(), zhangWeiID)
	waitBenefit(t, s, id, "the request for confirmation", inStatus(haoban.BenefitAsked))
	parent := s.login("zhang-wei")
	mine := s.must(200, s.call("GET", "/api/v1/me/benefits", parent, nil)).body["benefits"].([]any)
	if len(mine) != 1 || mine[0].(map[string]any)["id"] != id || mine[0].(map[string]any)["amount"] != 3600.0 {
		t.Fatalf("张伟's 我的待享: %v, want the one newborn subsidy of 3600", mine)
	}
	s.must(404, s.call("POST", "/api/v1/benefits/"+id+"/answer", s.login("li-na"), map[string]any{"confirm": true}))
	// The parent confirms on the case's page.
	page := s.browse(t, "zhang-wei")
	if html := page.get("/benefits/"+id, 200); !strings.Contains(html, p.Name) {
		t.Fatalf("the case's page does not name the policy: %.1000s", html)
	}
	postForm(t, page, "/benefits/"+id+"/answer", url.Values{"answer": {"confirm"}}, 200)
	b := waitBenefit(t, s, id, "publicity", inStatus(haoban.BenefitPublicity))
	if got := b.PublicityTo.Sub(b.PublicityFrom); got != 7*24*time.Hour {
		t.Fatalf("publicity lasts %v, want the policy's 7 days", got)
	}
	if len(paymentsOf(s, id)) != 0 {
		t.Fatal("paid during publicity")
	}

	endPublicity(t, s, b)
	b = waitBenefit(t, s, id, "the payment", inStatus(haoban.BenefitPaid))
	pays := paymentsOf(s, id)
	if len(pays) != 1 || pays[0].Order.Amount != 360_000 || pays[0].Serial != b.PaymentSerial {
		t.Fatalf("the ledger holds %+v for the case, want one payment of 360000 fen with serial %s", pays, b.PaymentSerial)
	}
	if pays[0].Order.Payee.ID != zhangWeiID {
		t.Fatalf("paid to %+v, want 张伟", pays[0].Order.Payee)
	}
	v, err := s.issuer.VerifyDocument(ctx, b.DecisionDocument)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || v.Benefit == nil || v.Benefit.ID != id {
		t.Fatalf("the grant decision %q does not verify: %+v", b.DecisionDocument, v)
	}

	// A delivery that lost its record of this match (a crash between
	// starting the case and marking the match delivered) does not start
	// the paid case's workflow again.
	first := benefitRun(t, s, id)
	if _, err := s.store.Pool().Exec(ctx, `UPDATE policy_matches SET delivered_at = NULL WHERE beneficiary = $1`,
		zhangWeiID); err != nil {
		t.Fatal(err)
	}
	matchAndDeliver(t, s, p)
	if run := benefitRun(t, s, id); run != first {
		t.Fatalf("delivering the match again started the case's workflow again: run %s, then %s", first, run)
	}
	if pays := paymentsOf(s, id); len(pays) != 1 {
		t.Fatalf("after a second run the ledger holds %d payments for the case", len(pays))
	}

	kinds := noticeKinds(t, s, "zhang-wei")
	for _, k := range []haoban.NoticeKind{haoban.KindBenefitMatched, haoban.KindBenefitApproved, haoban.KindBenefitPaid} {
		if kinds[string(k)] != 1 {
			t.Errorf("张伟 has %d notices of kind %s, want 1 (all: %v)", kinds[string(k)], k, kinds)
		}
	}
}

// wangXiuYingID is 张伟's grandmother, whose low-income certification
// qualifies her for the hardship allowance (demo.LowIncomes).
const wangXiuYingID = "310104193802050024"

// TestObjectionUpheldStopsPayment files objections during publicity: the
// newborn subsidy's, upheld by the health commission, stops the case and
// nothing is paid when the publicity period has passed; the hardship
// allowance's, rejected by civil affairs, returns the case to publicity
// and it is paid when the period ends.
func TestObjectionUpheldStopsPayment(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(benefitDay)
	ctx := context.Background()
	newborn, hardship := demo.Policies()[0], demo.Policies()[1]
	matchAndDeliver(t, s, newborn)
	matchAndDeliver(t, s, hardship)
	stopped := haoban.BenefitID(newborn.Code, newborn.Period(), zhangWeiID)
	paid := haoban.BenefitID(hardship.Code, hardship.Period(), wangXiuYingID)
	waitBenefit(t, s, stopped, "the request for confirmation", inStatus(haoban.BenefitAsked))
	s.must(200, s.call("POST", "/api/v1/benefits/"+stopped+"/answer", s.login("zhang-wei"), map[string]any{"confirm": true}))
	waitBenefit(t, s, stopped, "publicity", inStatus(haoban.BenefitPublicity))
	// The allowance pays without asking: its case goes to publicity.
	waitBenefit(t, s, paid, "publicity", inStatus(haoban.BenefitPublicity))

	objector, health, civil := s.login("li-na"), s.login("reviewer-health"), s.login("reviewer-civil")
	upheld := s.must(200, s.call("POST", "/api/v1/benefits/"+stopped+"/objections", objector,
		map[string]string{"reasons": "据我所知该新生儿已随父母迁出本市户籍。"})).body["id"].(string)
	rejected := s.must(200, s.call("POST", "/api/v1/benefits/"+paid+"/objections", objector,
		map[string]string{"reasons": "申请人家庭收入明显高于低收入标准。"})).body["id"].(string)
	waitBenefit(t, s, stopped, "the objection", inStatus(haoban.BenefitObjected))
	waitBenefit(t, s, paid, "the objection", inStatus(haoban.BenefitObjected))
	decide := func(objection, token string, upheld bool, finding string) response {
		return s.call("POST", "/api/v1/objections/"+objection+"/decision", token,
			map[string]any{"upheld": upheld, "finding": finding})
	}
	s.must(403, decide(upheld, s.login("reviewer-samr"), true, "核实属实"))
	s.must(200, decide(upheld, health, true, "经核查，该户已于 2026 年 11 月迁出本市，不符合本市户籍条件。"))
	s.must(200, decide(rejected, civil, false, "经核查，低收入家庭认定在有效期内，异议不成立。"))
	b := waitBenefit(t, s, stopped, "the stop", inStatus(haoban.BenefitStopped))
	a := waitBenefit(t, s, paid, "the return to publicity", inStatus(haoban.BenefitPublicity))

	endPublicity(t, s, b)
	endPublicity(t, s, a)
	waitBenefit(t, s, paid, "the payment", inStatus(haoban.BenefitPaid))
	if pays := paymentsOf(s, paid); len(pays) != 1 || pays[0].Order.Amount != 80_000 {
		t.Fatalf("the allowance's ledger entries: %+v, want one of 80000 fen", pays)
	}
	wf, cancel := context.WithTimeout(ctx, benefitWait)
	defer cancel()
	if err := s.temporal.GetWorkflow(wf, workflows.BenefitWorkflowID(stopped), "").Get(wf, nil); err != nil {
		t.Fatalf("the stopped case's workflow: %v", err)
	}
	b, err := s.store.FindBenefit(ctx, stopped)
	if err != nil {
		t.Fatal(err)
	}
	if b.Status != haoban.BenefitStopped || !strings.Contains(b.Reason, "迁出本市") || b.DecisionDocument != "" {
		t.Fatalf("the upheld case ended %s (%s), document %q: want stopped with the finding and no decision",
			b.Status, b.Reason, b.DecisionDocument)
	}
	if pays := paymentsOf(s, stopped); len(pays) != 0 {
		t.Fatalf("the stopped case was paid: %+v", pays)
	}
	if kinds := noticeKinds(t, s, "zhang-wei"); kinds[string(haoban.KindBenefitStopped)] != 1 || kinds[string(haoban.KindBenefitPaid)] != 0 {
		t.Fatalf("张伟's notices: %v, want one telling him the benefit stopped and none of a payment", kinds)
	}
}

// TestBudgetExhaustedExactly matches a policy whose budget covers K of its
// N beneficiaries, paid without asking and without publicity, so that the
// N cases' workflows approve at once: exactly K are paid and the rest told
// the funds ran out, the ledger pays out exactly the budget, and the
// budget's reservation equals it.
func TestBudgetExhaustedExactly(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(benefitDay)
	ctx := context.Background()
	seedResidents(t, s, 24)
	var n int
	if err := s.store.Pool().QueryRow(ctx, `SELECT count(*) FROM residents WHERE address LIKE '上海市%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	k := n / 2
	if k < 10 {
		t.Fatalf("%d residents live in Shanghai: too few to race", n)
	}
	p := demo.Policies()[1]
	p.Code, p.Name, p.Demo = "budget-test-allowance", "测试用生活补助", false
	p.Conditions = []haoban.PolicyCondition{{Expression: `sources["resident.address"].startsWith("上海市")`,
		Message: "申请人须为本市户籍居民"}}
	p.Amount, p.Budget, p.Delivery, p.Publicity = `250.0`, float64(k)*250, haoban.DeliverAutomatic, 0
	if err := s.store.EnsurePolicy(ctx, p); err != nil {
		t.Fatal(err)
	}
	matchAndDeliver(t, s, p)
	cases := waitSettled(t, s, p.Code, n)
	counts := map[haoban.BenefitStatus]int{}
	for _, st := range cases {
		counts[st]++
	}
	if counts[haoban.BenefitPaid] != k || counts[haoban.BenefitUnfunded] != n-k {
		t.Fatalf("statuses %v, want %d paid and %d unfunded", counts, k, n-k)
	}
	var paid int64
	for id, st := range cases {
		pays := paymentsOf(s, id)
		if st == haoban.BenefitPaid && len(pays) != 1 || st != haoban.BenefitPaid && len(pays) != 0 {
			t.Fatalf("case %s (%s) has %d payments", id, st, len(pays))
		}
		for _, e := range pays {
			paid += e.Order.Amount
		}
	}
	if want := int64(k) * 25_000; paid != want {
		t.Fatalf("the ledger paid %d fen, want the budget's %d", paid, want)
	}
	d, err := s.store.BenefitDashboard(ctx, p.Code)
	if err != nil {
		t.Fatal(err)
	}
	if d.Reserved != p.Budget || d.Paid != p.Budget || d.Budget != p.Budget {
		t.Fatalf("dashboard: budget %v, reserved %v, paid %v; want all %v", d.Budget, d.Reserved, d.Paid, p.Budget)
	}
}
