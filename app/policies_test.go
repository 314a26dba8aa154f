package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/rules"
)

// policyDay is a day in the demo policies' period, after the demo births.
var policyDay = haoban.FixedTime{T: time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)}

func newPolicies(t *testing.T) (*app.Policies, *policyStore) {
	t.Helper()
	e, err := rules.New(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := newPolicyStore()
	return &app.Policies{Store: s, Authz: authz(t), Engine: e, Time: policyDay}, s
}

func asDemo(t *testing.T, id string) app.Request {
	t.Helper()
	for _, u := range demo.Users() {
		if u.ID == id {
			return app.Request{User: u, RequestID: "req-1"}
		}
	}
	t.Fatalf("no demo user %s", id)
	return app.Request{}
}

func names(cs []haoban.PolicyCheck) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Subject+":"+c.Name)
	}
	return out
}

func TestPolicyCheck(t *testing.T) {
	t.Run("OKPersonQualifiesForNewborn", func(t *testing.T) {
		p, _ := newPolicies(t)
		rep, err := p.CheckMe(context.Background(), asDemo(t, "zhang-wei"))
		if err != nil {
			t.Fatal(err)
		}
		if got := names(rep.Qualified); len(got) != 1 || got[0] != "张伟:新生儿一次性育儿补贴" || rep.Qualified[0].Amount != 3600 {
			t.Fatalf("qualified %v (%+v)", got, rep.Qualified)
		}
		var elderly haoban.PolicyCheck
		for _, c := range rep.NotYet {
			if c.Policy == "elderly-hardship-allowance" {
				elderly = c
			}
		}
		want := []string{"申请人须年满 60 周岁", "须持有有效的本市最低生活保障或低收入家庭认定"}
		if strings.Join(elderly.Failed, "|") != strings.Join(want, "|") {
			t.Fatalf("elderly failed %q, want %q", elderly.Failed, want)
		}
		if len(rep.ApplyFor) != 1 || rep.ApplyFor[0].Policy != "skills-upgrade-subsidy" || rep.ApplyFor[0].Apply.Text == "" {
			t.Fatalf("apply %+v", rep.ApplyFor)
		}
		if len(rep.Enterprises) != 0 {
			t.Fatalf("enterprises %v", rep.Enterprises)
		}
	})
	t.Run("OKEnterpriseOfRepresentative", func(t *testing.T) {
		p, _ := newPolicies(t)
		rep, err := p.CheckMe(context.Background(), asDemo(t, "li-na"))
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(names(rep.Qualified), "|")
		if got != "上海好味餐饮有限公司:小微企业吸纳就业补贴|上海好味餐饮有限公司:初创企业一次性开业补贴" {
			t.Fatalf("qualified %s", got)
		}
		if rep.Qualified[0].Amount != 3000 {
			t.Fatalf("employment subsidy %v, want 3 new contributors × 1000", rep.Qualified[0].Amount)
		}
		for _, c := range rep.NotYet {
			if c.Policy == "micro-fee-reduction" && c.Failed[0] != "企业参保职工须少于 10 人（微型企业）" {
				t.Fatalf("micro %q", c.Failed)
			}
		}
	})
	t.Run("OKPolicyOutOfPeriodLeftOut", func(t *testing.T) {
		p, _ := newPolicies(t)
		p.Time = haoban.FixedTime{T: time.Date(2028, 2, 1, 0, 0, 0, 0, haoban.Beijing)}
		rep, err := p.CheckMe(context.Background(), asDemo(t, "zhang-wei"))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(rep.Qualified) + len(rep.NotYet) + len(rep.ApplyFor); n != 0 {
			t.Fatalf("%d answers after every demo policy ended", n)
		}
	})
	t.Run("OKPersonNotInTheRegistry", func(t *testing.T) {
		p, _ := newPolicies(t)
		r := asDemo(t, "zhang-wei")
		r.User.IDNumber = "110101199003070013" // no record in the population registry
		rep, err := p.CheckMe(context.Background(), r)
		if err != nil || len(rep.Qualified) != 0 || len(rep.NotYet) == 0 || rep.Person != r.User.Name {
			t.Fatalf("report %+v, %v: want every policy checked against no record", rep, err)
		}
	})
	t.Run("ErrStaffChecks", func(t *testing.T) {
		p, _ := newPolicies(t)
		_, err := p.CheckMe(context.Background(), asDemo(t, "reviewer-samr"))
		wantCode(t, err, haoban.EFORBIDDEN)
	})
}

func TestPolicyPublish(t *testing.T) {
	ctx := context.Background()
	draft := demo.Policies()[0]
	draft.Code, draft.Name = "newborn-v2", "新生儿育儿补贴（新版）"
	tomorrow := time.Date(2026, 12, 4, 0, 0, 0, 0, haoban.Beijing)

	t.Run("OK", func(t *testing.T) {
		p, s := newPolicies(t)
		r := asDemo(t, "catalogue-admin")
		v, err := p.SaveDraft(ctx, r, draft)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := p.Publish(ctx, r, v.Policy, v.Version, tomorrow)
		if err != nil {
			t.Fatal(err)
		}
		if pub.State != haoban.VersionPublished || pub.PublishedBy != "catalogue-admin" {
			t.Fatalf("published %+v", pub)
		}
		if n := len(s.audit); n != 2 || s.audit[1].Action != "policy_published" {
			t.Fatalf("audit %+v", s.audit)
		}
		if _, err := p.Publish(ctx, r, v.Policy, v.Version, tomorrow); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("second publish: %v", err)
		}
	})
	t.Run("ErrEveryProblemListed", func(t *testing.T) {
		p, _ := newPolicies(t)
		r := asDemo(t, "catalogue-admin")
		bad := draft
		bad.Conditions = []haoban.PolicyCondition{{Expression: `sources["x"] +`, Message: ""}, {Expression: `"a"`, Message: "m"}}
		bad.Amount, bad.Budget = `"三千"`, 0
		bad.Conditions = append(bad.Conditions, haoban.PolicyCondition{Expression: `sources["no.registry"] == 1`, Message: "m"})
		v, err := p.SaveDraft(ctx, r, bad)
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Publish(ctx, r, v.Policy, v.Version, tomorrow)
		wantCode(t, err, haoban.EINVALID)
		var fields []string
		for _, d := range err.(*haoban.Error).Details {
			fields = append(fields, d.Field)
		}
		want := "conditions[0].message budget conditions[0].expression conditions[1].expression amount route.text"
		if got := strings.Join(fields, " "); got != want {
			t.Fatalf("fields %q, want %q", got, want)
		}
	})
	t.Run("ErrEffectiveInThePast", func(t *testing.T) {
		p, _ := newPolicies(t)
		r := asDemo(t, "catalogue-admin")
		v, _ := p.SaveDraft(ctx, r, draft)
		_, err := p.Publish(ctx, r, v.Policy, v.Version, tomorrow.AddDate(0, 0, -2))
		if f := wantCode(t, err, haoban.EINVALID); f != "effective_from" {
			t.Fatalf("field %q", f)
		}
	})
	t.Run("ErrPlatformAdminEdits", func(t *testing.T) {
		p, _ := newPolicies(t)
		_, err := p.SaveDraft(ctx, asDemo(t, "admin"), draft)
		wantCode(t, err, haoban.EFORBIDDEN)
		_, err = p.Publish(ctx, asDemo(t, "admin"), "newborn-childcare-subsidy", 1, tomorrow)
		wantCode(t, err, haoban.EFORBIDDEN)
		_, err = p.List(ctx, asDemo(t, "zhang-wei"))
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("OKNeedsDerived", func(t *testing.T) {
		p, _ := newPolicies(t)
		v, err := p.Get(ctx, asDemo(t, "catalogue-admin"), "skills-upgrade-subsidy", 1)
		if err != nil {
			t.Fatal(err)
		}
		if v.Matchable || len(v.Needs) != 2 || v.Needs[0] != haoban.PolicyFacts["resident.address"] {
			t.Fatalf("needs %q matchable %v", v.Needs, v.Matchable)
		}
	})
}

// TestDemoPoliciesPublishable holds every demo policy to the publishing check.
func TestDemoPoliciesPublishable(t *testing.T) {
	p, _ := newPolicies(t)
	for _, pol := range demo.Policies() {
		if err := p.Check(pol); err != nil {
			t.Errorf("%s: %v %+v", pol.Code, err, err.(*haoban.Error).Details)
		}
	}
}
