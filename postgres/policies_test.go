package postgres_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
	"haoban/seed"
)

// TestPolicyVersions walks a policy through draft and publishing: the
// demo load is idempotent, a draft is edited in place, a version takes
// effect from its date, and a second publish is a conflict.
func TestPolicyVersions(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	if err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	in, err := s.PoliciesInForce(ctx, at)
	if err != nil || len(in) != len(demo.Policies()) {
		t.Fatalf("%d policies in force after two demo loads, want %d (%v)", len(in), len(demo.Policies()), err)
	}

	p := demo.Policies()[0]
	p.Name = "新生儿一次性育儿补贴（提高标准）"
	p.Amount = `5000.0`
	meta := haoban.AuditEntry{At: at, Actor: "catalogue-admin", Role: haoban.RoleCatalogueAdmin, Action: "policy_draft_saved"}
	d, err := s.SavePolicyDraft(ctx, p, meta)
	if err != nil || d.Version != 2 || d.State != haoban.VersionDraft {
		t.Fatalf("draft %+v, %v", d, err)
	}
	p.Amount = `4000.0`
	if d2, err := s.SavePolicyDraft(ctx, p, meta); err != nil || d2.Version != 2 || d2.Body.Amount != `4000.0` {
		t.Fatalf("second save %+v, %v: want the same draft edited", d2, err)
	}

	effective := time.Date(2026, 12, 10, 0, 0, 0, 0, haoban.Beijing)
	d.Body, d.State, d.EffectiveFrom, d.PublishedBy, d.PublishedAt = p, haoban.VersionPublished, effective, "catalogue-admin", at
	meta.Action, meta.Target = "policy_published", "policy:"+p.Code+"@2"
	if err := s.PublishPolicy(ctx, d, meta); err != nil {
		t.Fatal(err)
	}
	var audited int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM audit WHERE target = $1`, meta.Target).Scan(&audited); err != nil || audited != 3 {
		t.Fatalf("%d audit entries for the two saves and the publish, want 3 (%v)", audited, err)
	}
	if err := s.PublishPolicy(ctx, d, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Fatalf("second publish: %v, want ECONFLICT", err)
	}
	for _, tc := range []struct {
		at   time.Time
		want string
	}{{at, `3600.0`}, {effective, `4000.0`}} {
		in, err := s.PoliciesInForce(ctx, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range in {
			if got.Code == p.Code && got.Amount != tc.want {
				t.Errorf("on %s amount %s, want %s", tc.at.Format(time.DateOnly), got.Amount, tc.want)
			}
		}
	}
	v, err := s.FindPolicyVersion(ctx, p.Code, 2)
	if err != nil || v.PublishedBy != "catalogue-admin" || !v.EffectiveFrom.Equal(effective) {
		t.Fatalf("stored %+v, %v", v, err)
	}
	if _, err := s.FindPolicyVersion(ctx, p.Code, 9); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Fatalf("missing version: %v", err)
	}
}

// TestWithdrawPolicy withdraws a version before it takes effect, audited,
// and refuses once it is in force: the version before stays in force.
func TestWithdrawPolicy(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	if err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	p := demo.Policies()[0]
	p.Amount = `5000.0`
	meta := haoban.AuditEntry{At: at, Actor: "catalogue-admin", Role: haoban.RoleCatalogueAdmin, Action: "policy_draft_saved"}
	d, err := s.SavePolicyDraft(ctx, p, meta)
	if err != nil {
		t.Fatal(err)
	}
	effective := time.Date(2026, 12, 10, 0, 0, 0, 0, haoban.Beijing)
	d.State, d.EffectiveFrom, d.PublishedBy, d.PublishedAt = haoban.VersionPublished, effective, "catalogue-admin", at
	meta.Action, meta.Target = "policy_published", "policy:"+p.Code+"@2"
	if err := s.PublishPolicy(ctx, d, meta); err != nil {
		t.Fatal(err)
	}

	t.Run("ErrInForce", func(t *testing.T) {
		err := s.WithdrawPolicy(ctx, p.Code, 2, effective, meta)
		if haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("withdraw on its effective date: %v, want ECONFLICT", err)
		}
		if err := s.WithdrawPolicy(ctx, p.Code, 1, at, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("withdraw version 1: %v, want ECONFLICT", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		meta.Action, meta.At = "policy_withdrawn", at.Add(time.Hour)
		if err := s.WithdrawPolicy(ctx, p.Code, 2, meta.At, meta); err != nil {
			t.Fatal(err)
		}
		v, err := s.FindPolicyVersion(ctx, p.Code, 2)
		if err != nil || v.State != haoban.VersionWithdrawn || v.WithdrawnBy != "catalogue-admin" || !v.WithdrawnAt.Equal(meta.At) {
			t.Fatalf("stored %+v, %v", v, err)
		}
		in, err := s.PoliciesInForce(ctx, effective.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range in {
			if got.Code == p.Code && got.Amount != `3600.0` {
				t.Fatalf("in force after the withdrawal: %s, want version 1's 3600.0", got.Amount)
			}
		}
		trail, err := s.PolicyAudit(ctx, p.Code)
		if err != nil || len(trail) != 3 || trail[0].Action != "policy_draft_saved" || trail[2].Action != "policy_withdrawn" {
			t.Fatalf("audit %+v, %v", trail, err)
		}
		if err := s.WithdrawPolicy(ctx, p.Code, 2, meta.At, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("second withdrawal: %v, want ECONFLICT", err)
		}
	})
}

// TestPolicyFacts reads the registry facts the demo policies are decided on.
func TestPolicyFacts(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	f, err := s.PersonFacts(ctx, "31010419900307123X")
	if err != nil || f.Resident.Name != "张伟" || f.LatestBirth.IsZero() || f.LowIncome != nil {
		t.Fatalf("张伟 %+v, %v", f, err)
	}
	g, err := s.PersonFacts(ctx, "310104193802050024")
	if err != nil || g.LowIncome == nil || g.LowIncome.Kind != "低收入家庭" || !g.LatestBirth.IsZero() {
		t.Fatalf("王秀英 %+v, %v", g, err)
	}
	es, err := s.EnterpriseFactsOf(ctx, "310115198811203215")
	if err != nil || len(es) != 1 || es[0].NewInsured != 3 || es[0].Enterprise.Employees != 12 || es[0].Established.IsZero() {
		t.Fatalf("李娜's enterprises %+v, %v", es, err)
	}
	if _, err := s.PersonFacts(ctx, "110101199001010000"); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Fatalf("unknown person: %v", err)
	}
}

// TestSeedPolicyFacts: the generated population carries the facts the
// policies read, so a matching run has someone to find.
func TestSeedPolicyFacts(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if err := seed.Load(ctx, s.Pool(), seed.Sizes{Residents: 500, Enterprises: 100}); err != nil {
		t.Fatal(err)
	}
	var established, hired, certified int
	err := s.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM enterprises WHERE established_on IS NOT NULL),
		(SELECT count(*) FROM insured_counts WHERE new_this_year > 0),
		(SELECT count(*) FROM low_income_certifications)`).Scan(&established, &hired, &certified)
	if err != nil {
		t.Fatal(err)
	}
	// 100 generated and the demo's two; about 100 × 2/3 × 5/6 hire, 500 / 25 are certified.
	if established != 102 || hired < 30 || certified < 8 || certified > 40 {
		t.Fatalf("established %d, hired %d, certified %d", established, hired, certified)
	}
	f, err := s.PersonFacts(ctx, seed.NthResident(firstLowIncome(t)).IDNumber)
	if err != nil || f.LowIncome == nil {
		t.Fatalf("a certified resident's facts %+v, %v", f, err)
	}
}

func firstLowIncome(t *testing.T) int {
	for i := range 500 {
		if seed.HasLowIncome(i) {
			return i
		}
	}
	t.Fatal("no certified resident among 500")
	return 0
}
