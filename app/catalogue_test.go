package app_test

import (
	"context"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/rules"
)

func catalogueOf(t *testing.T) (*app.Catalogue, *store) {
	t.Helper()
	s := newStore()
	for _, r := range demo.Rules() {
		r.Version = 1
		s.rules = append(s.rules, r)
	}
	s.linkRules = demo.LinkRules()
	engine, err := rules.New(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &app.Catalogue{Store: s, Authz: authz(t), Engine: engine}, s
}

func TestCatalogueCheck(t *testing.T) {
	ctx := context.Background()
	c, s := catalogueOf(t)
	admin := as(t, s, "admin")
	t.Run("DemoBundlesPass", func(t *testing.T) {
		for _, b := range demo.Bundles() {
			wantCode(t, c.Check(ctx, admin, b), "")
		}
	})
	t.Run("EveryProblemAtOnce", func(t *testing.T) {
		b := demo.Newborn()
		b.Items[1].DependsOn = []string{"birth-certificat"}
		b.Items[2].PromisedDays = 16
		b.Items[3].Fields[0].Key = "insurance.begin" // the rule reads insurance.start
		err := c.Check(ctx, admin, b)
		wantCode(t, err, haoban.EUNPROCESSABLE)
		want := map[string]bool{"items[1].depends_on[0]": true, "items[2].promised_days": true,
			"rules[medical-insurance/start-not-before-birth].expression": true}
		got := haoban.ErrorDetails(err)
		for _, d := range got {
			delete(want, d.Field)
		}
		if len(want) != 0 || len(got) != 3 {
			t.Fatalf("details = %v, missing %v", got, want)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		for _, who := range []string{"supervisor", "reviewer-samr", "li-na"} {
			wantCode(t, c.Check(ctx, as(t, s, who), demo.Newborn()), haoban.EFORBIDDEN)
		}
	})
}
