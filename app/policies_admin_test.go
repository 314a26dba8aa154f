package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
)

func newPolicyAdmin(t *testing.T) (*app.PolicyAdmin, *policyStore) {
	t.Helper()
	p, s := newPolicies(t)
	return &app.PolicyAdmin{Policies: p, Names: s, Authz: p.Authz, Time: policyDay}, s
}

// demoPolicy is a demo policy by code, to edit.
func demoPolicy(t *testing.T, code string) haoban.Policy {
	t.Helper()
	for _, p := range demo.Policies() {
		if p.Code == code {
			return p
		}
	}
	t.Fatalf("no demo policy %s", code)
	return haoban.Policy{}
}

// publishLater saves an edit of the newborn subsidy as version 2 and
// publishes it effective in ten days.
func publishLater(t *testing.T, a *app.PolicyAdmin) haoban.PolicyVersion {
	t.Helper()
	ctx, admin := context.Background(), asDemo(t, "catalogue-admin")
	p := demoPolicy(t, "newborn-childcare-subsidy")
	p.Amount = "5000.0"
	d, err := a.Policies.SaveDraft(ctx, admin, p)
	if err != nil {
		t.Fatal(err)
	}
	v, err := a.Policies.Publish(ctx, admin, d.Policy, d.Version, policyDay.T.Add(10*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPolicyWithdraw(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		a, s := newPolicyAdmin(t)
		v := publishLater(t, a)
		if err := a.Policies.Withdraw(ctx, asDemo(t, "catalogue-admin"), v.Policy, v.Version); err != nil {
			t.Fatal(err)
		}
		got, _ := s.FindPolicyVersion(ctx, v.Policy, v.Version)
		if got.State != haoban.VersionWithdrawn || got.WithdrawnBy != "catalogue-admin" {
			t.Fatalf("version %+v", got)
		}
		last := s.audit[len(s.audit)-1]
		if last.Action != "policy_withdrawn" || last.Target != "policy:newborn-childcare-subsidy@2" || last.Actor != "catalogue-admin" {
			t.Fatalf("audit %+v", last)
		}
		in, _ := s.PoliciesInForce(ctx, policyDay.T.Add(20*24*time.Hour))
		for _, p := range in {
			if p.Code == v.Policy && p.Amount != "3600.0" {
				t.Fatalf("in force after withdrawal: %s", p.Amount)
			}
		}
	})
	t.Run("ErrInForce", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		err := a.Policies.Withdraw(ctx, asDemo(t, "catalogue-admin"), "newborn-childcare-subsidy", 1)
		if haoban.ErrorCode(err) != haoban.ECONFLICT || !strings.Contains(haoban.ErrorMessage(err), "已生效") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrDraft", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		d, err := a.Policies.SaveDraft(ctx, asDemo(t, "catalogue-admin"), demoPolicy(t, "startup-subsidy"))
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Policies.Withdraw(ctx, asDemo(t, "catalogue-admin"), d.Policy, d.Version); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("got %v", err)
		}
	})
	for _, who := range []string{"zhang-wei", "reviewer-samr", "editor-samr", "admin"} {
		t.Run("ErrForbidden/"+who, func(t *testing.T) {
			a, s := newPolicyAdmin(t)
			v := publishLater(t, a)
			err := a.Policies.Withdraw(ctx, asDemo(t, who), v.Policy, v.Version)
			if haoban.ErrorCode(err) != haoban.EFORBIDDEN {
				t.Fatalf("got %v", err)
			}
			if got, _ := s.FindPolicyVersion(ctx, v.Policy, v.Version); got.State != haoban.VersionPublished {
				t.Fatalf("state %s", got.State)
			}
		})
	}
}

func TestPolicyCompare(t *testing.T) {
	ctx := context.Background()
	t.Run("OKInWords", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		p := demoPolicy(t, "elderly-hardship-allowance")
		p.Conditions = []haoban.PolicyCondition{
			{Expression: p.Conditions[0].Expression, Message: "须为本市户籍"},                       // message changed
			{Expression: `age_on(applicant.id_number, today) >= 65`, Message: "申请人须年满 65 周岁"}, // replaces the age
			p.Conditions[2],
		}
		p.Budget, p.Delivery, p.Publicity, p.Department = 30_000_000, haoban.DeliverConfirm, 10, "hrss"
		d, err := a.Policies.SaveDraft(ctx, asDemo(t, "catalogue-admin"), p)
		if err != nil {
			t.Fatal(err)
		}
		cmp, err := a.Compare(ctx, asDemo(t, "catalogue-admin"), p.Code, 1, d.Version)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cmp.Changes {
			got = append(got, c.Where+"|"+c.Kind+"|"+c.Before+"|"+c.After)
		}
		want := []string{
			"发布部门|修改|民政局|人力资源和社会保障局",
			"享受条件「申请人须年满 60 周岁」|删除|age_on(applicant.id_number, today) >= 60|",
			"享受条件「须为本市户籍」的提示|修改|申请人须为本市户籍居民|须为本市户籍",
			"享受条件「申请人须年满 65 周岁」|新增||age_on(applicant.id_number, today) >= 65",
			"资金总额|修改|2000 万元|3000 万元",
			"兑付方式|修改|直接兑付|意愿确认后兑付",
			"公示天数|修改|7 天|10 天",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("changes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
	t.Run("OKSameVersion", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		cmp, err := a.Compare(ctx, asDemo(t, "catalogue-admin"), "startup-subsidy", 1, 1)
		if err != nil || len(cmp.Changes) != 0 || cmp.Changes == nil {
			t.Fatalf("got %+v, %v", cmp, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		_, err := a.Compare(ctx, asDemo(t, "catalogue-admin"), "startup-subsidy", 1, 9)
		if haoban.ErrorCode(err) != haoban.ENOTFOUND {
			t.Fatalf("got %v", err)
		}
	})
	for _, who := range []string{"zhang-wei", "reviewer-samr"} {
		t.Run("ErrForbidden/"+who, func(t *testing.T) {
			a, _ := newPolicyAdmin(t)
			if _, err := a.Compare(ctx, asDemo(t, who), "startup-subsidy", 1, 1); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
				t.Fatalf("got %v", err)
			}
		})
	}
}
